from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import ForecastCommon


@tagged("post_install", "-at_install")
class TestForecastRpc(RpcCallMixin, ForecastCommon, HttpCase):
    """Through the web client's channel: a stock user cannot compute forecasts nor set min/max from them."""

    FORGED = {"md_workflow": True, "md_signing": True, "active_test": False}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls.env["stock.warehouse.orderpoint"].create({
            "product_id": cls.steady.id, "warehouse_id": cls.warehouse.id, "location_id": cls.stock.id,
            "md_use_forecast": True, "product_min_qty": 5, "product_max_qty": 10})
        cls.stock_user = new_test_user(cls.env, "fc_rpc_stock", groups="base.group_user,stock.group_stock_user")
        cls.manager = new_test_user(cls.env, "fc_rpc_manager",
                                    groups="base.group_user,purchase.group_purchase_manager")

    def test_stock_user_refused(self):
        self.authenticate(self.stock_user.login, self.stock_user.login)
        Forecast = self.env["md.demand.forecast"]
        for context in (None, self.FORGED):
            ok, error, message = self._call("md.demand.forecast", "action_md_compute_forecasts", [[]],
                                            context=context)
            self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
            self.assertEqual(message, "Only a purchase manager or an inventory manager may compute demand "
                                      "forecasts and the minimum and maximum they set.")
            ok, error, _message = self._call("stock.warehouse.orderpoint", "action_md_apply_forecast",
                                             [self.rule.ids], context=context)
            self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
            ok, error, _message = self._call("md.demand.forecast", "_md_compute", [[], self.warehouse.ids],
                                             context=context)
            self.assertFalse(ok)
            ok, error, _message = self._call("md.demand.forecast", "create", [{
                "product_id": self.steady.id, "warehouse_id": self.warehouse.id, "daily_demand": 50}],
                context=context)
            self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        self.assertFalse(Forecast.search([("product_id", "=", self.steady.id)]))
        self.assertEqual((self.rule.product_min_qty, self.rule.product_max_qty), (5.0, 10.0))

    def test_manager_computes_and_cannot_edit(self):
        self.authenticate(self.manager.login, self.manager.login)
        ok, _result, message = self._call("md.demand.forecast", "action_md_compute_forecasts", [[]])
        self.assertTrue(ok, message)
        forecast = self.env["md.demand.forecast"].search([("product_id", "=", self.steady.id)])
        self.assertEqual((forecast.daily_demand, forecast.mape, forecast.method), (2.5, 70.8, "moving_average"))
        # Lead time 0 without a buy route and vendor: the minimum is 0, the maximum 14 review days of 2.5.
        self.assertEqual((self.rule.product_min_qty, self.rule.product_max_qty), (0.0, 35.0))
        ok, error, _message = self._call("md.demand.forecast", "write", [forecast.ids, {"daily_demand": 99}],
                                         context=self.FORGED)
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        ok, error, _message = self._call("stock.warehouse.orderpoint", "write", [self.rule.ids, {
            "md_safety_stock": 99, "route_id": False, "seller_ids": [Command.clear()]}])
        self.assertFalse(ok)
        self.assertEqual(forecast.daily_demand, 2.5)
