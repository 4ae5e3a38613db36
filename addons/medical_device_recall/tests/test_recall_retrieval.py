from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallRetrieval(RecallCommon):
    """Recalled goods come back into the returns zone and the recall's progress follows the done transfers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.returns_zone = cls.warehouse.md_returns_location_id
        cls.lot = cls._supplied_lot("RR-A", 40)
        cls.delivery = cls._deliver({cls.lot: 10}, partner=cls.hospital)

    def _start(self):
        recall = self._started(lot_ids=[Command.set(self.lot.ids)])
        notice = recall.notice_ids.filtered(lambda n: n.partner_id == self.hospital)
        return recall, notice

    def _acknowledged(self, on_hand, returned):
        recall, notice = self._start()
        notice.with_user(self.coordinator).action_send()
        self._acknowledge(notice, (on_hand, returned))
        self.assertEqual(notice.state, "acknowledged")
        return recall, notice

    def _done_lines(self, picking):
        return {(ml.lot_id, ml.location_dest_id): ml.quantity for ml in picking.move_line_ids}

    def test_plain_return_updates_progress(self):
        recall, notice = self._start()
        notice.with_user(self.coordinator).method = "phone"
        notice.with_user(self.coordinator).action_mark_notified()
        picking = notice.with_user(self.coordinator)._md_plain_return(self.delivery, {self.lot: 3})
        if "md_return_id" in picking:
            self.assertFalse(picking.md_return_id)
        self.assertEqual(picking.return_id, self.delivery)
        self.assertEqual((picking.location_id.usage, picking.location_dest_id), ("customer", self.returns_zone))
        self.assertEqual(picking.move_ids.location_dest_id, self.returns_zone)
        self.assertEqual(self._done_lines(picking), {(self.lot, self.returns_zone): 3})
        self.assertIn(recall.name, picking.origin)
        self._validate(picking, user=self.picker)
        self.assertEqual(self._quants(self.lot, self.returns_zone), 3)
        self.assertEqual(notice.line_ids.qty_retrieved, 3)
        self.assertEqual((recall.qty_retrieved, recall.retrieved_rate), (3, 30.0))

    def test_retrieval_refused_before_notice(self):
        recall, notice = self._start()
        with self.assertRaisesRegex(UserError, "Notify Test Hospital before retrieving the goods."):
            notice.with_user(self.coordinator).action_create_return()
        self.assertFalse(notice.picking_ids)
        self.assertFalse(self.env["stock.picking"].search([("return_id", "=", self.delivery.id)]))
        self.assertFalse(recall.picking_ids)

    def _sent_back(self, qty):
        """The hospital sends goods back on its own, outside any recall (Odoo's return of the delivery)."""
        return self._customer_return(self.delivery, {self.lot: qty}, self._back_zone())

    def test_returns_before_the_trace_are_not_retrievals(self):
        # Two units came back before the recall, in the very second it started: the notice asks for 8,
        # and those two are not counted again as retrieved.
        moment = fields.Datetime.now()
        with freeze_time(moment):
            self._sent_back(2)
            recall, notice = self._start()
        self.assertEqual(recall.started_on, moment)
        self.assertEqual((notice.line_ids.qty_delivered, notice.line_ids.qty_to_recall), (10, 8))
        recall._md_refresh_retrieval()
        self.assertEqual((notice.line_ids.qty_retrieved, recall.qty_retrieved, recall.retrieved_rate), (0, 0, 0))

    def test_returns_between_trace_and_start_are_retrievals(self):
        # The trace found 10 at the hospital; 3 came back before the recall started: they are retrieved.
        moment = fields.Datetime.now()
        recall = self._recall(lot_ids=[Command.set(self.lot.ids)])
        with freeze_time(moment):
            recall.action_compute_scope()
        with freeze_time(moment + timedelta(hours=1)):
            self._sent_back(3)
        with freeze_time(moment + timedelta(hours=2)):
            recall.action_start()
        notice = recall.notice_ids
        self.assertEqual(notice.line_ids.qty_to_recall, 10)
        recall._md_refresh_retrieval()
        self.assertEqual((notice.line_ids.qty_retrieved, recall.qty_retrieved, recall.retrieved_rate), (3, 3, 30.0))
