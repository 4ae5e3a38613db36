import math
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import TransactionCase

from odoo.addons.medical_device_base.tests.common import MdCommon
from odoo.addons.medical_device_gsp.tests.common import GspCommon

LEAD_DAYS = 5
Z_95 = 1.6448536269514722


class NettingCommon(GspCommon):
    """A device bought with a 5-day lead time, sold at 2 a day, with a manual rule min 10 / max 30."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["stock.warehouse.orderpoint"])
        cls.buy_route = cls.env.ref("purchase_stock.route_warehouse0_buy")
        cls.syringe.write({"seller_ids": [Command.create({"partner_id": cls.supplier.id, "delay": LEAD_DAYS,
                                                          "price": 5})],
                           "route_ids": [Command.set(cls.buy_route.ids)]})
        cls.forecast = cls.env["md.demand.forecast"].sudo().create({
            "product_id": cls.syringe.id, "warehouse_id": cls.warehouse.id, "daily_demand": 2, "daily_sigma": 1})
        cls.orderpoint = cls.env["stock.warehouse.orderpoint"].create({
            "product_id": cls.syringe.id, "warehouse_id": cls.warehouse.id, "location_id": cls.stock.id,
            "product_min_qty": 10, "product_max_qty": 30, "trigger": "manual", "route_id": cls.buy_route.id})

    def _numbers(self, orderpoint=None):
        """(forecast, quantity to order) of the rule, read afresh."""
        orderpoint = orderpoint or self.orderpoint
        self.env.invalidate_all()
        return orderpoint.qty_forecast, orderpoint.qty_to_order

    def _lines(self, orderpoint=None):
        """{lot name: (counted, discounted, reason)} of the rule's netting."""
        orderpoint = orderpoint or self.orderpoint
        self.env.invalidate_all()
        lines = orderpoint._md_netting()[orderpoint.id]["lines"]
        return {line["lot"].name or line["origin"]: (line["net_qty"], line["discounted_qty"], line["reason"])
                for line in lines}

    def _customer_delivery(self, partner, days_ago, product=None, warehouse=None):
        """A done delivery in the history (only what the shelf-life rule reads: no stock moves)."""
        warehouse = warehouse or self.warehouse
        product = product or self.syringe
        picking = self.env["stock.picking"].create({
            "picking_type_id": warehouse.out_type_id.id, "partner_id": partner.id,
            "location_id": warehouse.lot_stock_id.id, "location_dest_id": self.customer_loc.id})
        self.env["stock.move"].create({
            "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
            "product_uom_qty": 1, "location_id": warehouse.lot_stock_id.id,
            "location_dest_id": self.customer_loc.id, "picking_id": picking.id, "state": "done",
            "date": fields.Datetime.now() - timedelta(days=days_ago)})
        return picking

    @staticmethod
    def _with_status(code):
        """The registry with one more non-released status, as the recall add-on adds "recalled".

        Procurement does not depend on recall: the rule reads the registry, so any status that is
        not "released" must be left out; this one stands for recalled.
        """
        def _md_quality_states(self):
            states = original(self)
            states[code] = dict(states["hold"], label=code.title(), group=False)
            return states
        from odoo.addons.medical_device_gsp.models.stock_lot import StockLot
        original = StockLot._md_quality_states
        return patch.object(StockLot, "_md_quality_states", _md_quality_states)


class TenderCommon(MdCommon):
    """Two qualified suppliers bidding for a syringe and a stent; Test Maker Co. is not qualified to supply."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = cls._test_user("md_stock_clerk", groups="base.group_user,stock.group_stock_user",
                                        name="Shu Stock")
        cls.supplier2 = cls.env["res.partner"].create({"name": "Second Supplier Co.", "is_company": True,
                                                       "md_supplier_approved": True})
        Licence = cls.env["md.licence"]
        Licence.create({"partner_id": cls.supplier2.id, "licence_type": "business", "name": "91310000TESTSUP02",
                        "issue_date": cls.today - timedelta(days=2000)})
        cls.supplier2_distribution = Licence.create({
            "partner_id": cls.supplier2.id, "licence_type": "distribution_licence", "name": "沪食药监械经营许20200002号",
            "issue_date": cls.today - timedelta(days=700), "expiry_date": cls.today + timedelta(days=400),
            "scope_class_2": True, "scope_category_ids": [Command.set((cls.cat_13 | cls.cat_14).ids)]})
        Document = cls.env["md.supplier.document"]
        Document.create({
            "partner_id": cls.supplier2.id, "document_type": "authorisation", "name": "TEST-AUTH-002",
            "grantor_id": cls.maker.id, "issue_date": cls.today - timedelta(days=100),
            "expiry_date": cls.today + timedelta(days=900),
            "certificate_ids": [Command.set((cls.cert_syringe | cls.cert_stent).ids)]})
        Document.create({
            "partner_id": cls.supplier2.id, "document_type": "quality_agreement", "name": "TEST-QAA-002",
            "issue_date": cls.today - timedelta(days=100), "expiry_date": cls.today + timedelta(days=900)})
        cls.order_date = datetime.combine(cls.today, datetime.min.time()).replace(hour=8)

    def _bid(self, partner, lines, requisition=None):
        """An RFQ of ``lines`` [(product, qty, price, lead days, shelf life days)], as the buyer."""
        return self.env["purchase.order"].with_user(self.buyer).create({
            "partner_id": partner.id,
            "date_order": self.order_date,
            "requisition_id": requisition.id if requisition else False,
            "order_line": [Command.create(self._bid_line(*line)) for line in lines],
        })

    def _bid_line(self, product, qty, price, lead, shelf):
        return {"product_id": product.id, "product_qty": qty, "price_unit": price,
                "date_planned": self.order_date + timedelta(days=lead), "md_offered_shelf_life_days": shelf}

    def _alternative(self, origin, partner, lines):
        """The alternative to ``origin`` made with Odoo's wizard for ``partner``, then priced as in ``lines``."""
        wizard = self.env["purchase.requisition.create.alternative"].with_user(self.buyer).create({
            "origin_po_id": origin.id, "partner_id": partner.id, "copy_products": False})
        order = self.env["purchase.order"].with_user(self.buyer).browse(wizard.action_create_alternative()["res_id"])
        order.write({"date_order": self.order_date,
                     "order_line": [Command.create(self._bid_line(*line)) for line in lines]})
        return order

    def _tender(self):
        """Supplier: syringes at 5.00 and stents at 100.00 (250.00); Second Supplier: 4.50 and 110.00 (265.00)."""
        first = self._bid(self.supplier, [(self.syringe, 10, 5.0, 7, 700), (self.stent, 2, 100.0, 14, 500)])
        second = self._alternative(first, self.supplier2,
                                   [(self.syringe, 10, 4.5, 12, 540), (self.stent, 2, 110.0, 5, 650)])
        return first, second

    def _refusal(self, order):
        """The message confirming ``order`` is refused with; nothing is written."""
        with self.assertRaises(Exception) as caught:
            order.button_confirm()
        return str(caught.exception)


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
