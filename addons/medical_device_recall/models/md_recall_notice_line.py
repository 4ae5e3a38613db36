from odoo import api, fields, models


class MdRecallNoticeLine(models.Model):
    """A lot named in a notice: what the consignee received, confirms it has and returns, and what came back."""

    _name = "md.recall.notice.line"
    _description = "Recall Notice Lot"
    _inherit = ["md.workflow.mixin"]
    _order = "notice_id, lot_id"

    # What was delivered comes from the trace, what the consignee confirms from its acknowledgement (link or
    # wizard) and what came back from the transfers: none of it is typed on the line.
    _md_workflow_fields = ("notice_id", "lot_id", "delivery_refs", "qty_delivered", "qty_to_recall",
                           "qty_on_hand", "qty_returned", "qty_retrieved", "recall_id", "company_id", "partner_id",
                           "product_id")

    notice_id = fields.Many2one("md.recall.notice", required=True, ondelete="cascade", index=True)
    recall_id = fields.Many2one(related="notice_id.recall_id", store=True, index=True)
    company_id = fields.Many2one(related="notice_id.company_id", store=True)
    partner_id = fields.Many2one(related="notice_id.partner_id", store=True, string="Consignee")
    notice_state = fields.Selection(related="notice_id.state", string="Notice Status")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", required=True, ondelete="restrict")
    product_id = fields.Many2one(related="lot_id.product_id", store=True, string="Device")
    uom_id = fields.Many2one(related="product_id.uom_id")
    delivery_refs = fields.Char(string="Deliveries", readonly=True)
    qty_delivered = fields.Float(string="Delivered", digits="Product Unit of Measure", readonly=True)
    qty_to_recall = fields.Float(string="To Recall", digits="Product Unit of Measure", readonly=True,
                                 help="Delivered less what the consignee had already sent back when the recall "
                                      "started.")
    qty_on_hand = fields.Float(string="On Hand (Confirmed)", digits="Product Unit of Measure", readonly=True,
                               help="What the consignee confirms it still holds.")
    qty_returned = fields.Float(string="Returned (Confirmed)", digits="Product Unit of Measure", readonly=True,
                                help="What the consignee confirms it has sent or will send back.")
    qty_used = fields.Float(string="Used or Implanted", compute="_compute_qty_used", digits="Product Unit of Measure")
    qty_retrieved = fields.Float(string="Retrieved", digits="Product Unit of Measure", readonly=True,
                                 help="Received back from this consignee since the recall started.")

    @api.depends("qty_to_recall", "qty_on_hand", "qty_returned", "notice_state")
    def _compute_qty_used(self):
        for line in self:
            line.qty_used = max(line.qty_to_recall - line.qty_on_hand - line.qty_returned, 0.0) \
                if line.notice_state == "acknowledged" else 0.0
