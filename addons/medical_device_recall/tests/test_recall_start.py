from datetime import datetime, timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallFreeze(RecallCommon):
    """Starting a recall freezes its lots: no reservation, no delivery, no way back to saleable stock."""

    def test_start_freezes_lots_and_records_the_change(self):
        recalled = self._supplied_lot("FR-BAD", 10, days=300)
        other = self._supplied_lot("FR-GOOD", 10, days=500)
        recall = self._started(lot_ids=[recalled.id])
        self.assertEqual((recalled.md_quality_state, other.md_quality_state), ("recalled", "released"))
        self.assertEqual(recall.scope_lot_ids.previous_state, "released")
        change = recalled.md_quality_line_ids.change_id.filtered(lambda c: c.new_state == "recalled")
        self.assertEqual((change.origin, change.state), (recall.name, "done"))
        # FEFO would take the recalled lot first; it is skipped.
        delivery = self._delivery(self.syringe, 4)
        self.assertEqual(delivery.move_line_ids.lot_id, other)
        self.assertEqual(sum(delivery.move_line_ids.mapped("quantity")), 4)

    def test_open_delivery_is_blocked_naming_the_recall(self):
        lot = self._supplied_lot("FR-OPEN", 10)
        delivery = self._delivery(self.syringe, 3)
        self.assertEqual(delivery.move_line_ids.lot_id, lot)
        recall = self._started(level="1", lot_ids=[lot.id])
        review = self._review(delivery)
        self.assertIn(recall.name, " ".join(review.problem_ids.mapped("message")))
        with self.assertRaisesRegex(UserError, rf"{recall.name} \(Level I\)"):
            delivery.with_user(self.picker).with_context(skip_backorder=True).button_validate()
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual((self._quants(lot, self.stock), self._quants(lot, self.customer_loc)), (10, 0))
        problems = self.env["stock.lot"]._md_delivery_problems(self.syringe, lot)
        self.assertEqual([code for code, _message in problems], ["lot_state"])
        self.assertIn("may not be reserved or delivered", problems[0][1])

    def test_recalled_goods_go_to_segregation_only(self):
        lot = self._supplied_lot("FR-SEG", 10)
        recall = self._started(lot_ids=[lot.id])
        Lot = self.env["stock.lot"]
        Lot._md_move_quantities([(lot, 4, self.stock, self.nonconforming)], recall.name)
        self.assertEqual(self._quants(lot, self.nonconforming), 4)
        with self.assertRaisesRegex(UserError, rf"recalled under {recall.name}.*stay segregated"):
            Lot._md_move_quantities([(lot, 4, self.nonconforming, self.stock)], recall.name)
        self.assertEqual((self._quants(lot, self.nonconforming), self._quants(lot, self.stock)), (4, 6))

    def test_a_second_recall_keeps_the_lot_recalled(self):
        lot = self._supplied_lot("FR-TWICE", 5)
        self._started(lot_ids=[lot.id])
        second = self._started(lot_ids=[lot.id])
        self.assertEqual((second.state, lot.md_quality_state), ("ongoing", "recalled"))
        self.assertFalse(second.scope_lot_ids.previous_state)

    def test_start_refusals_change_nothing(self):
        lot = self._supplied_lot("FR-REF", 5)
        unscoped = self._recall(lot_ids=[lot.id])
        with self.assertRaisesRegex(UserError, "Compute the scope first"):
            unscoped.action_start()
        no_hazard = self._recall(lot_ids=[lot.id], hazard_assessment=False)
        no_hazard.action_compute_scope()
        future = self._recall(lot_ids=[lot.id], decision_date=fields.Datetime.now() + timedelta(days=2))
        future.action_compute_scope()
        for recall, message in ((no_hazard, "hazard assessment"), (future, "decision date lies in the future")):
            with self.assertRaisesRegex(UserError, message):
                recall.action_start()
        with self.assertRaises(AccessError):
            no_hazard.with_user(self.keeper).action_start()
        for recall in (unscoped, no_hazard, future):
            self.assertEqual((recall.state, recall.notice_ids.ids), ("draft", []))
        self.assertEqual(lot.md_quality_state, "released")
        self.assertFalse(lot.md_quality_line_ids.filtered(lambda l: l.change_id.new_state == "recalled"))

    def test_started_recall_is_on_record(self):
        lot = self._supplied_lot("FR-LOCK", 5)
        draft = self._recall(lot_ids=[lot.id])
        recall = self._started(lot_ids=[lot.id])
        with self.assertRaisesRegex(UserError, "has already started"):
            recall.action_start()
        for values in ({"level": "1"}, {"reason": "Something else"}, {"lot_ids": [(5,)]}):
            with self.assertRaisesRegex(UserError, "can no longer be changed"):
                recall.write(values)
        self.assertEqual((recall.level, recall.reason), ("2", "Balloon may not deflate"))
        with self.assertRaisesRegex(UserError, "Only draft recalls can be deleted"):
            recall.unlink()
        with self.assertRaisesRegex(UserError, "closed, not cancelled"):
            recall.action_cancel()
        draft.action_cancel()
        self.assertEqual(draft.state, "cancel")
        self._recall(lot_ids=[lot.id]).unlink()


