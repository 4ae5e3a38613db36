from odoo import fields, models


class PurchaseRequisition(models.Model):
    _inherit = "purchase.requisition"

    md_award_count = fields.Integer(string="Awards", compute="_compute_md_award_count")

    def _compute_md_award_count(self):
        counts = dict(self.env["md.tender.award"]._read_group(
            [("requisition_id", "in", self.ids)], ["requisition_id"], ["__count"]))
        for requisition in self:
            requisition.md_award_count = counts.get(requisition, 0)

    def action_md_compare_bids(self):
        self.ensure_one()
        return self.env["purchase.order.line"]._md_comparison_action(self.purchase_ids._md_tender_bids())

    def action_md_open_awards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("medical_device_procurement.md_tender_award_action")
        action["domain"] = [("requisition_id", "=", self.id)]
        return action
