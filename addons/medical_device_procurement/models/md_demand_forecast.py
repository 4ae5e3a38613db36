from odoo import api, fields, models

METHODS = [
    ("moving_average", "Moving Average"),
    ("ses", "Simple Exponential Smoothing"),
    ("holt_winters", "Holt-Winters (seasonal)"),
]


class MdDemandForecast(models.Model):
    """Forecast demand of one product in one warehouse, computed from its done deliveries.

    One record per (product, warehouse), recomputed in place: replenishment reads
    ``daily_demand`` and ``daily_sigma`` from here, never from a second source.
    """

    _name = "md.demand.forecast"
    _description = "Demand Forecast"
    _order = "warehouse_id, product_id"
    _rec_name = "product_id"

    product_id = fields.Many2one("product.product", required=True, index=True, ondelete="cascade",
                                 readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", required=True, index=True, ondelete="cascade",
                                   readonly=True)
    company_id = fields.Many2one(related="warehouse_id.company_id", store=True, index=True)
    uom_id = fields.Many2one(related="product_id.uom_id")
    method = fields.Selection(METHODS, required=True, default="moving_average", readonly=True)
    daily_demand = fields.Float(string="Forecast Demand per Day", digits="Product Unit of Measure",
                                readonly=True)
    daily_sigma = fields.Float(string="Standard Deviation per Day", digits="Product Unit of Measure",
                               readonly=True,
                               help="Variability of daily demand: the safety stock grows with it.")
    mape = fields.Float(string="MAPE (%)", digits=(16, 1), readonly=True,
                        help="Mean absolute percentage error of the method over the holdout period: "
                             "how far its forecasts were from what was really delivered.")
    history_days = fields.Integer(string="History (days)", readonly=True)
    date_computed = fields.Datetime(string="Computed on", readonly=True)
    note = fields.Char(readonly=True)

    _sql_constraints = [
        ("product_warehouse_uniq", "unique(product_id, warehouse_id)",
         "A product has one demand forecast per warehouse."),
    ]

    @api.model
    def _md_rates(self, products, warehouses):
        """{(product id, warehouse id): (daily demand, daily sigma)} of the forecasts that exist."""
        rows = self.sudo()._read_group(
            [("product_id", "in", products.ids), ("warehouse_id", "in", warehouses.ids)],
            ["product_id", "warehouse_id"], ["daily_demand:max", "daily_sigma:max"])
        return {(product.id, warehouse.id): (daily, sigma) for product, warehouse, daily, sigma in rows}
