import math
from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import Z_95, ForecastCommon


class TestDemandHistory(ForecastCommon):

    def test_real_delivery_less_its_return(self):
        product = self.env["product.product"].create({"name": "Delivered gauze", "is_storable": True})
        self.env["stock.quant"]._update_available_quantity(product, self.stock, 20)
        delivery = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id, "location_id": self.stock.id,
            "location_dest_id": self.customers.id,
            "move_ids": [Command.create({"name": product.name, "product_id": product.id, "product_uom_qty": 10,
                                         "product_uom": product.uom_id.id, "location_id": self.stock.id,
                                         "location_dest_id": self.customers.id})]})
        delivery.action_confirm()
        delivery.action_assign()
        delivery.move_ids.picked = True
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        wizard = self.env["stock.return.picking"].with_context(
            active_id=delivery.id, active_model="stock.picking").create({"picking_id": delivery.id})
        wizard.product_return_moves.quantity = 4
        back = wizard._create_return()
        back.move_ids.picked = True
        back.button_validate()
        self.assertEqual(back.state, "done")
        # Delivered ten days ago, returned today: the return counts in the week of the delivery.
        delivery.move_ids.date = fields.Datetime.now() - timedelta(days=10)
        History = self.env["md.demand.forecast"]
        tomorrow = self.today + timedelta(days=1)
        self.assertEqual(History._md_demand_history(product, self.warehouse, self.today - timedelta(days=70),
                                                    tomorrow),
                         [(product.id, self.warehouse.id, 1, 6.0)])
        # Another warehouse's history is not this one's.
        self.assertEqual(History._md_demand_history(product, History.env["stock.warehouse"],
                                                    self.today - timedelta(days=70), tomorrow), [])

    def test_weekly_history_of_the_category_horizon(self):
        self.assertEqual(sorted(self.env["md.demand.forecast"]._md_demand_history(
            self.steady, self.warehouse, self.today - timedelta(days=70), self.today)),
            [(self.steady.id, self.warehouse.id, week, quantity)
             for week, quantity in [(0, 28.0), (1, 21.0), (2, 14.0), (3, 7.0), (5, 7.0)]])


class TestDemandForecast(ForecastCommon):

    def test_moving_average_with_accuracy(self):
        forecast = self._compute(self.steady)
        # Series 7, 0, 7, 14, 21, 28 (week 12 is out of the 10 weeks read): the mean of the last 4 weeks.
        self.assertRecordValues(forecast, [{
            "product_id": self.steady.id, "warehouse_id": self.warehouse.id, "method": "moving_average",
            "daily_demand": 2.5, "history_days": 42, "mape_known": True, "note": False}])
        self.assertAlmostEqual(forecast.daily_sigma, math.sqrt(245 / 3 / 7), places=9)
        # Held out 21 and 28, forecast from 7, 0, 7, 14 as 7 a week: (14/21 + 21/28) / 2.
        self.assertAlmostEqual(forecast.mape, 70.8, places=6)
        self.assertEqual(forecast.categ_id, self.cat_ma)

    def test_no_accuracy_without_demand_in_holdout(self):
        forecast = self._compute(self.empty_end)
        self.assertRecordValues(forecast, [{"mape_known": False, "mape": 0.0, "history_days": 35}])
        self.assertEqual(forecast.note, "No demand in the 2 held-out weeks: the accuracy cannot be measured.")
        # Series 5, 5, 5, 0, 0: the last 4 weeks average 10 / 4 a week.
        self.assertAlmostEqual(forecast.daily_demand, 2.5 / 7, places=9)

    def test_method_per_category(self):
        forecasts = self._compute(self.drifting | self.seasonal | self.young)
        drifting, seasonal, young = (forecasts.filtered(lambda f, p=p: f.product_id == p)
                                     for p in (self.drifting, self.seasonal, self.young))
        self.assertEqual((drifting.method, drifting.history_days), ("ses", 140))
        self.assertAlmostEqual(drifting.daily_demand, 2.0, places=6)
        self.assertAlmostEqual(drifting.mape, 0.0, places=6)
        # Holt-Winters carries trend and season on: the mean of the next 8 weeks of the series.
        expected = sum(self._season(week) for week in range(104, 112)) / 8 / 7
        self.assertEqual((seasonal.method, seasonal.history_days, seasonal.note), ("holt_winters", 728, False))
        self.assertAlmostEqual(seasonal.daily_demand, expected, places=3)
        self.assertLess(seasonal.mape, 0.01)
        self.assertTrue(seasonal.mape_known)
        # Sixty weeks cannot teach a yearly season.
        self.assertEqual(young.method, "ses")
        self.assertEqual(young.note, "Holt-Winters needs 86 weeks of history and there are 60: simple "
                                     "exponential smoothing is used.")

    def test_list_shows_accuracy_beside_forecast(self):
        arch = etree.fromstring(self.env["md.demand.forecast"].get_view(view_type="list")["arch"])
        names = arch.xpath("//field/@name")
        self.assertEqual(names[names.index("method"):names.index("mape") + 1],
                         ["method", "daily_demand", "daily_sigma", "mape_known", "mape"])
        self.assertEqual(arch.xpath("//field[@name='mape']/@invisible"), ["not mape_known"])

    def test_recomputed_in_place(self):
        first = self._compute(self.steady)
        self._history(self.steady, {0: 70})
        second = self._compute(self.steady)
        self.assertEqual(first, second)
        # The last 4 weeks are now 7, 14, 21 and 98.
        self.assertEqual(second.daily_demand, 5.0)


