from odoo import fields, models

from odoo.addons.medical_device_gsp.models.stock_lot import quality_state_selection

ORIGINS = [
    ("stock", "On Hand"),
    ("quarantine", "In Quarantine"),
    ("incoming", "Receipt to Quarantine"),
]

REASONS = [
    ("expired", "Expired"),
    ("status", "Not released (quality status)"),
    ("past_sell_by", "Below the customers' minimum shelf life"),
    ("unsold", "Will not be sold before its sell-by date"),
    ("after_horizon", "Accepted only after the forecast date"),
]


class MdReplenishmentExplanationLine(models.TransientModel):
    """One lot of a replenishment explanation: what Odoo counts, what is counted, and why."""

    _name = "md.replenishment.explanation.line"
    _description = "Why this Replenishment Quantity: Lot"
    _order = "explanation_id, id"

    explanation_id = fields.Many2one("md.replenishment.explanation", required=True, ondelete="cascade",
                                     readonly=True, index=True)
    company_id = fields.Many2one(related="explanation_id.company_id", store=True)
    lot_id = fields.Many2one("stock.lot", readonly=True)
    location_id = fields.Many2one("stock.location", readonly=True)
    origin = fields.Selection(ORIGINS, readonly=True)
    quality_state = fields.Selection(quality_state_selection, string="Quality Status", readonly=True)
    expiration_date = fields.Datetime(readonly=True)
    sell_by_date = fields.Date(string="Sell-by Date", readonly=True,
                               help="Expiration date minus the customers' minimum remaining shelf life.")
    available_date = fields.Date(string="Available from", readonly=True)
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", readonly=True)
    odoo_qty = fields.Float(string="Counted by Odoo", digits="Product Unit of Measure", readonly=True)
    net_qty = fields.Float(string="Counted", digits="Product Unit of Measure", readonly=True)
    discounted_qty = fields.Float(string="Discounted", digits="Product Unit of Measure", readonly=True)
    reason = fields.Selection(REASONS, string="Why Discounted", readonly=True)
