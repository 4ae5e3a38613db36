from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import NettingCommon


@tagged("post_install", "-at_install")
class TestOverstockWatch(NettingCommon):
    """Lots forecast demand will not consume before their sell-by date, with quantity and value at risk."""

    def _watch(self, user=None):
        action = self.env["md.overstock.line"].with_user(user or self.buyer).action_md_refresh()
        self.assertEqual(action["res_model"], "md.overstock.line")
        # The watch covers every warehouse of the user's companies (the demo data's too): read this test's.
        return self.env["md.overstock.line"].with_user(user or self.buyer).search(
            action["domain"] + [("warehouse_id", "=", self.warehouse.id)])

    def test_lots_at_risk_with_their_value(self):
        self.buyer.groups_id += self.env.ref("stock.group_stock_user")
        # 2 a day for 20 days sell 40 of 100: 60 at risk, at a cost of 10 each.
        big = self._stock_lot(self.syringe, "OVR-BIG", 100, days=20)
        self._stock_lot(self.syringe, "OVR-OK", 10, days=400)
        self.hospital.md_min_shelf_life_days = 30
        self._customer_delivery(self.hospital, days_ago=3)
        short = self._stock_lot(self.syringe, "OVR-SHORT", 4, days=25, state="quarantine", location=self.quarantine)
        self._stock_lot(self.syringe, "OVR-HOLD", 9, days=5, state="hold")
        lines = self._watch()
        self.hospital.md_min_shelf_life_days = 0
        self.assertRecordValues(lines, [
            {"warehouse_id": self.warehouse.id, "product_id": self.syringe.id, "lot_id": big.id, "qty": 100.0,
             "qty_at_risk": 100.0, "value": 1000.0, "reason": "past_sell_by", "daily_demand": 2.0},
            {"warehouse_id": self.warehouse.id, "product_id": self.syringe.id, "lot_id": short.id, "qty": 4.0,
             "qty_at_risk": 4.0, "value": 40.0, "reason": "past_sell_by", "daily_demand": 2.0},
        ])
        lines = self._watch()
        self.assertRecordValues(lines, [
            {"lot_id": big.id, "qty": 100.0, "qty_at_risk": 60.0, "value": 600.0, "reason": "unsold"},
        ])
        # The previous snapshot is replaced, not added to.
        self.assertEqual(self.env["md.overstock.line"].search_count([("create_uid", "=", self.buyer.id),
                                                                 ("warehouse_id", "=", self.warehouse.id)]), 1)

    def test_no_forecast_no_risk_but_past_sell_by(self):
        self.forecast.unlink()
        self._stock_lot(self.syringe, "OVR-BIG", 100, days=20)
        self.assertFalse(self._watch())

    def test_menu_opens_the_refreshed_watch(self):
        self._stock_lot(self.syringe, "OVR-BIG", 100, days=20)
        server_action = self.env.ref("medical_device_procurement.md_overstock_line_action_refresh")
        action = server_action.with_user(self.buyer).run()
        self.assertEqual((action["res_model"], action["domain"]), ("md.overstock.line", [("create_uid", "=", self.buyer.id)]))
        lines = self.env["md.overstock.line"].with_user(self.buyer).search(
            action["domain"] + [("warehouse_id", "=", self.warehouse.id)])
        self.assertEqual((lines.lot_id.name, lines.qty_at_risk, lines.value), ("OVR-BIG", 60.0, 600.0))

    def test_other_roles_refused(self):
        with self.assertRaisesRegex(AccessError, "Only inventory and purchase users may open the overstock watch."):
            self.env["md.overstock.line"].with_user(self.seller).action_md_refresh()
