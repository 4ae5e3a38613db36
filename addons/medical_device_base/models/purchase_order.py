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

    def _md_compliance_destination(self):
        # Drop-shipped goods go to the customer's address; the others to the receiving warehouse.
        self.ensure_one()
        return (self.dest_address_id or self.picking_type_id.warehouse_id.partner_id
                or self.company_id.partner_id)

    def button_confirm(self):
        self._md_check_compliance()
        return super().button_confirm()

    def button_approve(self, force=False):
        self._md_check_compliance()
        result = super().button_approve(force=force)
        confirmed = self.filtered(lambda o: o.state in ("purchase", "done"))
        compliance = self.env["md.compliance"]
        compliance._md_stamp_certificates(confirmed.order_line)
        for order in confirmed:
            compliance._md_stamp_authorisations(order.order_line, order._md_compliance_destination())
        return result

    def button_draft(self):
        # An override covers one confirmation: a reworked order is checked afresh.
        self._md_workflow_write({"md_override_reason": False, "md_override_user_id": False,
                                 "md_override_date": False})
        return super().button_draft()
