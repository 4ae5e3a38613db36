from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import NettingCommon


@tagged("post_install", "-at_install")
class TestNettingRpc(RpcCallMixin, NettingCommon, HttpCase):
    """A stock user through the web client: reads explanations and the watch, changes neither."""

    FORGED = {"md_workflow": True, "md_signing": True, "active_test": False}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._stock_lot(cls.syringe, "RPC-HOLD", 5, days=400, state="hold")
        cls.other_company = cls.env["res.company"].create({"name": "Other Distributor"})
        cls.other_warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.other_company.id)])
        cls.other_orderpoint = cls.env["stock.warehouse.orderpoint"].create({
            "product_id": cls.syringe.id, "warehouse_id": cls.other_warehouse.id,
            "location_id": cls.other_warehouse.lot_stock_id.id, "company_id": cls.other_company.id,
            "product_min_qty": 1, "product_max_qty": 2})

    def setUp(self):
        super().setUp()
        self.authenticate(self.picker.login, self.picker.login)

    def test_rpc_explanation_is_read_only(self):
        ok, action, _message = self._call("stock.warehouse.orderpoint", "action_md_explain", [self.orderpoint.ids])
        self.assertTrue(ok)
        explanation = self.env["md.replenishment.explanation"].browse(action["res_id"])
        self.assertEqual((explanation.create_uid, explanation.unusable_qty, explanation.qty_to_order),
                         (self.picker, 5.0, 30.0))
        ok, values, _message = self._call("md.replenishment.explanation", "read",
                                          [explanation.ids, ["qty_forecast", "qty_to_order"]])
        self.assertEqual((ok, values[0]["qty_forecast"], values[0]["qty_to_order"]), (True, 0.0, 30.0))
        for context in (None, self.FORGED):
            for model, method, args in (
                    ("md.replenishment.explanation", "write", [explanation.ids, {"qty_to_order": 1}]),
                    ("md.replenishment.explanation.line", "write", [explanation.line_ids.ids, {"net_qty": 5}]),
                    ("md.replenishment.explanation", "create", [{"product_id": self.syringe.id, "qty_to_order": 1}]),
                    ("md.replenishment.explanation", "unlink", [explanation.ids])):
                ok, error, _message = self._call(model, method, args, context=context)
                self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"), f"{model}.{method}")
        explanation.invalidate_recordset()
        self.assertEqual((explanation.qty_to_order, explanation.line_ids.net_qty), (30.0, 0.0))

    def test_rpc_other_company_refused(self):
        ok, error, _message = self._call("stock.warehouse.orderpoint", "action_md_explain",
                                         [self.other_orderpoint.ids], context={"allowed_company_ids": [
                                             self.company.id, self.other_company.id]})
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        theirs = self.env["md.replenishment.explanation"]._md_build(self.other_orderpoint)
        for method, args in (("read", [theirs.ids, ["qty_to_order"]]), ("write", [theirs.ids, {"qty_to_order": 9}])):
            ok, error, _message = self._call("md.replenishment.explanation", method, args)
            self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"), method)
        theirs.invalidate_recordset()
        self.assertEqual(theirs.company_id, self.other_company)

    def test_rpc_overstock_watch_is_read_only(self):
        self._stock_lot(self.syringe, "RPC-BIG", 100, days=20)
        ok, action, _message = self._call("md.overstock.line", "action_md_refresh", [])
        self.assertTrue(ok)
        line = self.env["md.overstock.line"].search(action["domain"] + [("warehouse_id", "=", self.warehouse.id)])
        self.assertRecordValues(line, [{"qty_at_risk": 60.0, "value": 600.0, "create_uid": self.picker.id}])
        for context in (None, self.FORGED):
            for method, args in (("write", [line.ids, {"qty_at_risk": 0}]),
                                 ("create", [{"product_id": self.syringe.id, "qty_at_risk": 1}]),
                                 ("unlink", [line.ids])):
                ok, error, _message = self._call("md.overstock.line", method, args, context=context)
                self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"), method)
        line.invalidate_recordset()
        self.assertEqual(line.qty_at_risk, 60.0)
