from odoo import api, fields, models
from odoo.exceptions import UserError

RESULTS = [("pass", "Pass"), ("fail", "Fail"), ("na", "Not Applicable")]


class MdEquipmentInstallationLine(models.Model):
    """One checked item of an installation acceptance; signed and frozen with it."""

    _name = "md.equipment.installation.line"
    _description = "Installation Acceptance Item"
    _inherit = ["md.signable.mixin"]
    _order = "installation_id, sequence, id"

    _md_signed_fields = ["sequence", "name", "result", "note"]

    installation_id = fields.Many2one("md.equipment.installation", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="installation_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    result = fields.Selection(RESULTS)
    note = fields.Char()

    def _md_refuse_if_signed(self, installations):
        if self.env.su and self.env.context.get("md_signing"):
            return
        frozen = installations.filtered(lambda i: i.md_signed or i.state != "draft")
        if frozen:
            raise UserError(self.env._(
                "%s is signed; its checklist can no longer be changed. Create a correction with a reason instead.",
                ", ".join(frozen.mapped("name"))))

    def write(self, vals):
        self._md_refuse_if_signed(self.installation_id)
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        self._md_refuse_if_signed(self.env["md.equipment.installation"].browse(
            {vals["installation_id"] for vals in vals_list if vals.get("installation_id")}))
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_installation_signed(self):
        self._md_refuse_if_signed(self.installation_id)
