from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    md_expiry_horizon_long = fields.Integer(related="company_id.md_expiry_horizon_long", readonly=False)
    md_expiry_horizon_short = fields.Integer(related="company_id.md_expiry_horizon_short", readonly=False)
    md_qa_responsible_id = fields.Many2one(related="company_id.md_qa_responsible_id", readonly=False)
    # Lockout after wrong passwords at signing (21 CFR 11.300(d)); one policy for the database,
    # since a user signs for several companies with the same password.
    md_signature_lock_attempts = fields.Integer(
        string="Wrong Passwords Before Lockout", default=5,
        config_parameter="medical_device_base.signature_lock_attempts")
    md_signature_lock_window = fields.Integer(
        string="Counted Over (minutes)", default=15,
        config_parameter="medical_device_base.signature_lock_window")
    md_signature_lock_minutes = fields.Integer(
        string="Lockout (minutes)", default=15,
        config_parameter="medical_device_base.signature_lock_minutes")

    @api.constrains("md_signature_lock_attempts", "md_signature_lock_window", "md_signature_lock_minutes")
    def _check_md_signature_lock(self):
        for settings in self:
            if min(settings.md_signature_lock_attempts, settings.md_signature_lock_window,
                   settings.md_signature_lock_minutes) < 1:
                raise ValidationError(self.env._("Signature lockout: every number must be at least 1."))
