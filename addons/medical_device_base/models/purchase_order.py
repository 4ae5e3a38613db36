from odoo import fields, models


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "md.override.mixin"]

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
        self.env["md.compliance"]._md_stamp_certificates(
            self.filtered(lambda o: o.state in ("purchase", "done")).order_line)
        return result

    def button_draft(self):
        # An override covers one confirmation: a reworked order is checked afresh.
        self._md_workflow_write({"md_override_reason": False, "md_override_user_id": False,
                                 "md_override_date": False})
        return super().button_draft()
