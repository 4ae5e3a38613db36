import math
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase

Z_95 = 1.6448536269514722


class ForecastCommon(TransactionCase):
    """One warehouse, products of three categories and weekly delivery histories written as done moves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        Category = cls.env["product.category"]
        cls.cat_ma = Category.create({"name": "Forecast MA", "md_forecast_window": 4, "md_holdout_weeks": 2,
                                      "md_history_days": 70, "md_review_days": 14})
        cls.cat_ses = Category.create({"name": "Forecast SES", "md_forecast_method": "ses"})
        cls.cat_hw = Category.create({"name": "Forecast HW", "md_forecast_method": "holt_winters"})
        Product = cls.env["product.product"]
        cls.steady, cls.empty_end, cls.drifting, cls.seasonal, cls.young = Product.create([
            {"name": name, "is_storable": True, "categ_id": categ.id}
            for name, categ in [("Steady gauze", cls.cat_ma), ("Gauze gone quiet", cls.cat_ma),
                                ("Drifting gloves", cls.cat_ses), ("Winter masks", cls.cat_hw),
                                ("New masks", cls.cat_hw)]])
        # Weeks count back from today: week 0 is the last 7 days. Week 12 is older than the 10 weeks the
        # category reads, week 4 is a week without demand inside the history.
        cls._history(cls.steady, {12: 100, 5: 7, 3: 7, 2: 14, 1: 21, 0: 28})
        cls._history(cls.empty_end, {4: 5, 3: 5, 2: 5})
        cls._history(cls.drifting, dict.fromkeys(range(20), 14))
        cls._history(cls.seasonal, {103 - week: cls._season(week) for week in range(104)})
        cls._history(cls.young, {59 - week: cls._season(week) for week in range(60)})

    @staticmethod
    def _season(week):
        return round(50 + 0.5 * week + 10 * math.sin(2 * math.pi * week / 52), 2)

    @classmethod
    def _history(cls, product, quantities, returned=None):
        """Done deliveries of ``product``, one per week given, in the middle of the week."""
        moves = cls.env["stock.move"].create([{
            "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
            "product_uom_qty": quantity, "location_id": cls.stock.id, "location_dest_id": cls.customers.id,
        } for quantity in quantities.values()])
        cls.env.flush_all()
        # The moves themselves are what is read; validating a hundred pickings would only slow the tests.
        for move, week in zip(moves, quantities, strict=True):
            cls.env.cr.execute("UPDATE stock_move SET state = 'done', quantity = product_uom_qty, date = %s "
                               "WHERE id = %s", (cls.today - timedelta(days=7 * week + 3), move.id))
        cls.env.invalidate_all()
        return moves

    def _compute(self, products):
        return self.env["md.demand.forecast"].sudo()._md_compute(self.warehouse, products=products)
