from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    md_override_reason = fields.Text(string="Compliance Override Reason", readonly=True, copy=False)
    md_override_user_id = fields.Many2one("res.users", string="Overridden By", readonly=True, copy=False)
    md_override_date = fields.Datetime(string="Overridden On", readonly=True, copy=False)

    def action_confirm(self):
        compliance = self.env["md.compliance"]
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            compliance._md_enforce(order, order.partner_id, order.order_line.product_id,
                                   fields.Date.context_today(order), "customer")
        result = super().action_confirm()
        for line in self.order_line:
            if line.product_id.is_medical_device and not line.md_certificate_id:
                line.md_certificate_id = line.product_id.md_certificate_id
        return result

    def action_md_override(self):
        self.ensure_one()
        return self.env["md.compliance"]._md_override_action(self)
