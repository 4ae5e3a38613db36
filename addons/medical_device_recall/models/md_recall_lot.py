from odoo import fields, models

from odoo.addons.medical_device_gsp.models.stock_lot import quality_state_selection


class MdRecallLot(models.Model):
    """A lot or serial number in a recall's scope, with where its goods were when the scope was computed."""

    _name = "md.recall.lot"
    _description = "Lot in Recall Scope"
    _order = "recall_id desc, product_id, lot_id"

    recall_id = fields.Many2one("md.recall", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    recall_state = fields.Selection(related="recall_id.state", string="Recall Status")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", required=True, index=True, ondelete="restrict")
    product_id = fields.Many2one(related="lot_id.product_id", store=True, string="Device")
    expiration_date = fields.Datetime(related="lot_id.expiration_date")
    quality_state = fields.Selection(related="lot_id.md_quality_state", string="Quality Status")
    previous_state = fields.Selection(quality_state_selection, string="Status Before Recall", readonly=True)
    derived = fields.Boolean(string="Made From a Lot in Scope", readonly=True,
                             help="Relabelled or repacked from a lot in scope; found by the trace.")
    qty_in_stock = fields.Float(string="In Our Stock", digits="Product Unit of Measure", readonly=True)
    qty_in_transit = fields.Float(string="In Transit", digits="Product Unit of Measure", readonly=True)
    qty_at_customers = fields.Float(string="At Customers", digits="Product Unit of Measure", readonly=True)

    _sql_constraints = [("lot_unique", "UNIQUE(recall_id, lot_id)", "A lot is in a recall's scope only once.")]
