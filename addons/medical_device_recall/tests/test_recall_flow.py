from odoo.exceptions import UserError
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
        with self.assertRaisesRegex(UserError, recall.name):
            self.env["stock.lot"]._md_delivery_problems(self.syringe, lot) and (_ for _ in ()).throw(
                UserError(self.env["stock.lot"]._md_delivery_problems(self.syringe, lot)[0][1]))
