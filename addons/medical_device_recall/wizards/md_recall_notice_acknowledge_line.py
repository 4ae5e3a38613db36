from odoo import fields, models


class MdRecallNoticeAcknowledgeLine(models.TransientModel):
    """What the consignee confirms for one lot of its notice."""

    _name = "md.recall.notice.acknowledge.line"
    _description = "Record Recall Acknowledgement: Lot"

    wizard_id = fields.Many2one("md.recall.notice.acknowledge", required=True, ondelete="cascade")
    notice_line_id = fields.Many2one("md.recall.notice.line", required=True, readonly=True, ondelete="cascade")
    lot_id = fields.Many2one(related="notice_line_id.lot_id")
    product_id = fields.Many2one(related="notice_line_id.product_id")
    qty_to_recall = fields.Float(related="notice_line_id.qty_to_recall")
    qty_on_hand = fields.Float(string="On Hand", digits="Product Unit of Measure",
                               help="What the consignee confirms it still holds.")
    qty_returned = fields.Float(string="Returned", digits="Product Unit of Measure",
                                help="What the consignee confirms it has sent or will send back.")
