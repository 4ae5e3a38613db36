import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools.misc import format_datetime

from .md_signature import MEANINGS

_logger = logging.getLogger(__name__)

QA_GROUP = "medical_device_base.group_md_qa_manager"
# ir.config_parameter keys and defaults of the lockout (21 CFR 11.300(d)).
LOCK_SETTINGS = {
    "medical_device_base.signature_lock_attempts": 5,
    "medical_device_base.signature_lock_window": 15,
    "medical_device_base.signature_lock_minutes": 15,
}


class MdSignatureAttempt(models.Model):
    """A wrong password entered at signing (21 CFR 11.300(d)).

    Written through a cursor of its own, so that it stays when the refused
    request rolls back; nobody changes or deletes it. Too many of them in a
    short time block the user from signing for a while.
    """

    _name = "md.signature.attempt"
    _description = "Failed Signature Attempt"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.evidence.mixin"]
    _order = "attempted_at desc, id desc"
    _rec_name = "user_id"
    # QA managers only read attempts, yet must be able to close the lockout activity on them.
    _mail_post_access = "read"

    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True,
                              ondelete="restrict")
    attempted_at = fields.Datetime(string="Attempted At (UTC)", required=True, readonly=True, index=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model", readonly=True)
    record_name = fields.Char(string="Document", readonly=True)
    meaning = fields.Selection(MEANINGS, readonly=True)
    remote_addr = fields.Char(string="Address", readonly=True, help="Network address the attempt came from.")
    locked_until = fields.Datetime(string="Signing Blocked Until (UTC)", readonly=True,
                                   help="Set on the attempt that blocked the user from signing.")
    company_id = fields.Many2one("res.company", readonly=True, index=True)

    def _md_evidence_refusal(self, operation):
        return {
            "create": self.env._("Failed signature attempts are recorded only by the signing prompt."),
            "write": self.env._("A failed signature attempt cannot be changed."),
            "unlink": self.env._("A failed signature attempt cannot be deleted."),
        }[operation]

    # Settings ----------------------------------------------------------------

    @api.model
    def _md_lock_settings(self):
        """(attempts, window minutes, lock minutes) from the system parameters."""
        params = self.env["ir.config_parameter"].sudo()
        values = []
        for key, default in LOCK_SETTINGS.items():
            try:
                value = int(params.get_param(key, default))
            except (TypeError, ValueError):
                value = default
            values.append(value if value > 0 else default)
        return tuple(values)

    # Lockout -----------------------------------------------------------------

    @api.model
    def _md_locked_until(self, user):
        """The end of the user's current lockout, or False."""
        last = self.sudo().search([("user_id", "=", user.id), ("locked_until", ">", fields.Datetime.now())],
                                  order="locked_until desc", limit=1)
        return last.locked_until

    @api.model
    def _md_check_not_locked(self, user):
        until = self._md_locked_until(user)
        if until:
            raise UserError(self.env._(
                "Too many wrong passwords: %(user)s cannot sign until %(until)s. "
                "A QA manager has been informed.",
                user=user.name, until=format_datetime(self.env, until, dt_format="yyyy-MM-dd HH:mm")))

    @api.model
    def _md_record_failure(self, record, meaning):
        """Record a wrong password of the current user on ``record``; block signing after too many.

        Returns the end of the lockout this attempt started, or False. The caller runs this in
        a cursor of its own.
        """
        user = self.env.user
        now = fields.Datetime.now()
        # One value per key of LOCK_SETTINGS, which pylint cannot count through the loop that builds them.
        # pylint: disable-next=unbalanced-tuple-unpacking
        attempts, window, minutes = self._md_lock_settings()
        # Attempts before the end of the last lockout were paid for by that lockout.
        last_lock = self.sudo().search([("user_id", "=", user.id), ("locked_until", "!=", False)],
                                       order="locked_until desc", limit=1).locked_until
        since = max(now - timedelta(minutes=window), last_lock) if last_lock else now - timedelta(minutes=window)
        earlier = self.sudo().search_count([("user_id", "=", user.id), ("attempted_at", ">", since)])
        locked_until = now + timedelta(minutes=minutes) if earlier + 1 >= attempts else False
        company = record.company_id if "company_id" in record._fields and record.company_id else self.env.company
        # The user who failed does not follow (nor see) the record of the attempt.
        attempt = self._md_evidence_create({
            "user_id": user.id,
            "attempted_at": now,
            "res_model": record._name,
            "res_id": record.id,
            "record_name": record.sudo().display_name,
            "meaning": meaning,
            "remote_addr": request.httprequest.remote_addr if request else False,
            "locked_until": locked_until,
            "company_id": company.id,
        }, mail_create_nolog=True, mail_create_nosubscribe=True)
        if locked_until:
            _logger.warning("Signing blocked for user %s (id %s) until %s after %s wrong passwords",
                            user.login, user.id, locked_until, earlier + 1)
            attempt._md_notify_lock(earlier + 1)
        return locked_until

    def _md_notify_lock(self, count):
        """An activity for every QA manager who can see the attempt."""
        self.ensure_one()
        managers = self.env.ref(QA_GROUP).sudo().users.filtered(
            lambda u: u.active and not u.share and self.company_id in u.company_ids)
        for manager in managers:
            self.sudo().activity_schedule(
                "medical_device_base.mail_activity_signature_lockout", user_id=manager.id,
                summary=self.env._("%s blocked from signing", self.user_id.name),
                note=self.env._(
                    "%(user)s entered %(count)s wrong passwords when signing (last on %(record)s, from %(address)s) "
                    "and cannot sign until %(until)s UTC. Check whether someone else tried to use this signature.",
                    user=self.user_id.name, count=count, record=self.record_name or "",
                    address=self.remote_addr or "?", until=fields.Datetime.to_string(self.locked_until)))
