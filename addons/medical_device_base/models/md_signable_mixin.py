import base64
import hashlib

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_repr

from .md_compliance import MIN_REASON_LENGTH

QA_GROUP = "medical_device_base.group_md_qa_manager"
# Set only by signing and by corrections, never by a client.
SIGNING_FIELDS = {"md_signed", "md_corrected", "md_correction_of", "md_correction_reason"}


class MdSignableMixin(models.AbstractModel):
    """Electronic signatures for a regulated record.

    A model lists its regulated fields in ``_md_signed_fields``. Once signed,
    those fields are frozen (for everybody, managers included) and the record
    cannot be deleted; a mistake is fixed by a correction: a new record that
    names the original and a reason.
    """

    _name = "md.signable.mixin"
    _description = "Signable Record"

    # Regulated fields whose content the signature covers.
    _md_signed_fields = []
    # meaning -> group xml id allowed to sign with that meaning; a meaning not
    # listed cannot be used on the model at all.
    _md_signature_groups = {
        "reviewed": "base.group_user",
        "approved": QA_GROUP,
        "released": QA_GROUP,
        "rejected": QA_GROUP,
        "closed": QA_GROUP,
    }
    # Records that must carry a signature beyond the signed ones: a list of
    # (domain, meaning), e.g. [([("stage", "=", "closed")], "closed")]. A record
    # matching the domain without a signature of that meaning is reported by
    # md.signature.verify() as "unsigned", so deleting the signature of a signed
    # state cannot go unnoticed.
    _md_required_signatures = []

    md_signed = fields.Boolean(string="Signed", readonly=True, copy=False, index=True)
    md_signature_manifest = fields.Html(string="Signature", compute="_compute_md_signature_manifest",
                                        sanitize=False)
    md_correction_of = fields.Reference(string="Correction Of", selection="_md_reference_selection",
                                        readonly=True, copy=False)
    md_correction_reason = fields.Text(string="Correction Reason", readonly=True, copy=False)
    md_corrected = fields.Boolean(string="Corrected", readonly=True, copy=False,
                                  help="A correction replaces this record; it stays as evidence.")

    @api.model
    def _md_reference_selection(self):
        return [(self._name, self._description)]

    @api.depends_context("lang")
    def _compute_md_signature_manifest(self):
        signatures = self.env["md.signature"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)], order="id")
        for rec in self:
            rec.md_signature_manifest = Markup("").join(
                Markup('<div class="o_md_signature">%s</div>') % sig.manifestation
                for sig in signatures if sig.res_id == rec.id) or False

    # Content -----------------------------------------------------------------

    def _md_field_value(self, name):
        """A field's value in a form that is stable across reads and renames."""
        field = self._fields[name]
        value = self[name]
        if field.type == "many2one":
            return value.id or None
        if field.type in ("one2many", "many2many"):
            if hasattr(value, "_md_signed_content") and value._md_signed_fields:
                return [line._md_signed_content() for line in value.sorted("id")]
            return sorted(value.ids)
        if field.type in ("float", "monetary"):
            digits = field.get_digits(self.env) if field.type == "float" else None
            if value is False or value is None:
                return None
            return float_repr(value, digits[1]) if digits else repr(float(value))
        if field.type in ("date", "datetime"):
            return field.to_string(value) if value else None
        if field.type == "binary":
            return hashlib.sha256(base64.b64decode(value)).hexdigest() if value else None
        if value is False and field.type != "boolean":
            return None
        return value

    def _md_signed_content(self):
        self.ensure_one()
        content = {name: self._md_field_value(name) for name in self._md_signed_fields}
        content["_model"] = self._name
        content["_id"] = self.id
        return content

    # Locks -------------------------------------------------------------------

    def _md_locked_fields(self):
        return set(self._md_signed_fields) | {
            "md_signed", "md_corrected", "md_correction_of", "md_correction_reason"}

    def write(self, vals):
        signing = self.env.su and self.env.context.get("md_signing")
        touched = not signing and self._md_locked_fields() & set(vals)
        if touched:
            signed = self.filtered("md_signed")
            if signed:
                labels = sorted(self._fields[name]._description_string(self.env) for name in touched)
                raise UserError(self.env._(
                    "%(records)s is signed; %(fields)s can no longer be changed. "
                    "Create a correction with a reason instead.",
                    records=", ".join(signed.mapped("display_name")), fields=", ".join(labels)))
            if SIGNING_FIELDS & set(vals):
                raise UserError(self.env._("A record becomes signed only through an electronic signature."))
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        # A record is born unsigned and uncorrected: signing and correcting set these fields themselves.
        if not (self.env.su and self.env.context.get("md_signing")) and any(
                vals.get(name) for vals in vals_list for name in SIGNING_FIELDS):
            raise UserError(self.env._("A record becomes signed only through an electronic signature."))
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_signed(self):
        signed = self.filtered("md_signed")
        if signed:
            raise UserError(self.env._(
                "%s is signed and cannot be deleted; create a correction with a reason instead.",
                ", ".join(signed.mapped("display_name"))))

    # Signing -----------------------------------------------------------------

    def _md_check_can_sign(self, meaning):
        self.ensure_one()
        group = self._md_signature_groups.get(meaning)
        label = self.env["md.signature"]._md_meaning_labels().get(meaning, meaning)
        if not group:
            raise UserError(self.env._("%(record)s cannot be signed as \"%(meaning)s\".",
                                       record=self.display_name, meaning=label))
        if not self.env.user.has_group(group):
            raise AccessError(self.env._(
                "Only members of %(group)s may sign %(record)s as \"%(meaning)s\".",
                group=self.env.ref(group).sudo().full_name, record=self.display_name, meaning=label))
        self.check_access("read")

    def _md_check_before_signing(self, meaning):
        """Hook: raise if the record is not complete enough to be signed."""

    @api.model
    def _md_signature_requirements(self):
        """(domain, meaning or None) pairs: records matching the domain must carry a signature with
        that meaning (None: any meaning). Every signed record needs one; models add their signed
        states in ``_md_required_signatures``."""
        return [([("md_signed", "=", True)], None)] + list(self._md_required_signatures)

    def action_sign(self, meaning="approved"):
        """Open the password prompt; the signature is made by the wizard."""
        self.ensure_one()
        self._md_check_can_sign(meaning)
        self.env["md.signature.attempt"]._md_check_not_locked(self.env.user)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign"),
            "res_model": "md.signature.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_meaning": meaning,
            },
        }

    def _md_sign(self, meaning, comment=None):
        """Sign after the identity check; every check runs before anything is written."""
        self.ensure_one()
        self._md_check_can_sign(meaning)
        # Whatever path leads here, a user blocked after wrong passwords does not sign (21 CFR 11.300(d)).
        self.env["md.signature.attempt"]._md_check_not_locked(self.env.user)
        self._md_check_before_signing(meaning)
        signature = self.env["md.signature"]._md_create(self, meaning, comment)
        if not self.md_signed:
            self.sudo().with_context(md_signing=True).write({"md_signed": True})
        body = Markup("%s<br/>%s") % (
            self.env._("Electronically signed: %s", signature.manifestation),
            self.env._("SHA-256 %s", signature.digest))
        if comment:
            body += Markup("<br/>") + escape(comment)
        self._md_log(body)
        return signature

    def _md_log(self, body):
        # A log note, not a message: it needs no e-mail address and notifies nobody.
        if hasattr(self, "_message_log"):
            self._message_log(body=body, author_id=self.env.user.partner_id.id)

    # Corrections -------------------------------------------------------------

    def _md_correction_default(self):
        return {}

    def _md_create_correction(self, reason):
        """A new, unsigned copy that names this record and the reason; this record stays as it was."""
        self.ensure_one()
        if not self.md_signed:
            raise UserError(self.env._("%s is not signed; change it directly.", self.display_name))
        if self.md_corrected:
            raise UserError(self.env._("%s has already been corrected; correct the correction instead.",
                                       self.display_name))
        reason = self.env["md.compliance"]._md_required_reason(
            reason, self.env._("Explain the correction in at least %s characters.", MIN_REASON_LENGTH))
        # Flag the original first: models with uniqueness rules let a
        # correction reuse the identifiers of the record it replaces.
        self.sudo().with_context(md_signing=True).write({"md_corrected": True})
        correction = self.copy(self._md_correction_default())
        correction.sudo().with_context(md_signing=True).write({
            "md_correction_of": "%s,%s" % (self._name, self.id),
            "md_correction_reason": reason,
        })
        self._md_log(self.env._("Corrected by %(record)s: %(reason)s",
                                record=correction.display_name, reason=reason))
        correction._md_log(self.env._("Correction of %(record)s: %(reason)s",
                                      record=self.display_name, reason=reason))
        return correction

    def action_md_correct(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct"),
            "res_model": "md.signature.correction",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }
