from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import LEAD_DAYS, NettingCommon


@tagged("post_install", "-at_install")
class TestReplenishmentNetting(NettingCommon):
    """The rule's forecast counts only stock that can be sold before its sell-by date."""

    def test_lead_time_and_rate(self):
        self.assertEqual(self.orderpoint.lead_days_date, self.today + timedelta(days=LEAD_DAYS))
        self.assertEqual(self.env["md.demand.forecast"]._md_rates(self.syringe, self.warehouse),
                         {(self.syringe.id, self.warehouse.id): (2.0, 1.0)})
        self.assertEqual(self._numbers(), (0.0, 30.0))

    def test_lot_expiring_inside_the_lead_time(self):
        # 2 a day for 3 days: 6 of the 10 sold before expiry, 4 lost; the long lot after it.
        self._stock_lot(self.syringe, "NET-SHORT", 10, days=3)
        self._stock_lot(self.syringe, "NET-LONG", 3, days=400)
        self.assertEqual(self._lines(), {"NET-SHORT": (6.0, 4.0, "unsold"), "NET-LONG": (3.0, 0.0, False)})
        # Odoo alone: 13 >= min 10, nothing to order. Net: 9 < 10, order up to 30.
        self.assertEqual(self._numbers(), (9.0, 21.0))

    def test_without_forecast_only_past_sell_by_is_discounted(self):
        self.forecast.unlink()
        self._stock_lot(self.syringe, "NET-SHORT", 10, days=3)
        self._stock_lot(self.syringe, "NET-LONG", 3, days=400)
        self.assertEqual(self._numbers(), (13.0, 0.0))

    def test_lot_below_the_customers_minimum_shelf_life(self):
        self.hospital.md_min_shelf_life_days = 30
        self._customer_delivery(self.hospital, days_ago=10)
        # A stricter customer served more than a year ago, or from another warehouse, does not count.
        self.retailer.md_min_shelf_life_days = 300
        self._customer_delivery(self.retailer, days_ago=400)
        other = self.env["stock.warehouse"].create({"name": "Other Warehouse", "code": "OTW"})
        self._customer_delivery(self.retailer, days_ago=5, warehouse=other)
        # Sell-by = expiry - 30 days: NET-20 already too short; NET-40 sells 10 days at 2 = 20 of 30.
        self._stock_lot(self.syringe, "NET-20", 8, days=20)
        self._stock_lot(self.syringe, "NET-40", 30, days=40)
        self.assertEqual(self._lines(), {"NET-20": (0.0, 8.0, "past_sell_by"), "NET-40": (20.0, 10.0, "unsold")})
        self.assertEqual(self._numbers(), (20.0, 0.0))
        # Without the requirement NET-20 is sold first (4 days) and NET-40 in full.
        self.hospital.md_min_shelf_life_days = 0
        self.assertEqual(self._numbers(), (38.0, 0.0))

    def test_quarantine_counts_as_incoming_after_acceptance(self):
        self._stock_lot(self.syringe, "NET-Q-LONG", 10, days=400, state="quarantine", location=self.quarantine)
        # Accepted on day 2 (default), sell-by on day 6: 4 days at 2 a day sell 8 of 10.
        self._stock_lot(self.syringe, "NET-Q-SHORT", 10, days=6, state="quarantine", location=self.quarantine)
        self.assertEqual(self.syringe.md_acceptance_lead_days, 2)
        self.assertEqual(self._lines(), {"NET-Q-LONG": (10.0, 0.0, False), "NET-Q-SHORT": (8.0, 2.0, "unsold")})
        # Odoo alone sees nothing (the quarantine zone is outside the stock location) and orders 30.
        self.assertEqual(self._numbers(), (18.0, 0.0))
        # Accepted only after the 5-day lead time: not there when the order would arrive.
        self.syringe.md_acceptance_lead_days = 6
        self.assertEqual(self._lines(), {"NET-Q-LONG": (0.0, 10.0, "after_horizon"),
                                         "NET-Q-SHORT": (0.0, 10.0, "after_horizon")})
        self.assertEqual(self._numbers(), (0.0, 30.0))

    def test_held_rejected_expired_and_recalled_lots_are_ignored(self):
        self._stock_lot(self.syringe, "NET-OK", 8, days=400)
        self._stock_lot(self.syringe, "NET-HOLD", 5, days=400, state="hold")
        self._stock_lot(self.syringe, "NET-REJ", 3, days=400, state="rejected")
        self._stock_lot(self.syringe, "NET-EXP", 4, days=-1)
        with self._with_status("recalled"):
            self._stock_lot(self.syringe, "NET-RECALL", 6, days=400, state="recalled")
            self.assertEqual(self._lines(), {
                "NET-OK": (8.0, 0.0, False), "NET-HOLD": (0.0, 5.0, "status"), "NET-REJ": (0.0, 3.0, "status"),
                "NET-EXP": (0.0, 4.0, "expired"), "NET-RECALL": (0.0, 6.0, "status")})
            # Odoo alone: 26 on hand, nothing to order.
            self.assertEqual(self.orderpoint.qty_on_hand, 26.0)
            self.assertEqual(self._numbers(), (8.0, 22.0))

    def test_issue_twenty_units_expired_or_on_hold(self):
        self._stock_lot(self.syringe, "NET-ISSUE-EXP", 10, days=-2)
        self._stock_lot(self.syringe, "NET-ISSUE-HOLD", 10, days=400, state="hold")
        self.assertEqual(self.orderpoint.qty_on_hand, 20.0)
        self.assertEqual(self._numbers(), (0.0, 30.0))

    def test_issue_replenishment_report_lists_the_hidden_stock_out(self):
        product = self._device("Test Catheter", "2", "14-01", self.cert_syringe, "lot", "6909999000036")
        product.write({"seller_ids": [Command.create({"partner_id": self.supplier.id, "delay": LEAD_DAYS})]})
        self._stock_lot(product, "CAT-EXP", 10, days=-2)
        self._stock_lot(product, "CAT-HOLD", 10, days=400, state="hold")
        # A customer order waits for 5: Odoo sees 20 - 5 = 15 and proposes nothing.
        move = self.env["stock.move"].create({
            "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id, "product_uom_qty": 5,
            "location_id": self.stock.id, "location_dest_id": self.customer_loc.id})
        move._action_confirm()
        self.assertEqual(product.with_context(location=self.stock.id).virtual_available, 15.0)
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        Orderpoint._get_orderpoint_action()
        orderpoint = Orderpoint.search([("product_id", "=", product.id)])
        self.assertRecordValues(orderpoint, [{"location_id": self.stock.id, "warehouse_id": self.warehouse.id,
                                              "trigger": "manual", "product_min_qty": 0, "product_max_qty": 0}])
        self.assertEqual(self._numbers(orderpoint), (-5.0, 5.0))
        # Opening the report again neither removes it nor adds a second one.
        Orderpoint._get_orderpoint_action()
        self.assertEqual(Orderpoint.search([("product_id", "=", product.id)]), orderpoint)

    def test_report_leaves_out_devices_with_sellable_stock(self):
        product = self._device("Test Gauze", "2", "14-01", self.cert_syringe, "lot", "6909999000043")
        self._stock_lot(product, "GAUZE-OK", 10, days=400)
        self._stock_lot(product, "GAUZE-HOLD", 10, days=400, state="hold")
        self.env["stock.warehouse.orderpoint"]._get_orderpoint_action()
        self.assertFalse(self.env["stock.warehouse.orderpoint"].search([("product_id", "=", product.id)]))

    def test_receipts_into_quarantine_count_once(self):
        # A purchase: its receipt lands in quarantine but keeps the stock location as final
        # destination, so Odoo counts it; nothing is added.
        order = self._po(self.supplier, self.syringe)
        order.picking_type_id = self.warehouse.in_type_id
        order.button_confirm()
        move = order.picking_ids.move_ids
        self.assertEqual((move.location_dest_id, move.location_final_id), (self.quarantine, self.stock))
        self.assertEqual(self._numbers(), (10.0, 0.0))
        # A receipt entered by hand has no final destination: Odoo does not count it, the netting does.
        receipt = self._confirmed_receipt([(self.syringe, 7)])
        self.assertEqual(receipt.move_ids.location_dest_id, self.quarantine)
        self.assertEqual(self._lines(), {"incoming": (7.0, 0.0, False)})
        self.assertEqual(self._numbers(), (17.0, 0.0))
        # Received and still in quarantine: counted once, now as quarantined stock.
        receipt.move_ids.move_line_ids.unlink()
        self.env["stock.move.line"].create({
            "move_id": receipt.move_ids.id, "picking_id": receipt.id, "product_id": self.syringe.id,
            "product_uom_id": self.syringe.uom_id.id, "quantity": 7, "lot_name": "NET-RCV",
            "expiration_date": fields.Datetime.now() + timedelta(days=400), "picked": True,
            "md_production_date": self._production_date(400),
            "location_id": self.supplier_loc.id, "location_dest_id": self.quarantine.id})
        receipt.with_user(self.receiver).button_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(self._lines(), {"NET-RCV": (7.0, 0.0, False)})
        self.assertEqual(self._numbers(), (17.0, 0.0))
