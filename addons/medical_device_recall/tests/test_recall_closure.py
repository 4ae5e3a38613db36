from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallClosure(RecallCommon):
    """Effectiveness figures and checks, and the closure under a QA signature."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hospital_3 = cls.env["res.partner"].create({"name": "Third Test Hospital", "is_company": True,
                                                        "email": "devices@hospital3.example.com"})
        cls.env["md.licence"].create({
            "partner_id": cls.hospital_3.id, "licence_type": "institution", "name": "PDY-TEST-0003",
            "issue_date": cls.today.replace(year=cls.today.year - 1),
            "expiry_date": cls.today.replace(year=cls.today.year + 4)})
        # 10 at the first hospital, 5 at each of the others: 3 consignees, 20 to recall.
        cls.lot = cls._supplied_lot("RX-A", 40)
        cls.delivery = cls._deliver({cls.lot: 10}, partner=cls.hospital)
        cls._deliver({cls.lot: 5}, partner=cls.hospital_2)
        cls._deliver({cls.lot: 5}, partner=cls.hospital_3)
        cls.recall = cls._started(lot_ids=[Command.set(cls.lot.ids)])
        cls.notices = {n.partner_id: n.with_user(cls.coordinator) for n in cls.recall.notice_ids}

    def _progress(self, recall=None):
        recall = recall or self.recall
        return (recall.consignee_count, recall.notified_count, recall.acknowledged_count,
                round(recall.notified_rate, 2), round(recall.acknowledged_rate, 2),
                recall.qty_to_recall, recall.qty_retrieved, round(recall.retrieved_rate, 2))

    def _notify_two_acknowledge_one(self):
        """Hospital: e-mailed, acknowledged 6 on hand and 6 retrieved; hospital 2: phoned; hospital 3: nothing."""
        first = self.notices[self.hospital]
        first.action_send()
        self._acknowledge(first, (6, 0))
        second = self.notices[self.hospital_2]
        second.method = "phone"
        second.action_mark_notified()
        back = first._md_plain_return(self.delivery, {self.lot: 6})
        self._validate(back, user=self.picker)

    def _check(self, recall=None, user=None):
        return self.env["md.recall.check"].with_user(user or self.coordinator).create({
            "recall_id": (recall or self.recall).id, "partner_id": self.hospital.id, "method": "phone",
            "result": "effective", "note": "Ward confirmed the units are set apart and 6 came back."})

    def _ready_to_close(self):
        self._notify_two_acknowledge_one()
        third = self.notices[self.hospital_3]
        third.method = "visit"
        third.action_mark_notified()
        self._check()
        self.recall.with_user(self.coordinator).summary = "All consignees notified; 6 of 20 units retrieved, " \
                                                          "14 used in procedures before the recall."
        self.recall.with_user(self.coordinator).action_report_submitted()

    def _signatures(self, record):
        return self.env["md.signature"].sudo().search([("res_model", "=", record._name),
                                                       ("res_id", "=", record.id)])

    # Effectiveness --------------------------------------------------------------------

    def test_effectiveness_figures(self):
        self.assertEqual(self._progress(), (3, 0, 0, 0, 0, 20, 0, 0))
        self._notify_two_acknowledge_one()
        self.assertEqual(self._progress(), (3, 2, 1, 66.67, 33.33, 20, 6, 30.0))
        self.notices[self.hospital_3].method = "post"
        self.notices[self.hospital_3].action_mark_notified()
        self.assertEqual(self._progress(), (3, 3, 1, 100.0, 33.33, 20, 6, 30.0))

    def test_rates_per_level(self):
        self._notify_two_acknowledge_one()
        # Level I, one consignee, notified: 100 / 0 / 0.
        lot_1 = self._supplied_lot("RX-B", 10)
        self._deliver({lot_1: 4}, partner=self.hospital)
        level_1 = self._started(level="1", lot_ids=[Command.set(lot_1.ids)])
        level_1.notice_ids.with_user(self.coordinator).action_send()
        # Another level II, one consignee, not notified yet: 0 / 0 / 0.
        lot_2 = self._supplied_lot("RX-C", 10)
        self._deliver({lot_2: 2}, partner=self.hospital_2)
        other = self._started(level="2", lot_ids=[Command.set(lot_2.ids)])
        self.assertEqual(self._progress(level_1), (1, 1, 0, 100.0, 0, 4, 0, 0))
        self.assertEqual(self._progress(other), (1, 0, 0, 0, 0, 2, 0, 0))
        groups = self.env["md.recall"].with_user(self.coordinator).read_group(
            [("id", "in", (self.recall | level_1 | other).ids)],
            ["notified_rate", "acknowledged_rate", "retrieved_rate", "qty_to_recall"], ["level"])
        by_level = {g["level"]: (g["level_count"], round(g["notified_rate"], 2), round(g["acknowledged_rate"], 2),
                                 round(g["retrieved_rate"], 2), g["qty_to_recall"]) for g in groups}
        self.assertEqual(by_level, {"1": (1, 100.0, 0, 0, 4), "2": (2, 33.33, 16.67, 15.0, 22)})

    # Checks --------------------------------------------------------------------------

    def test_checks_only_while_ongoing(self):
        check = self._check()
        self.assertEqual((check.user_id, check.recall_id.check_ids), (self.coordinator, check))
        draft = self._recall(lot_ids=[Command.set(self.lot.ids)])
        with self.assertRaisesRegex(UserError, f"recorded while the recall is ongoing \\({draft.name}\\)"):
            self._check(draft)
        self.assertFalse(draft.check_ids)
        self._ready_to_close()
        self.recall.with_user(self.qa_user)._md_sign("closed")
        checks = self.recall.check_ids
        with self.assertRaisesRegex(UserError, f"recorded while the recall is ongoing \\({self.recall.name}\\)"):
            self._check()
        with self.assertRaisesRegex(UserError, "recorded while the recall is ongoing"):
            check.with_user(self.coordinator).note = "Changed afterwards"
        with self.assertRaisesRegex(UserError, "recorded while the recall is ongoing"):
            check.with_user(self.coordinator).unlink()
        self.assertEqual(self.recall.check_ids, checks)
        self.assertEqual(check.note, "Ward confirmed the units are set apart and 6 came back.")

    # Closure -------------------------------------------------------------------------

    def test_close_refused_with_everything_missing(self):
        self._notify_two_acknowledge_one()
        retrieved = self.notices[self.hospital].line_ids.qty_retrieved
        messages = len(self.recall.message_ids)
        with self.assertRaises(UserError) as caught:
            self.recall.with_user(self.qa_user)._md_sign("closed")
        message = str(caught.exception)
        self.assertEqual(message.splitlines(), [
            f"{self.recall.name} cannot be closed:",
            "• Write the summary and effectiveness evaluation.",
            "• 1 consignee(s) not notified: Third Test Hospital.",
            "• Record at least one effectiveness check.",
            "• Record the submission of the investigation report and recall plan.",
        ])
        self.assertEqual((self.recall.state, self.recall.md_signed, self.recall.closed_on), ("ongoing", False, False))
        self.assertFalse(self._signatures(self.recall))
        self.assertEqual(len(self.recall.message_ids), messages)
        self.assertEqual(self.notices[self.hospital].line_ids.qty_retrieved, retrieved)

    def test_close_refused_for_coordinator(self):
        self._ready_to_close()
        with self.assertRaisesRegex(AccessError, "Only members of .*QA Manager may sign"):
            self.recall.with_user(self.coordinator)._md_sign("closed")
        self.assertEqual((self.recall.state, self.recall.md_signed), ("ongoing", False))
        self.assertFalse(self._signatures(self.recall))

    def test_close_with_signature(self):
        self._ready_to_close()
        signature = self.recall.with_user(self.qa_user)._md_sign("closed")
        self.assertEqual(self.recall.state, "closed")
        self.assertTrue(self.recall.closed_on)
        self.assertTrue(self.recall.md_signed)
        self.assertEqual(self._signatures(self.recall), signature)
        self.assertEqual((signature.meaning, signature.signer_id, signature.res_id), ("closed", self.qa_user,
                                                                                       self.recall.id))
        self.assertIn('"qty_retrieved":"6.00"', signature.content)
        self.assertIn("14 used in procedures", signature.content)
        self.assertIn("Qiang QA", self.recall.md_signature_manifest)
        self.assertFalse(self.recall.activity_ids.filtered(lambda a: a.activity_type_id in (
            self.env.ref("medical_device_recall.mail_activity_recall_notify")
            | self.env.ref("medical_device_recall.mail_activity_recall_report"))))
        with self.assertRaisesRegex(UserError, "is signed; Summary and Effectiveness Evaluation can no longer"):
            self.recall.with_user(self.coordinator).summary = "Rewritten"
        self.assertIn("14 used in procedures", self.recall.summary)
        with self.assertRaisesRegex(UserError, "Only draft recalls can be deleted"):
            self.recall.with_user(self.coordinator).unlink()
        self.assertTrue(self.recall.exists())
        with self.assertRaisesRegex(UserError, "is not ongoing"):
            self.recall.with_user(self.qa_user)._md_sign("closed")
        self.assertEqual(self._signatures(self.recall), signature)

    def test_closed_figures_stay_those_signed(self):
        self._ready_to_close()
        self.recall.with_user(self.qa_user)._md_sign("closed")
        # A late return after closure does not change the signed figures.
        back = self.notices[self.hospital_2]._md_plain_return(
            self.recall.position_ids.filtered(lambda p: p.partner_id == self.hospital_2).picking_id, {self.lot: 2})
        self._validate(back, user=self.picker)
        self.recall._md_refresh_retrieval()
        self.assertEqual((self.recall.qty_retrieved, self.recall.retrieved_rate), (6, 30.0))
