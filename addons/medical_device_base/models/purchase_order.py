from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    md_override_reason = fields.Text(string="Compliance Override Reason", readonly=True, copy=False)
    md_override_user_id = fields.Many2one("res.users", string="Overridden By", readonly=True, copy=False)
    md_override_date = fields.Datetime(string="Overridden On", readonly=True, copy=False)

    def _md_check_compliance(self):
        # Confirming calls button_approve in the same transaction: check once.
        checked = self.env.cr.precommit.data.setdefault("md_compliance_checked_po", set())
        compliance = self.env["md.compliance"]
        for order in self.filtered(lambda o: o.state in ("draft", "sent", "to approve")):
            if order.id in checked or (order.state == "to approve" and order.md_override_reason):
                continue
            compliance._md_enforce(order, order.partner_id, order.order_line.product_id,
                                   fields.Date.context_today(order), "supplier")
            checked.add(order.id)

    def button_confirm(self):
        self._md_check_compliance()
        return super().button_confirm()

    def button_approve(self, force=False):
        self._md_check_compliance()
        result = super().button_approve(force=force)
        # Keep the certificate in force at confirmation on each line, as evidence.
        for line in self.filtered(lambda o: o.state in ("purchase", "done")).order_line:
            if line.product_id.is_medical_device and not line.md_certificate_id:
                line.md_certificate_id = line.product_id.md_certificate_id
        return result

    def button_draft(self):
        # An override covers one confirmation: a reworked order is checked afresh.
        self.write({"md_override_reason": False, "md_override_user_id": False, "md_override_date": False})
        return super().button_draft()

    def action_md_override(self):
        self.ensure_one()
        return self.env["md.compliance"]._md_override_action(self)
