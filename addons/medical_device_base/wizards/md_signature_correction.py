from odoo import fields, models
from odoo.exceptions import UserError


class MdSignatureCorrection(models.TransientModel):
    """Creates the correction of a signed record, with the reason."""

    _name = "md.signature.correction"
    _description = "Correct Signed Record"

    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_correct(self):
        self.ensure_one()
        if self.res_model not in self.env or "md_signed" not in self.env[self.res_model]._fields:
            raise UserError(self.env._("This record cannot be corrected."))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The record to correct no longer exists."))
        correction = record._md_create_correction(self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": correction._name,
            "res_id": correction.id,
            "view_mode": "form",
            "target": "current",
        }
