import logging

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, UserError
from odoo.tools.misc import format_datetime

from ..models.md_signature import MEANINGS

_logger = logging.getLogger(__name__)


class MdSignatureWizard(models.TransientModel):
    """Asks for the signer's password again (21 CFR 11.200: both identification components)."""

    _name = "md.signature.wizard"
    _description = "Sign Record"
    _transient_max_hours = 0.1

    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(required=True, readonly=True)
    record_name = fields.Char(compute="_compute_record_name")
    meaning = fields.Selection(MEANINGS, required=True, readonly=True)
    signer_name = fields.Char(string="Printed Name", default=lambda self: self.env.user.name, readonly=True)
    password = fields.Char()
    comment = fields.Text()
    statement = fields.Char(compute="_compute_record_name")

    @api.depends("res_model", "res_id", "meaning")
    def _compute_record_name(self):
        meanings = self.env["md.signature"]._md_meaning_labels()
        for wizard in self:
            signable = wizard.res_model in self.env and "md_signed" in self.env[wizard.res_model]._fields
            record = self.env[wizard.res_model].browse(wizard.res_id).exists() if signable else None
            wizard.record_name = record.display_name if record else False
            wizard.statement = record and self.env._(
                "I, %(name)s, sign %(record)s with the meaning \"%(meaning)s\".",
                name=self.env.user.name, record=record.display_name,
                meaning=meanings.get(wizard.meaning, wizard.meaning or ""))

    def _record(self):
        if not self.res_model or self.res_model not in self.env \
                or "md_signed" not in self.env[self.res_model]._fields:
            raise UserError(self.env._("This record cannot be signed."))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The record to sign no longer exists."))
        return record

    def _md_log_refusal(self, record):
        """Keep a trace of the refused attempt even though this transaction rolls back.

        Returns the end of the lockout this attempt started, or False.
        """
        _logger.warning("Signature refused for user %s (id %s) on %s,%s as %s: wrong password",
                        self.env.user.login, self.env.uid, record._name, record.id, self.meaning)
        locked_until = False
        try:
            with self.env.registry.cursor() as cr:
                env = self.env(cr=cr)
                env[self._name].browse(self.id).exists().write({"password": False})
                target = env[record._name].browse(record.id)
                locked_until = env["md.signature.attempt"]._md_record_failure(target, self.meaning)
                if hasattr(target, "_message_log"):
                    target.sudo()._message_log(
                        body=env._("Signature refused: wrong password entered by %(user)s (meaning: %(meaning)s).",
                                   user=self.env.user.name, meaning=self.meaning),
                        author_id=self.env.user.partner_id.id)
        # pylint: disable-next=broad-exception-caught
        except Exception:  # noqa: BLE001 - the refusal itself must still reach the user
            _logger.exception("Could not record the refused signature")
        return locked_until

    def action_sign(self):
        self.ensure_one()
        record = self._record()
        # Rights first, so that the prompt is no password oracle for people who may not sign.
        record._md_check_can_sign(self.meaning)
        # A blocked user cannot sign even with the right password (21 CFR 11.300(d)).
        self.env["md.signature.attempt"]._md_check_not_locked(self.env.user)
        try:
            self.env.user._check_credentials(
                {"login": self.env.user.login, "password": self.password or "", "type": "password"},
                {"interactive": True})
        except AccessDenied:
            locked_until = self._md_log_refusal(record)
            message = self.env._("Wrong password: %s was not signed.", record.display_name)
            if locked_until:
                message += "\n" + self.env._(
                    "Too many wrong passwords: you cannot sign until %s. A QA manager has been informed.",
                    format_datetime(self.env, locked_until, dt_format="yyyy-MM-dd HH:mm"))
            raise UserError(message) from None
        self.password = False
        record._md_sign(self.meaning, self.comment)
        return {"type": "ir.actions.act_window_close"}
