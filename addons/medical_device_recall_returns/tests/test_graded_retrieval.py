from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.medical_device_recall.tests.common import RecallCommon
from odoo.addons.medical_device_returns.tests.common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestGradedRetrieval(ReturnsCommon, RecallCommon):
    """With the returns add-on, recalled goods come back as returns graded Recall, approved by the recall."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._supplied_lot("RR-A", 40)
        cls.delivery = cls._deliver({cls.lot: 10}, partner=cls.hospital)

    def _acknowledged(self, on_hand, returned):
        recall = self._started(lot_ids=[Command.set(self.lot.ids)])
        notice = recall.notice_ids.filtered(lambda n: n.partner_id == self.hospital)
        notice.with_user(self.coordinator).action_send()
        self._acknowledge(notice, (on_hand, returned))
        self.assertEqual(notice.state, "acknowledged")
        return recall, notice

    def _done_lines(self, picking):
        return {(ml.lot_id, ml.location_dest_id): ml.quantity for ml in picking.move_line_ids}

    def test_graded_return_updates_progress(self):
        recall, notice = self._acknowledged(on_hand=4, returned=2)
        self.assertEqual(recall.qty_to_recall, 10)
        notice.with_user(self.coordinator).action_create_return()
        picking = notice.picking_ids
        self.assertEqual(len(picking), 1)
        record = picking.md_return_id
        self.assertEqual(record.grade_id.code, "recall")
        self.assertEqual(record.grade_id, self.env.ref("medical_device_returns.grade_recall"))
        self.assertEqual((record.state, record.approved_by, record.partner_id, record.origin_picking_id),
                         ("approved", self.coordinator, self.hospital, self.delivery))
        self.assertEqual(record.return_picking_id, picking)
        self.assertEqual(picking.md_recall_id, recall)
        self.assertEqual(recall.picking_ids, picking)
        self.assertEqual((picking.location_id.usage, picking.location_dest_id), ("customer", self.returns_zone))
        self.assertEqual(self._done_lines(picking), {(self.lot, self.returns_zone): 6})
        # Nothing has come back yet.
        self.assertEqual((notice.line_ids.qty_retrieved, recall.qty_retrieved, recall.retrieved_rate), (0, 0, 0))
        with self.assertRaisesRegex(UserError, f"{picking.name} is still open: validate or cancel it first."):
            notice.with_user(self.coordinator).action_create_return()
        self.assertEqual(notice.picking_ids, picking)
        self._validate(picking, user=self.picker)
        self.assertEqual(record.state, "received")
        self.assertEqual(self._quants(self.lot, self.returns_zone), 6)
        self.assertEqual(self.lot.md_quality_state, "recalled", "coming back does not lift the recall")
        self.assertEqual(notice.line_ids.qty_retrieved, 6)
        self.assertEqual(notice.qty_retrieved, 6)
        self.assertEqual((recall.qty_retrieved, recall.retrieved_rate), (6, 60.0))
        returns = self.env["md.return"].search_count([])
        with self.assertRaisesRegex(UserError, "Nothing is left to retrieve from Test Hospital."):
            notice.with_user(self.coordinator).action_create_return()
        self.assertEqual(self.env["md.return"].search_count([]), returns)
        self.assertEqual(notice.picking_ids, picking)

    def test_retrieval_from_the_latest_deliveries_first(self):
        later = self._deliver({self.lot: 5}, partner=self.hospital)
        recall, notice = self._acknowledged(on_hand=12, returned=0)
        self.assertEqual(notice.line_ids.qty_to_recall, 15)
        notice.with_user(self.coordinator).action_create_return()
        by_origin = {p.md_return_id.origin_picking_id: self._done_lines(p) for p in notice.picking_ids}
        self.assertEqual(by_origin, {later: {(self.lot, self.returns_zone): 5},
                                     self.delivery: {(self.lot, self.returns_zone): 7}})
        for picking in notice.picking_ids:
            self._validate(picking, user=self.picker)
        self.assertEqual((recall.qty_retrieved, recall.retrieved_rate), (12, 80.0))
