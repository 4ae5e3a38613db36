from collections import defaultdict
from datetime import timedelta

import numpy as np

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..utils.forecast import forecast_series, single_threaded

METHODS = [
    ("moving_average", "Moving Average"),
    ("ses", "Simple Exponential Smoothing"),
    ("holt_winters", "Holt-Winters (seasonal)"),
]
# Who may recompute forecasts and the min/max they feed by hand; the cron does it as superuser.
PLANNER_GROUPS = ("purchase.group_purchase_manager", "stock.group_stock_manager")


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
    categ_id = fields.Many2one(related="product_id.categ_id", string="Product Category", store=True)
    uom_id = fields.Many2one(related="product_id.uom_id")
    method = fields.Selection(METHODS, required=True, default="moving_average", readonly=True)
    # Stored unrounded: a slow mover sells a few hundredths of a unit a day, and the min/max multiply it.
    daily_demand = fields.Float(string="Forecast Demand per Day", readonly=True)
    daily_sigma = fields.Float(string="Standard Deviation per Day", readonly=True,
                               help="Variability of daily demand: the safety stock grows with it.")
    mape = fields.Float(string="MAPE (%)", digits=(16, 1), readonly=True,
                        help="Mean absolute percentage error of the method over the holdout period: "
                             "how far its forecasts were from what was really delivered.")
    mape_known = fields.Boolean(
        string="Accuracy Measured", readonly=True,
        help="Off when the holdout could not measure the accuracy: history too short, or no demand at all in "
             "the held-out weeks (the note says which).")
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

    # Demand history ------------------------------------------------------------

    @api.model
    def _md_demand_history(self, products, warehouses, date_from, date_to):
        """Net demand per product, warehouse and week: [(product id, warehouse id, week, quantity)].

        ``week`` counts whole weeks back from ``date_to`` (excluded): 0 is the 7 days before it. Demand is
        what the warehouse delivered to customers, in the product's unit, less what customers returned; a
        return counts in the week of the delivery it returns, so that the week shows what was really used.
        ``products`` None means every product. Add-ons with other demand (consumption postings) extend this
        and add their rows; rows of the same product, warehouse and week are summed.
        """
        self.env["stock.move"].flush_model()
        self.env["stock.location"].flush_model(["usage", "warehouse_id"])
        # Moves are summed per unit of measure and week first: units are converted on those few sums, not on
        # every move (a database with years of deliveries has millions of them).
        self.env.cr.execute("""
            WITH moves AS (
                SELECT m.product_id, m.product_uom,
                       CASE WHEN dest.usage = 'customer' THEN src.warehouse_id ELSE dest.warehouse_id END
                           AS warehouse_id,
                       (%(date_to)s::date - COALESCE(origin.date, m.date)::date - 1) / 7 AS week,
                       SUM(CASE WHEN dest.usage = 'customer' THEN m.quantity ELSE -m.quantity END) AS quantity
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dest ON dest.id = m.location_dest_id
             LEFT JOIN stock_move origin ON origin.id = m.origin_returned_move_id
                 WHERE m.state = 'done'
                   -- a return is never older than the delivery it returns
                   AND m.date >= %(date_from)s
                   AND (%(all_products)s OR m.product_id = ANY(%(product_ids)s))
                   AND ((dest.usage = 'customer' AND src.warehouse_id = ANY(%(warehouse_ids)s))
                        OR (src.usage = 'customer' AND dest.warehouse_id = ANY(%(warehouse_ids)s)))
                   AND COALESCE(origin.date, m.date) >= %(date_from)s
                   AND COALESCE(origin.date, m.date) < %(date_to)s
              GROUP BY 1, 2, 3, 4
            )
            SELECT moves.product_id, moves.warehouse_id, moves.week,
                   SUM(CASE WHEN moves.product_uom = pt.uom_id THEN moves.quantity
                            ELSE moves.quantity / move_uom.factor * product_uom.factor END)
              FROM moves
              JOIN product_product pp ON pp.id = moves.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom move_uom ON move_uom.id = moves.product_uom
              JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
          GROUP BY 1, 2, 3
        """, {"all_products": products is None, "product_ids": products.ids if products is not None else [],
              "warehouse_ids": warehouses.ids, "date_from": date_from, "date_to": date_to})
        return self.env.cr.fetchall()

    # Computation ---------------------------------------------------------------

    def _md_check_planner(self):
        if not any(self.env.user.has_group(group) for group in PLANNER_GROUPS):
            raise AccessError(self.env._(
                "Only a purchase manager or an inventory manager may compute demand forecasts and the "
                "minimum and maximum they set."))

    def action_md_compute_forecasts(self):
        """Button: recompute the forecasts of the user's companies and the min/max they feed."""
        self._md_check_planner()
        warehouses = self.env["stock.warehouse"].sudo().search([("company_id", "in", self.env.companies.ids)])
        self.sudo()._md_compute(warehouses)
        return True

    @api.model
    def _cron_md_compute_forecasts(self):
        # Every warehouse of every company: a few records, read once a week.
        # pylint: disable-next=no-search-all
        self.sudo()._md_compute(self.env["stock.warehouse"].sudo().search([]))

    @api.model
    def _md_compute(self, warehouses, products=None, date_to=None):
        """Forecast every product of ``warehouses`` that had demand, has a forecast or a reordering rule fed
        by one, then set the min/max of those rules. Returns the forecasts.

        One query reads the history of all of them; each series is then forecast on its own.
        """
        if not self.env.su:
            raise AccessError(self.env._("Demand forecasts are computed by the system."))
        date_to = date_to or fields.Date.context_today(self)
        [(longest,)] = self.env["product.category"]._read_group([], aggregates=["md_history_days:max"])
        longest = max(longest or 0, 7)
        date_from = date_to - timedelta(days=longest // 7 * 7)
        history = defaultdict(dict)
        for product_id, warehouse_id, week, quantity in self._md_demand_history(
                products, warehouses, date_from, date_to):
            weeks = history[product_id, warehouse_id]
            weeks[week] = weeks.get(week, 0.0) + quantity
        domain = [("warehouse_id", "in", warehouses.ids)]
        if products is not None:
            domain.append(("product_id", "in", products.ids))
        existing = {(forecast.product_id.id, forecast.warehouse_id.id): forecast for forecast in self.search(domain)}
        orderpoints = self.env["stock.warehouse.orderpoint"].search(domain + [("md_use_forecast", "=", True)])
        pairs = set(history) | set(existing) | {(op.product_id.id, op.warehouse_id.id) for op in orderpoints}
        products_used = self.env["product.product"].browse({product_id for product_id, _warehouse in pairs})
        category_of = {product.id: product.categ_id for product in products_used}
        now = fields.Datetime.now()
        to_create = []
        with single_threaded():
            for product_id, warehouse_id in sorted(pairs):
                vals = self._md_forecast_vals(history.get((product_id, warehouse_id), {}), category_of[product_id])
                vals["date_computed"] = now
                if (product_id, warehouse_id) in existing:
                    existing[product_id, warehouse_id].write(vals)
                else:
                    to_create.append(dict(vals, product_id=product_id, warehouse_id=warehouse_id))
        forecasts = self.concat(*existing.values()) | self.create(to_create)
        orderpoints._md_apply_forecast()
        return forecasts

    @api.model
    def _md_forecast_vals(self, weeks, category):
        """The forecast of one product's {week: quantity} by its category's method and settings."""
        series = self._md_series(weeks, category.md_history_days // 7)
        result = forecast_series(series, category.md_forecast_method, window=category.md_forecast_window,
                                 holdout=category.md_holdout_weeks)
        return {
            "method": result.method, "daily_demand": result.daily_demand, "daily_sigma": result.daily_sigma,
            "mape": result.mape or 0.0, "mape_known": result.mape is not None, "history_days": len(series) * 7,
            "note": " ".join(self._md_note(code, params) for code, params in result.notes) or False,
        }

    @api.model
    def _md_series(self, weeks, horizon):
        """Weekly demand, oldest first, from the first week with demand within ``horizon`` weeks to the last.

        Weeks before a product's first delivery are not demand of zero, they are no history at all: a new
        product's year without sales must not teach a seasonal method a season. Weeks without demand after it
        are zeros, and a week with more returned than delivered counts as zero.
        """
        used = [week for week, quantity in weeks.items() if week < horizon and quantity > 0]
        if not used:
            return np.zeros(0)
        series = np.zeros(max(used) + 1)
        for week, quantity in weeks.items():
            if week <= max(used):
                series[week] = max(quantity, 0.0)
        return series[::-1]

    def _md_note(self, code, params):
        if code == "no_history":
            return self.env._("No demand in the history period.")
        if code == "season_too_short":
            return self.env._("Holt-Winters needs %(needed)s weeks of history and there are %(weeks)s: simple exponential "
                     "smoothing is used.", needed=params["needed"], weeks=params["weeks"])
        if code == "holdout_empty":
            return self.env._("No demand in the %(weeks)s held-out weeks: the accuracy cannot be measured.",
                     weeks=params["weeks"])
        if code == "holdout_too_short":
            return self.env._("%(weeks)s weeks of history are too few to hold weeks out and measure the accuracy "
                     "(%(needed)s needed).", weeks=params["weeks"], needed=params["needed"])
        return self.env._("Too little history to fit the method: the average of the %(weeks)s weeks is used.",
                 weeks=params["weeks"])
