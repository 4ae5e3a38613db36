from odoo.tests import tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallFlow(RecallCommon):
    """The whole path: scope, start (freeze and notices), acknowledgement, retrieval, closure."""

    def test_recall_end_to_end(self):
        lot = self._supplied_lot("RC-FLOW", 30)
        first = self._deliver({lot: 10}, partner=self.hospital)
        self._deliver({lot: 5}, partner=self.hospital_2)
        recall = self._recall(level="1", lot_ids=[lot.id])
        recall.action_compute_scope()
        self.assertEqual((recall.qty_in_stock, recall.qty_at_customers, recall.qty_in_transit), (15, 15, 0))
        self.assertEqual(self._positions(recall, "customer")[(lot, self.hospital, first)], 10)
        recall.action_start()
        self.assertEqual(lot.md_quality_state, "recalled")
        self.assertEqual(len(recall.notice_ids), 2)
        notice = recall.notice_ids.filtered(lambda n: n.partner_id == self.hospital)
        self.assertEqual(notice.qty_to_recall, 10)
        notice.with_user(self.coordinator).action_send()
        self.assertEqual(notice.state, "sent")
        delivery = self._delivery(self.syringe, 1)
        self.assertFalse(delivery.move_line_ids, "a recalled lot must not be reserved")
        notice._md_acknowledge({notice.line_ids.id: ("4", "6")}, "Dr. Wang, device department")
        self.assertEqual((notice.state, recall.acknowledged_count), ("acknowledged", 1))
        action = notice.with_user(self.coordinator).action_create_return()
        retrieval = self.env["stock.picking"].search(action["domain"])
        self._validate(retrieval, user=self.picker)
        self.assertEqual((notice.qty_retrieved, recall.qty_retrieved), (10, 10))
        self.assertAlmostEqual(recall.retrieved_rate, 100 * 10 / 15, places=2)
        self.assertEqual(lot.md_quality_state, "recalled")