class TestForecastMinMax(ForecastCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        buy = cls.env.ref("purchase_stock.route_warehouse0_buy")
        supplier = cls.env["res.partner"].create({"name": "Gauze Supplier"})
        cls.steady.write({"route_ids": [Command.set(buy.ids)],
                          "seller_ids": [Command.create({"partner_id": supplier.id, "delay": 9})]})
        cls.env.company.write({"po_lead": 0, "days_to_purchase": 0})
        Orderpoint = cls.env["stock.warehouse.orderpoint"]
        cls.fed = Orderpoint.create({"product_id": cls.steady.id, "warehouse_id": cls.warehouse.id,
                                     "location_id": cls.stock.id, "route_id": buy.id, "md_use_forecast": True,
                                     "product_min_qty": 5, "product_max_qty": 10})
        cls.manual = Orderpoint.create({"product_id": cls.drifting.id, "warehouse_id": cls.warehouse.id,
                                        "location_id": cls.stock.id, "product_min_qty": 5, "product_max_qty": 10})
        cls.manager = new_test_user(cls.env, "fc_manager", groups="base.group_user,purchase.group_purchase_manager")
        cls.stock_user = new_test_user(cls.env, "fc_stock", groups="base.group_user,stock.group_stock_user")

    def test_min_max_from_forecast(self):
        self._compute(self.steady | self.drifting)
        # 2.5 a day over 9 days is 22.5; safety z(95 %) x sqrt(35/3) x sqrt(9) = 16.8547...;
        # the maximum adds 14 review days of 2.5.
        safety = Z_95 * math.sqrt(35 / 3) * 3
        self.assertAlmostEqual(safety, 16.85473, places=5)
        self.assertRecordValues(self.fed, [{"md_lead_days": 9, "md_lead_demand": 22.5, "md_safety_stock": 16.85,
                                            "product_min_qty": 39.36, "product_max_qty": 74.36}])
        self.assertRecordValues(self.manual, [{"md_lead_days": 0, "md_safety_stock": 0.0,
                                               "product_min_qty": 5.0, "product_max_qty": 10.0}])

    def test_forecast_fed_rule_without_demand_gets_a_forecast(self):
        quiet = self.env["product.product"].create({"name": "Unsold gauze", "is_storable": True,
                                                    "categ_id": self.cat_ma.id})
        rule = self.env["stock.warehouse.orderpoint"].create({
            "product_id": quiet.id, "warehouse_id": self.warehouse.id, "location_id": self.stock.id,
            "md_use_forecast": True, "product_min_qty": 3, "product_max_qty": 6})
        forecast = self._compute(quiet)
        self.assertRecordValues(forecast, [{"daily_demand": 0.0, "mape_known": False,
                                            "note": "No demand in the history period."}])
        self.assertRecordValues(rule, [{"product_min_qty": 0.0, "product_max_qty": 0.0}])

    def test_button_as_manager_and_refusals(self):
        Forecast = self.env["md.demand.forecast"]
        with self.assertRaisesRegex(AccessError, "Only a purchase manager or an inventory manager may compute"):
            Forecast.with_user(self.stock_user).action_md_compute_forecasts()
        with self.assertRaisesRegex(AccessError, "computed by the system"):
            Forecast.with_user(self.manager)._md_compute(self.warehouse)
        with self.assertRaises(UserError) as refusal:
            (self.fed | self.manual).with_user(self.manager).action_md_apply_forecast()
        self.assertEqual(str(refusal.exception), (
            f"The min/max were not set from the forecast:\n"
            f"• {self.manual.display_name} does not take its min/max from the forecast.\n"
            f"• Steady gauze has no forecast in {self.warehouse.name} yet: compute the forecasts first."))
        self.assertEqual(self.fed.product_min_qty, 5.0)
        self.assertFalse(Forecast.search([("product_id", "=", self.steady.id)]))
        Forecast.with_user(self.manager).action_md_compute_forecasts()
        self.assertEqual(self.fed.product_min_qty, 39.36)
        forecast = Forecast.with_user(self.manager).search([("product_id", "=", self.steady.id)])
        self.assertEqual(forecast.daily_demand, 2.5)
        with self.assertRaises(AccessError):
            forecast.write({"daily_demand": 100})
        # The rule's min/max changed by hand come back from the forecast on the button.
        self.fed.product_min_qty = 1
        self.fed.with_user(self.manager).action_md_apply_forecast()
        self.assertEqual(self.fed.product_min_qty, 39.36)

    def test_cron(self):
        self.env.ref("medical_device_procurement.ir_cron_md_compute_forecasts").method_direct_trigger()
        forecasts = self.env["md.demand.forecast"].search([("product_id", "in", (self.steady | self.seasonal).ids)])
        self.assertEqual(forecasts.mapped("method"), ["moving_average", "holt_winters"])
        self.assertEqual(self.fed.product_max_qty, 74.36)
