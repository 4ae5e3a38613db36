from datetime import date, datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RecallCommon

NOTIFY = "medical_device_recall.mail_activity_recall_notify"
REPORT = "medical_device_recall.mail_activity_recall_report"
OVERDUE = "medical_device_recall.mail_activity_recall_overdue"


@tagged("post_install", "-at_install")
class TestRecallDeadlineRules(RecallCommon):
    """Deadlines per level, working days in Shanghai with public holidays, activities and the overdue job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.company.resource_calendar_id
        cls.calendar.tz = "Asia/Shanghai"
        cls.coordinator.tz = "Asia/Shanghai"
        cls.lot = cls._stock_lot(cls.syringe, "DD-LOT", 5)

    def _holiday(self, day):
        """A public holiday: the whole Shanghai day, for everyone on the company calendar."""
        start = datetime.combine(day, datetime.min.time()) - timedelta(hours=8)
        return self.env["resource.calendar.leaves"].create({
            "name": "Public holiday", "calendar_id": self.calendar.id, "resource_id": False,
            "date_from": start, "date_to": start + timedelta(hours=23, minutes=59, seconds=59)})

    def _report_deadline(self, decided):
        return self._recall(decision_date=decided, lot_ids=[self.lot.id]).report_deadline

    def _activity(self, recall, xmlid):
        return recall.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(xmlid))

    def test_calendar_is_the_standard_week(self):
        hours = {(int(a.dayofweek), a.hour_from, a.hour_to)
                 for a in self.calendar.attendance_ids if a.day_period != "lunch"}
        self.assertEqual(hours, {(d, h_from, h_to) for d in range(5) for h_from, h_to in ((8, 12), (13, 17))})

    def test_notify_deadline_per_level(self):
        decided = datetime(2026, 11, 23, 1, 0)
        expected = {"1": datetime(2026, 11, 24, 1, 0), "2": datetime(2026, 11, 26, 1, 0),
                    "3": datetime(2026, 11, 30, 1, 0)}
        for level, deadline in expected.items():
            recall = self._recall(level=level, decision_date=decided, lot_ids=[self.lot.id])
            self.assertEqual(recall.notify_deadline, deadline)
        # The deadline follows a change of level or decision while the recall is a draft.
        recall.write({"level": "1", "decision_date": datetime(2026, 11, 20, 7, 30)})
        self.assertEqual(recall.notify_deadline, datetime(2026, 11, 21, 7, 30))
        recall.decision_date = False
        self.assertEqual((recall.notify_deadline, recall.report_deadline), (False, False))

    def test_report_deadline_in_working_days(self):
        # Monday 09:00 Shanghai: Tue, Wed, Thu, Fri, Mon -> Monday 30th, 17:00 Shanghai = 09:00 UTC.
        self.assertEqual(self._report_deadline(datetime(2026, 11, 23, 1, 0)), datetime(2026, 11, 30, 9, 0))
        # Sunday 20:00 UTC is already Monday 04:00 in Shanghai: the same deadline.
        self.assertEqual(self._report_deadline(datetime(2026, 11, 22, 20, 0)), datetime(2026, 11, 30, 9, 0))
        # Monday 16:30 UTC is Tuesday 00:30 in Shanghai: one working day later.
        self.assertEqual(self._report_deadline(datetime(2026, 11, 23, 16, 30)), datetime(2026, 12, 1, 9, 0))
        # Friday: Mon, Tue, Wed, Thu, Fri -> next Friday.
        self.assertEqual(self._report_deadline(datetime(2026, 11, 27, 1, 0)), datetime(2026, 12, 4, 9, 0))
        # Saturday: the weekend does not count.
        self.assertEqual(self._report_deadline(datetime(2026, 11, 28, 3, 0)), datetime(2026, 12, 4, 9, 0))

    def test_public_holidays_push_the_report_deadline(self):
        self._holiday(date(2026, 11, 26))
        self.assertEqual(self._report_deadline(datetime(2026, 11, 23, 1, 0)), datetime(2026, 12, 1, 9, 0))
        self._holiday(date(2026, 12, 2))
        self.assertEqual(self._report_deadline(datetime(2026, 11, 27, 1, 0)), datetime(2026, 12, 7, 9, 0))
        # Holidays on a weekend or on the decision day itself push nothing.
        self._holiday(date(2026, 11, 29))
        self._holiday(date(2026, 12, 11))
        self.assertEqual(self._report_deadline(datetime(2026, 12, 11, 1, 0)), datetime(2026, 12, 18, 9, 0))
        # A person's leave on the company calendar is no public holiday.
        resource = self.env["resource.resource"].create({"name": "Ren Recall", "calendar_id": self.calendar.id})
        self.env["resource.calendar.leaves"].create({
            "name": "Annual leave", "calendar_id": self.calendar.id, "resource_id": resource.id,
            "date_from": datetime(2026, 12, 14, 0, 0), "date_to": datetime(2026, 12, 15, 10, 0)})
        self.assertEqual(self._report_deadline(datetime(2026, 12, 11, 1, 0)), datetime(2026, 12, 18, 9, 0))
        # The notification deadline runs in calendar days, holidays or not.
        recall = self._recall(level="2", decision_date=datetime(2026, 11, 23, 1, 0), lot_ids=[self.lot.id])
        self.assertEqual(recall.notify_deadline, datetime(2026, 11, 26, 1, 0))

    def _delivered_recall(self, level, decided):
        lot = self._supplied_lot(f"DD-{level}-{len(self.env['md.recall'].search([]))}", 6)
        self._deliver({lot: 2}, partner=self.hospital)
        self._deliver({lot: 1}, partner=self.hospital_2)
        recall = self._recall(level=level, decision_date=decided, lot_ids=[lot.id])
        recall.action_compute_scope()
        return recall

    def test_activities_follow_the_deadlines(self):
        # Monday 20:00 UTC is Tuesday 04:00 in Shanghai, where the coordinator works.
        recall = self._delivered_recall("3", datetime(2026, 11, 23, 20, 0))
        with freeze_time("2026-11-24 02:00:00"):
            recall.action_start()
            self.assertEqual((recall.notify_deadline, recall.report_deadline),
                             (datetime(2026, 11, 30, 20, 0), datetime(2026, 12, 1, 9, 0)))
            notify, report = self._activity(recall, NOTIFY), self._activity(recall, REPORT)
            self.assertEqual([(a.user_id, a.date_deadline) for a in notify], [(self.coordinator, date(2026, 12, 1))])
            self.assertEqual([(a.user_id, a.date_deadline) for a in report], [(self.coordinator, date(2026, 12, 1))])
            self.assertFalse(self._activity(recall, OVERDUE))
            self.assertEqual(len(recall.notice_ids), 2)

            first, second = recall.notice_ids
            first.method = second.method = "phone"
            first.with_user(self.coordinator).action_mark_notified()
            self.assertEqual(self._activity(recall, NOTIFY), notify, "one consignee is still to be notified")
            second.with_user(self.coordinator).action_mark_notified()
            self.assertFalse(self._activity(recall, NOTIFY))
            self.assertEqual(self._activity(recall, REPORT), report)
            done = self.env["mail.message"].search([
                ("model", "=", "md.recall"), ("res_id", "=", recall.id),
                ("mail_activity_type_id", "=", self.env.ref(NOTIFY).id)])
            self.assertEqual(len(done), 1)
            self.assertFalse(recall.report_submitted_on)

        with freeze_time("2026-11-26 03:00:00"):
            with self.assertRaisesRegex(AccessError, "Only recall coordinators run recalls."):
                recall.with_user(self.keeper).action_report_submitted()
            self.assertFalse(recall.report_submitted_on)
            self.assertEqual(self._activity(recall, REPORT), report)
            recall.with_user(self.coordinator).action_report_submitted()
            self.assertEqual(recall.report_submitted_on, date(2026, 11, 26))
            self.assertFalse(recall.activity_ids)

        with freeze_time("2026-11-28 03:00:00"):
            with self.assertRaisesRegex(UserError, "on record as submitted on 2026-11-26"):
                recall.with_user(self.coordinator).action_report_submitted()
            self.assertEqual(recall.report_submitted_on, date(2026, 11, 26))

    def test_deadline_status(self):
        recall = self._delivered_recall("2", datetime(2026, 11, 23, 1, 0))
        self.assertEqual(recall.deadline_status, "none")
        with freeze_time("2026-11-23 02:00:00"):
            recall.action_start()
            self.assertEqual(recall.deadline_status, "on_time")
        with freeze_time("2026-11-25 01:00:00"):
            recall.invalidate_recordset(["deadline_status"])
            self.assertEqual(recall.deadline_status, "due_soon")
        with freeze_time("2026-11-26 01:00:01"):
            recall.invalidate_recordset(["deadline_status"])
            self.assertEqual(recall.deadline_status, "overdue")
            recall.notice_ids[0].method = "phone"
            recall.notice_ids[0].with_user(self.coordinator).action_mark_notified()
            recall.invalidate_recordset(["deadline_status"])
            self.assertEqual(recall.deadline_status, "overdue", "one consignee is still not notified")
            recall.notice_ids[1].method = "visit"
            recall.notice_ids[1].with_user(self.coordinator).action_mark_notified()
            self.assertEqual(recall.deadline_status, "met")

    def test_cron_flags_missed_deadlines_once(self):
        recall = self._delivered_recall("1", datetime(2026, 11, 23, 1, 0))
        Recall = self.env["md.recall"]
        with freeze_time("2026-11-23 02:00:00"):
            recall.action_start()
            late = recall.notice_ids.filtered(lambda n: n.partner_id == self.hospital)
            on_time = recall.notice_ids - late
            on_time.method = "phone"
            on_time.with_user(self.coordinator).action_mark_notified()
        with freeze_time("2026-11-24 00:59:59"):
            Recall._cron_md_recall_deadlines()
            self.assertFalse(recall.notice_ids.filtered("overdue"))
            self.assertFalse(self._activity(recall, OVERDUE))
            self.assertEqual(recall.overdue_count, 0)
        with freeze_time("2026-11-24 01:00:01"):
            Recall._cron_md_recall_deadlines()
            Recall._cron_md_recall_deadlines()
            self.assertEqual((late.overdue, on_time.overdue), (True, False))
            self.assertEqual(recall.overdue_count, 1)
            overdue = self._activity(recall, OVERDUE)
            self.assertEqual(len(overdue), 1)
            self.assertTrue(overdue.user_id.has_group("medical_device_base.group_md_qa_manager"))
            self.assertFalse(overdue.user_id.share)
            self.assertIn(self.company, overdue.user_id.company_ids)
            self.assertIn("1 consignee(s) not notified by 2026-11-24 01:00:00 UTC", overdue.note)
            # Notified late: the flag clears, and the next run tells nobody again.
            late.method = "phone"
            late.with_user(self.coordinator).action_mark_notified()
            Recall._cron_md_recall_deadlines()
            self.assertEqual((late.overdue, recall.overdue_count), (False, 0))
            self.assertEqual(len(self._activity(recall, OVERDUE)), 1)

    def test_cron_leaves_draft_and_notified_recalls_alone(self):
        draft = self._delivered_recall("1", datetime(2026, 11, 20, 1, 0))
        notified = self._delivered_recall("1", datetime(2026, 11, 20, 1, 0))
        with freeze_time("2026-11-20 02:00:00"):
            notified.action_start()
            notified.notice_ids.method = "fax"
            notified.notice_ids.with_user(self.coordinator).action_mark_notified()
        # After the notification deadline (21st 01:00), before the acknowledgement one (21st 02:00).
        with freeze_time("2026-11-21 01:30:00"):
            self.env["md.recall"]._cron_md_recall_deadlines()
        self.assertFalse(self._activity(draft, OVERDUE) or self._activity(notified, OVERDUE))
        self.assertFalse(notified.notice_ids.filtered("overdue"))
        self.assertEqual(notified.deadline_status, "met")
        # Not acknowledged in time: the notices are late, but the notification deadline was met.
        with freeze_time("2026-11-21 02:00:01"):
            self.env["md.recall"]._cron_md_recall_deadlines()
        self.assertEqual(notified.notice_ids.mapped("overdue"), [True, True])
        self.assertFalse(self._activity(draft, OVERDUE) or self._activity(notified, OVERDUE))
        self.assertFalse(draft.notice_ids)

    def test_qa_is_told_once_even_after_acting_on_it(self):
        recall = self._delivered_recall("1", datetime(2026, 11, 23, 1, 0))
        Recall = self.env["md.recall"]
        with freeze_time("2026-11-23 02:00:00"):
            recall.action_start()
        with freeze_time("2026-11-24 02:00:00"):
            Recall._cron_md_recall_deadlines()
            overdue = self._activity(recall, OVERDUE)
            self.assertEqual(len(overdue), 1)
            overdue.with_user(overdue.user_id).action_feedback(feedback="Coordinator called, notices go out today")
            self.assertFalse(self._activity(recall, OVERDUE))
        with freeze_time("2026-11-25 02:00:00"):
            Recall._cron_md_recall_deadlines()
            self.assertFalse(self._activity(recall, OVERDUE), "QA heard of this missed deadline already")
            self.assertEqual(recall.overdue_count, 2)

    def test_recall_without_consignees_has_nobody_to_notify(self):
        lot = self._supplied_lot("DD-SHELF", 4)
        recall = self._recall(level="1", decision_date=datetime(2026, 11, 23, 1, 0), lot_ids=[lot.id])
        recall.action_compute_scope()
        with freeze_time("2026-11-23 02:00:00"):
            recall.action_start()
            self.assertFalse(recall.notice_ids)
            self.assertFalse(self._activity(recall, NOTIFY), "there is nobody to notify")
            self.assertEqual(len(self._activity(recall, REPORT)), 1)
            self.assertEqual(recall.deadline_status, "met")
        with freeze_time("2026-11-25 02:00:00"):
            recall.invalidate_recordset(["deadline_status"])
            self.assertEqual(recall.deadline_status, "met")
            self.env["md.recall"]._cron_md_recall_deadlines()
            self.assertFalse(self._activity(recall, OVERDUE))

    def test_deadlines_are_fixed_with_the_calendar_of_the_start(self):
        recall = self._delivered_recall("2", datetime(2026, 11, 23, 1, 0))
        self.assertEqual(recall.report_deadline, datetime(2026, 11, 30, 9, 0))
        # A public holiday declared while the recall was a draft counts when it starts.
        self._holiday(date(2026, 11, 25))
        with freeze_time("2026-11-23 02:00:00"):
            recall.action_start()
        self.assertEqual(recall.report_deadline, datetime(2026, 12, 1, 9, 0))
        self.assertEqual(self._activity(recall, REPORT).date_deadline, date(2026, 12, 1))
        # Once started, the deadlines on record no longer move, whatever happens to the calendar.
        self._holiday(date(2026, 11, 27))
        self.company.resource_calendar_id = self.calendar.copy({"name": "Berlin office", "tz": "Europe/Berlin"})
        self.env.flush_all()
        recall.invalidate_recordset()
        self.assertEqual((recall.notify_deadline, recall.report_deadline),
                         (datetime(2026, 11, 26, 1, 0), datetime(2026, 12, 1, 9, 0)))

    def _close_of(self, day, calendar):
        """When ``day``'s last attendance on ``calendar`` ends, in UTC: what a working day's deadline means."""
        hour_to = max(a.hour_to for a in calendar.attendance_ids
                      if int(a.dayofweek) == day.weekday() and a.day_period != "lunch")
        close = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour_to)
        return pytz.timezone(calendar.tz).localize(close).astimezone(pytz.utc).replace(tzinfo=None)

    def test_report_deadline_is_the_close_of_the_fifth_working_day(self):
        for tz in ("Asia/Shanghai", "America/New_York"):
            self.calendar.tz = tz
            # Monday 23 November 2026, 09:00 UTC (a Monday in both places): Tue to Fri, then Monday the 30th.
            self.assertEqual(self._report_deadline(datetime(2026, 11, 23, 9, 0)),
                             self._close_of(date(2026, 11, 30), self.calendar), tz)
            # Friday 27 November: Mon to Thu, then Friday 4 December.
            self.assertEqual(self._report_deadline(datetime(2026, 11, 27, 9, 0)),
                             self._close_of(date(2026, 12, 4), self.calendar), tz)
        # The close is the end of the afternoon in the calendar's time zone: 17:00 in New York, 22:00 UTC.
        self.assertEqual(self._close_of(date(2026, 11, 30), self.calendar), datetime(2026, 11, 30, 22, 0))
        # A public holiday on Wednesday 25 November pushes the Monday decision's deadline to Tuesday 1 December.
        self.calendar.tz = "Asia/Shanghai"
        self._holiday(date(2026, 11, 25))
        self.assertEqual(self._report_deadline(datetime(2026, 11, 23, 9, 0)),
                         self._close_of(date(2026, 12, 1), self.calendar))
