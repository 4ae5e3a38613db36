from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "md.override.mixin"]

    def action_confirm(self):
        compliance = self.env["md.compliance"]
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            compliance._md_enforce(order, order.partner_id, order.order_line.product_id,
                                   fields.Date.context_today(order), "customer")
        result = super().action_confirm()
        compliance._md_stamp_certificates(self.order_line)
        return result
