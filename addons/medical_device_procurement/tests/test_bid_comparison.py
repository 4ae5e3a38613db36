from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from .common import TenderCommon


@tagged("post_install", "-at_install")
class TestBidComparison(TenderCommon):
    """The comparison of a tender's bids, line by line, with the facts that decide an award."""

    def _rows(self, action):
        # As a new request would: the facts of a line depend on the other bids' lines.
        self.env.invalidate_all()
        lines = self.env["purchase.order.line"].with_user(self.buyer).search(action["domain"], order="id")
        return {(line.partner_id.name, line.product_id.name): line for line in lines}

    def test_alternatives_compared(self):
        first, second = self._tender()
        scores = {self.supplier.id: 91.5, self.supplier2.id: 78.0}
        with patch.object(type(self.env["res.partner"]), "_md_supplier_scores",
                          lambda self, partners: {pid: s for pid, s in scores.items() if pid in partners.ids}):
            action = first.with_user(self.buyer).action_md_compare_bids()
            self.assertEqual(action["res_model"], "purchase.order.line")
            rows = self._rows(action)
            self.assertEqual(len(rows), 4)
            expected = {
                ("Test Supplier Co.", "Test Syringe 5 ml"): (5.0, False, 7, 700, 91.5, self.today + timedelta(days=1000)),
                ("Test Supplier Co.", "Test Stent 3.0x18"): (100.0, True, 14, 500, 91.5, self.today + timedelta(days=1000)),
                ("Second Supplier Co.", "Test Syringe 5 ml"): (4.5, True, 12, 540, 78.0, self.today + timedelta(days=400)),
                ("Second Supplier Co.", "Test Stent 3.0x18"): (110.0, False, 5, 650, 78.0, self.today + timedelta(days=400)),
            }
            for key, (price, cheapest, lead, shelf, score, licence_end) in expected.items():
                line = rows[key]
                self.assertEqual((line.price_unit, line.md_is_cheapest, line.md_lead_time_days,
                                  line.md_offered_shelf_life_days, line.md_supplier_score,
                                  line.md_licence_valid_until, line.md_supplier_qualified),
                                 (price, cheapest, lead, shelf, score, licence_end, True), key)
            self.assertEqual(rows[("Second Supplier Co.", "Test Syringe 5 ml")].md_certificate_valid_until,
                             self.today + timedelta(days=1400))
        # The same comparison is reached from the other bid.
        self.assertEqual(second.action_md_compare_bids()["domain"], action["domain"])

    def test_cleared_and_cancelled_lines_do_not_compete(self):
        first, second = self._tender()
        second.order_line.filtered(lambda l: l.product_id == self.syringe).product_qty = 0
        rows = self._rows(first.action_md_compare_bids())
        self.assertTrue(rows[("Test Supplier Co.", "Test Syringe 5 ml")].md_is_cheapest)
        self.assertFalse(rows[("Second Supplier Co.", "Test Syringe 5 ml")].md_is_cheapest)
        first.button_cancel()
        rows = self._rows(first.action_md_compare_bids())
        self.assertTrue(rows[("Second Supplier Co.", "Test Stent 3.0x18")].md_is_cheapest)

    def test_unqualified_after_bidding_shows(self):
        first, _second = self._tender()
        self.supplier2_distribution.write({"expiry_date": self.today - timedelta(days=1),
                                           "issue_date": self.today - timedelta(days=800)})
        rows = self._rows(first.action_md_compare_bids())
        line = rows[("Second Supplier Co.", "Test Stent 3.0x18")]
        self.assertEqual((line.md_supplier_qualified, line.md_licence_valid_until), (False, False))
        self.assertTrue(rows[("Test Supplier Co.", "Test Stent 3.0x18")].md_supplier_qualified)

    def test_call_for_tenders_compared(self):
        tender = self.env["purchase.requisition"].create({
            "requisition_type": "purchase_template",
            "line_ids": [Command.create({"product_id": self.syringe.id, "product_qty": 10})]})
        tender.action_confirm()
        bid_a = self._bid(self.supplier, [(self.syringe, 10, 5.2, 3, 600)], requisition=tender)
        bid_b = self._bid(self.supplier2, [(self.syringe, 10, 4.9, 9, 600)], requisition=tender)
        rows = self._rows(tender.with_user(self.buyer).action_md_compare_bids())
        self.assertEqual(rows[("Second Supplier Co.", "Test Syringe 5 ml")].order_id, bid_b)
        self.assertEqual([(key[0], line.md_is_cheapest, line.md_lead_time_days) for key, line in sorted(rows.items())],
                         [("Second Supplier Co.", True, 9), ("Test Supplier Co.", False, 3)])
        self.assertEqual(bid_a._md_tender_bids(), bid_a | bid_b)
