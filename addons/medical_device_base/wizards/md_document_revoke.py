from odoo import fields, models
from odoo.exceptions import UserError

REVOCABLE = ("md.certificate", "md.licence", "md.supplier.document")


class MdDocumentRevoke(models.TransientModel):
    _name = "md.document.revoke"
    _description = "Revoke a Certificate or Licence"

    res_model = fields.Char(required=True)
    res_id = fields.Integer(required=True)
    reason = fields.Text(required=True)

    def action_revoke(self):
        self.ensure_one()
        if self.res_model not in REVOCABLE:
            raise UserError(self.env._("Only certificates, licences and supplier documents can be revoked here."))
        if not self.env["md.compliance"]._md_is_qa_manager():
            raise UserError(self.env._("Only a QA manager may revoke a certificate or licence."))
        self.env[self.res_model].browse(self.res_id)._md_revoke(self.reason)
        return {"type": "ir.actions.act_window_close"}
