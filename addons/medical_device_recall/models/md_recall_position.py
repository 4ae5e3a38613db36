from odoo import fields, models


class MdRecallPosition(models.Model):
    """Where goods of a recalled lot are: a place in our stock or in transit, or a consignee's delivery
    (negative for what the consignee sent back)."""

    _name = "md.recall.position"
    _description = "Recall Trace Line"
    _order = "kind, partner_id, date, id"

    recall_id = fields.Many2one("md.recall", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    kind = fields.Selection([("stock", "Our Stock"), ("transit", "In Transit"), ("customer", "Consignee")],
                            required=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", required=True, ondelete="restrict")
    product_id = fields.Many2one(related="lot_id.product_id", store=True, string="Device")
    location_id = fields.Many2one("stock.location")
    partner_id = fields.Many2one("res.partner", string="Consignee", index="btree_not_null")
    picking_id = fields.Many2one("stock.picking", string="Transfer")
    date = fields.Datetime(string="Date (UTC)")
    quantity = fields.Float(digits="Product Unit of Measure")
