from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from .stock_lot import quality_state_selection


class MdNearExpiryReport(models.Model):
    """Stock of devices by lot and location with the days left before expiry (computed by the database)."""

    _name = "md.near.expiry.report"
    _description = "Near-Expiry Stock"
    _auto = False
    _order = "expiration_date, product_id, location_id"
    # A view reads the tables, not the ORM cache: pending changes to these
    # fields are written before it is searched.
    _depends = {
        "stock.quant": ["product_id", "lot_id", "location_id", "company_id", "quantity"],
        "stock.lot": ["expiration_date", "alert_date", "md_quality_state"],
        "stock.location": ["usage", "warehouse_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["is_medical_device"],
    }

    product_id = fields.Many2one("product.product", string="Device", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", readonly=True)
    location_id = fields.Many2one("stock.location", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    quantity = fields.Float(readonly=True)
    expiration_date = fields.Datetime(string="Expiry", readonly=True)
    alert_date = fields.Datetime(readonly=True,
                                 help="From the product's alert time, else the company's near-expiry horizon.")
    days_to_expiry = fields.Integer(string="Days Left", readonly=True, aggregator="min")
    quality_state = fields.Selection(quality_state_selection, string="Quality Status", readonly=True)
    near_expiry = fields.Boolean(
        string="Within Near-Expiry Horizon", compute="_compute_near_expiry", search="_search_near_expiry",
        help="Not yet expired, and past the lot's alert date: the product's alert time before expiry, "
             "else the near-expiry horizon of the company (Settings, Medical Devices).")

    @api.depends("days_to_expiry", "alert_date")
    def _compute_near_expiry(self):
        now = fields.Datetime.now()
        for row in self:
            row.near_expiry = row.days_to_expiry > 0 and bool(row.alert_date) and row.alert_date <= now

    def _search_near_expiry(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search near-expiry stock with = True or = False only."))
        # The lot's alert date carries the rule, so a static domain (a filter, a dashboard) follows the settings.
        now = fields.Datetime.now()
        if (operator == "=") == value:
            return [("days_to_expiry", ">", 0), ("alert_date", "<=", now)]
        return ["|", "|", ("days_to_expiry", "<=", 0), ("alert_date", "=", False), ("alert_date", ">", now)]

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE VIEW {self._table} AS (
                SELECT q.id, q.product_id, pp.product_tmpl_id, q.lot_id, q.location_id, loc.warehouse_id,
                       q.company_id, q.quantity, l.expiration_date, l.alert_date,
                       (l.expiration_date::date - (NOW() AT TIME ZONE 'UTC')::date) AS days_to_expiry,
                       l.md_quality_state AS quality_state
                  FROM stock_quant q
                  JOIN stock_lot l ON l.id = q.lot_id
                  JOIN stock_location loc ON loc.id = q.location_id
                  JOIN product_product pp ON pp.id = q.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE loc.usage = 'internal' AND q.quantity > 0 AND pt.is_medical_device
                   AND l.expiration_date IS NOT NULL
            )""")