@tagged("post_install", "-at_install")
class TestRecallDeadlines(RecallCommon):
    """Legal deadlines by level, working days with public holidays, activities and the overdue job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Shanghai"
        cls.lot = cls._stock_lot(cls, cls.syringe, "DL-LOT", 5)

    def test_notify_deadline_per_level(self):
        decided = datetime(2026, 11, 23, 1, 0)
        for level, days in (("1", 1), ("2", 3), ("3", 7)):
            recall = self._recall(level=level, decision_date=decided, lot_ids=[self.lot.id])
            self.assertEqual(recall.notify_deadline, decided + timedelta(days=days))

    def test_report_deadline_in_working_days(self):
        # Monday 09:00 in Shanghai: Tuesday to the next Monday, end of its working day (17:00 = 09:00 UTC).
        monday = self._recall(decision_date=datetime(2026, 11, 23, 1, 0), lot_ids=[self.lot.id])
        self.assertEqual(monday.report_deadline, datetime(2026, 11, 30, 9, 0))
        friday = self._recall(decision_date=datetime(2026, 11, 27, 1, 0), lot_ids=[self.lot.id])
        self.assertEqual(friday.report_deadline, datetime(2026, 12, 4, 9, 0))
        self.env["resource.calendar.leaves"].create({
            "name": "Public holiday", "calendar_id": self.calendar.id, "resource_id": False,
            "date_from": datetime(2026, 12, 1, 16, 0), "date_to": datetime(2026, 12, 2, 15, 59)})
        later = self._recall(decision_date=datetime(2026, 11, 27, 1, 0), lot_ids=[self.lot.id])
        self.assertEqual(later.report_deadline, datetime(2026, 12, 7, 9, 0))

    def _activity(self, recall, xmlid):
        return recall.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(xmlid))

    def test_activities_follow_the_deadlines(self):
        self.hospital.email = False
        self._deliver({self._supplied_lot("DL-ACT", 5): 2}, partner=self.hospital)
        recall = self._started(level="3", lot_ids=self.env["stock.lot"].search([("name", "=", "DL-ACT")]).ids)
        notify = self._activity(recall, "medical_device_recall.mail_activity_recall_notify")
        report = self._activity(recall, "medical_device_recall.mail_activity_recall_report")
        self.assertEqual((notify.user_id, report.user_id), (self.coordinator, self.coordinator))
        tz = pytz.timezone(self.coordinator.tz or "Asia/Shanghai")
        self.assertEqual(notify.date_deadline, pytz.utc.localize(recall.notify_deadline).astimezone(tz).date())
        self.assertEqual(report.date_deadline, pytz.utc.localize(recall.report_deadline).astimezone(tz).date())
        self.assertEqual(recall.deadline_status, "on_time")
        notice = recall.notice_ids
        notice.method = "phone"
        notice.with_user(self.coordinator).action_mark_notified()
        self.assertFalse(self._activity(recall, "medical_device_recall.mail_activity_recall_notify"))
        self.assertEqual(recall.deadline_status, "met")
        recall.with_user(self.coordinator).action_report_submitted()
        self.assertFalse(self._activity(recall, "medical_device_recall.mail_activity_recall_report"))
        self.assertEqual(recall.report_submitted_on, fields.Date.context_today(recall))

    def test_missed_deadline_flags_notices_and_tells_qa_once(self):
        lot = self._supplied_lot("DL-LATE", 5)
        self._deliver({lot: 2}, partner=self.hospital)
        recall = self._recall(level="1", lot_ids=[lot.id],
                              decision_date=fields.Datetime.now() - timedelta(hours=20))
        recall.action_compute_scope()
        recall.action_start()
        recall.env["md.recall"]._cron_md_recall_deadlines()
        self.assertFalse(recall.notice_ids.overdue)
        self.assertEqual(recall.deadline_status, "due_soon")
        recall.with_context(md_recall_internal=True).decision_date = fields.Datetime.now() - timedelta(days=2)
        self.assertEqual(recall.deadline_status, "overdue")
        Recall = self.env["md.recall"]
        Recall._cron_md_recall_deadlines()
        Recall._cron_md_recall_deadlines()
        overdue = self._activity(recall, "medical_device_recall.mail_activity_recall_overdue")
        self.assertEqual(len(overdue), 1)
        self.assertTrue(overdue.user_id.has_group("medical_device_base.group_md_qa_manager"))
        self.assertTrue(recall.notice_ids.overdue)
        self.assertEqual(recall.overdue_count, 1)
