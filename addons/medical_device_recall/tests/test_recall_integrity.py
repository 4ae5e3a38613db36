from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import RecallCommon

BUTTONS_ONLY = "change only through its buttons"


@tagged("post_install", "-at_install")
class TestRecallIntegrity(RecallCommon):
    """Status, who and when of recalls and notices move only through their buttons; no context key helps."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._supplied_lot("INT-RC", 20)
        cls._deliver({cls.lot: 6}, partner=cls.hospital)
        cls.recall = cls._started(lot_ids=[Command.set(cls.lot.ids)])
        cls.notice = cls.recall.notice_ids
        cls.line = cls.notice.line_ids

    def _snapshot(self, records, names):
        records.invalidate_recordset()
        return [{name: record[name] for name in names} for record in records]

    # md.recall -----------------------------------------------------------------------

    def test_coordinator_cannot_close_or_stamp_a_recall(self):
        recall = self.recall.with_user(self.coordinator)
        before = self._snapshot(self.recall, ["state", "started_by", "started_on", "closed_on",
                                              "report_submitted_on", "scope_computed_on", "notify_deadline"])
        forged = [
            {"state": "closed"}, {"state": "cancel"}, {"closed_on": fields.Datetime.now()},
            {"started_by": self.env.user.id}, {"started_on": fields.Datetime.now() - timedelta(days=9)},
            {"report_submitted_on": fields.Date.today()}, {"scope_computed_on": fields.Datetime.now()},
            {"notify_deadline": fields.Datetime.now() + timedelta(days=30)},
        ]
        for vals in forged:
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, BUTTONS_ONLY):
                recall.write(vals)
            # Neither does the context key that used to open the lock.
            with self.subTest(vals=vals, key=True), self.assertRaisesRegex(UserError, BUTTONS_ONLY):
                recall.with_context(md_recall_internal=True, md_workflow=True).write(vals)
        self.assertEqual(self._snapshot(self.recall, list(before[0])), before)
        self.assertFalse(self.recall.md_signed)

    def test_recall_not_created_started(self):
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            self._recall(state="ongoing", lot_ids=[Command.set(self.lot.ids)])
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            self._recall(started_by=self.coordinator.id, lot_ids=[Command.set(self.lot.ids)])

    def test_decision_frozen_whatever_the_context(self):
        before = self._snapshot(self.recall, ["level", "reason", "lot_ids", "decision_date"])
        changes = [{"level": "3"}, {"reason": "Nothing wrong after all"}, {"lot_ids": [Command.clear()]},
                   {"decision_date": fields.Datetime.now() - timedelta(days=20)}]
        for vals in changes:
            for recall in (self.recall.with_user(self.coordinator).with_context(md_recall_internal=True),
                           self.recall.sudo().with_context(md_recall_internal=True)):
                with self.subTest(vals=vals, su=recall.env.su), self.assertRaisesRegex(UserError, "has started"):
                    recall.write(vals)
        self.assertEqual(self._snapshot(self.recall, list(before[0])), before)

    def test_buttons_still_move_the_recall(self):
        self.assertRecordValues(self.recall, [{"state": "ongoing", "started_by": self.coordinator.id}])
        self.recall.with_user(self.coordinator).action_report_submitted()
        self.assertEqual(self.recall.report_submitted_on, fields.Date.context_today(self.recall))
        draft = self._recall(lot_ids=[Command.set(self.lot.ids)])
        draft.with_user(self.coordinator).action_compute_scope()
        self.assertTrue(draft.scope_computed_on)
        draft.with_user(self.coordinator).action_cancel()
        self.assertEqual(draft.state, "cancel")

    def test_buttons_check_the_role(self):
        draft = self._recall(lot_ids=[Command.set(self.lot.ids)])
        for method in ("action_compute_scope", "action_start", "action_cancel"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(draft.with_user(self.keeper), method)()
        with self.assertRaises(AccessError):
            self.recall.with_user(self.keeper).action_report_submitted()
        self.assertRecordValues(draft, [{"state": "draft", "scope_computed_on": False}])
        self.assertRecordValues(self.recall, [{"state": "ongoing", "report_submitted_on": False}])

    def test_retrieval_transfers_linked_by_the_recall_only(self):
        recall = self.recall.with_user(self.coordinator)
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            recall.write({"picking_ids": [Command.link(self.recall.position_ids.picking_id[:1].id)]})
        delivery = self.recall.position_ids.picking_id[:1]
        with self.assertRaisesRegex(UserError, "only by the recall's retrieval"):
            delivery.with_user(self.picker).write({"md_recall_id": self.recall.id})
        self.assertFalse(delivery.md_recall_id)
        self.assertFalse(self.recall.picking_ids)

    # md.recall.notice and its lines -----------------------------------------------

    def test_coordinator_cannot_stamp_a_notice(self):
        notice = self.notice.with_user(self.coordinator)
        forged = [{"state": "acknowledged"}, {"state": "sent"}, {"sent_by": self.env.user.id},
                  {"sent_on": fields.Datetime.now()}, {"acknowledged_by": "Nobody"}, {"acknowledged_via": "link"},
                  {"acknowledged_on": fields.Datetime.now()}, {"overdue": True},
                  {"partner_id": self.hospital_2.id}, {"level": "1"}]
        for vals in forged:
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, BUTTONS_ONLY):
                notice.write(vals)
        self.assertRecordValues(self.notice, [{"state": "draft", "sent_by": False, "acknowledged_by": False,
                                               "overdue": False, "partner_id": self.hospital.id, "level": "2"}])

    def test_coordinator_cannot_type_quantities(self):
        self.notice.with_user(self.coordinator).action_send()
        line = self.line.with_user(self.coordinator)
        for vals in ({"qty_on_hand": 3}, {"qty_returned": 3}, {"qty_to_recall": 100}, {"qty_retrieved": 6},
                     {"qty_delivered": 1}, {"lot_id": self._supplied_lot("INT-OTHER", 1).id}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, BUTTONS_ONLY):
                line.write(vals)
        self.assertRecordValues(self.line, [{"qty_on_hand": 0, "qty_returned": 0, "qty_to_recall": 6,
                                             "qty_retrieved": 0, "lot_id": self.lot.id}])

    def test_acknowledged_by_is_no_context_value(self):
        notice = self.notice.with_user(self.coordinator)
        notice.action_send()
        # The old key named the person and recorded the lines at once; now the button only opens the wizard.
        action = notice.with_context(md_acknowledged_by="Forged Name").action_record_acknowledgement()
        self.assertEqual(action["res_model"], "md.recall.notice.acknowledge")
        self.assertRecordValues(self.notice, [{"state": "sent", "acknowledged_by": False}])

        self._acknowledge(self.notice, (4, 2), name="Dr. Zhou, equipment", note="Counted on the ward")
        self.assertRecordValues(self.notice, [{"state": "acknowledged", "acknowledged_by": "Dr. Zhou, equipment",
                                               "acknowledged_via": "recorded",
                                               "acknowledgement_note": "Counted on the ward"}])
        self.assertEqual((self.line.qty_on_hand, self.line.qty_returned, self.line.qty_used), (4, 2, 0))
        self.assertIn("Test Hospital acknowledged the notice (Dr. Zhou, equipment)", self.recall.message_ids[0].body)

    def test_acknowledgement_wizard_checks(self):
        self.notice.with_user(self.coordinator).action_send()
        # Too much confirmed: refused as a whole, nothing recorded.
        with self.assertRaisesRegex(UserError, "only 6.0 were delivered to you"):
            self._acknowledge(self.notice, (5, 5))
        with self.assertRaisesRegex(UserError, "Give the name of the person confirming"):
            self._acknowledge(self.notice, (1, 1), name=" ")
        self.assertRecordValues(self.notice, [{"state": "sent", "acknowledged_by": False}])
        self.assertEqual((self.line.qty_on_hand, self.line.qty_returned), (0, 0))
        # Only coordinators record a confirmation.
        seller = new_test_user(self.env, "md_int_stock", groups="base.group_user,stock.group_stock_user")
        with self.assertRaises(AccessError):
            self.notice.with_user(seller).action_record_acknowledgement()
        with self.assertRaises(AccessError):
            self._acknowledge(self.notice, (1, 1), user=seller)
        self.assertEqual(self.notice.state, "sent")

    def test_notification_method_on_record(self):
        notice = self.notice.with_user(self.coordinator)
        notice.method = "phone"
        notice.action_mark_notified()
        with self.assertRaisesRegex(UserError, "has been notified: how is on record"):
            notice.method = "visit"
        self.assertEqual(self.notice.method, "phone")

    # Checks and implementation reports -------------------------------------------

    def test_checked_by_is_who_records_the_check(self):
        Check = self.env["md.recall.check"].with_user(self.coordinator)
        values = {"recall_id": self.recall.id, "method": "phone", "result": "effective", "note": "Set apart"}
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            Check.create(dict(values, user_id=self.keeper.id))
        check = Check.create(values)
        self.assertEqual(check.user_id, self.coordinator)
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            check.write({"user_id": self.keeper.id})
        self.assertEqual(check.user_id, self.coordinator)

    def test_report_figures_come_from_the_recall(self):
        Report = self.env["md.recall.report"].with_user(self.coordinator)
        for vals in ({"qty_retrieved": 6}, {"user_id": self.keeper.id},
                     {"date": fields.Datetime.now() - timedelta(days=10)}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, BUTTONS_ONLY):
                Report.create(dict(vals, recall_id=self.recall.id))
        report = Report.create({"recall_id": self.recall.id, "note": "Week 1"})
        self.assertRecordValues(report, [{"user_id": self.coordinator.id, "qty_to_recall": 6, "consignee_count": 1}])
        for vals in ({"qty_retrieved": 6}, {"notified_count": 1}, {"recall_id": self._recall().id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                report.write(vals)
        report.write({"note": "Week 1, updated"})
        self.assertRecordValues(report, [{"qty_retrieved": 0, "notified_count": 0, "recall_id": self.recall.id,
                                          "note": "Week 1, updated"}])
