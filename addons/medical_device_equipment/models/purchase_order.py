from odoo import api, fields, models
from odoo.exceptions import UserError


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    md_equipment_count = fields.Integer(compute="_compute_md_equipment_count")

    @api.depends("order_line")
    def _compute_md_equipment_count(self):
        counts = dict(self.env["maintenance.equipment"].sudo()._read_group(
            [("md_purchase_line_id.order_id", "in", self.ids)], ["md_purchase_line_id"], ["__count"]))
        for order in self:
            order.md_equipment_count = sum(count for line, count in counts.items() if line.order_id == order)

    def action_md_register_equipment(self):
        """Register the serial numbers of this order's done receipts not registered yet."""
        self.ensure_one()
        receipts = self.picking_ids.filtered(lambda p: p.picking_type_code == "incoming" and p.state == "done")
        receipts -= receipts.filtered("md_equipment_ids")
        if not receipts:
            raise UserError(self.env._("%s has no done receipt whose equipment is still to register.",
                                       self.display_name))
        return receipts.action_md_register_equipment()

    def action_md_view_equipment(self):
        self.ensure_one()
        equipment = self.env["maintenance.equipment"].search([("md_purchase_line_id.order_id", "=", self.id)])
        return equipment._md_list_action()
