from odoo import Command, fields, models
from odoo.exceptions import UserError


class MdAcceptance(models.Model):
    _inherit = "md.acceptance"

    md_return_ids = fields.One2many("md.return", "acceptance_id", string="Returns to Vendor")

    def action_md_return_to_vendor(self):
        """A draft return to the supplier of what this acceptance rejected."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda l: l.qty_rejected > 0)
        if not self.md_signed or not lines:
            raise UserError(self.env._("Only a signed acceptance with rejected quantities can be returned to the "
                                       "supplier."))
        current = self.md_return_ids.filtered(lambda r: r.state != "cancel")
        if current:
            raise UserError(self.env._("%(record)s already returns the rejected quantities of %(acceptance)s.",
                                       record=current[0].name, acceptance=self.name))
        grade = self.env["md.return.grade"].search([("code", "=", "quality_defect")], limit=1)
        warehouse = self.picking_id.picking_type_id.warehouse_id
        record = self.env["md.return"].create({
            "return_type": "vendor",
            "grade_id": grade.id,
            "partner_id": self.partner_id.id,
            "origin_picking_id": self.picking_id.id,
            "acceptance_id": self.id,
            "company_id": self.company_id.id,
            "warehouse_id": warehouse.id,
            "reason": "\n".join(f"{l.lot_id.name}: {l.reason}" for l in lines if l.reason) or self.name,
            "line_ids": [Command.create({
                "product_id": l.product_id.id, "lot_id": l.lot_id.id, "quantity": l.qty_rejected,
                "location_id": warehouse.md_nonconforming_location_id.id}) for l in lines],
        })
        return {"type": "ir.actions.act_window", "res_model": "md.return", "res_id": record.id, "view_mode": "form"}
