import base64
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.medical_device_recall.models.md_recall_notice import token_digest

from .common import RecallCommon

ACK_LINK = re.compile(r"/md/recall/ack/([A-Za-z0-9_\-]+)")


@tagged("post_install", "-at_install")
class TestRecallNotices(RecallCommon):
    """One notice per consignee, e-mailed with the printable notice and a one-time link, or recorded."""

    # What _world() builds: the notices of the two hospitals.
    notice_1 = notice_2 = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ward = cls.env["res.partner"].create({
            "name": "Ward 3 Store", "parent_id": cls.hospital.id, "type": "delivery"})
        # Hospital: 10 + 4 (through its ward) of lot A, 5 of lot B; hospital 2: 6 of lot B, 2 sent back.
        cls.lot_a = cls._supplied_lot("RN-A", 30)
        cls.lot_b = cls._supplied_lot("RN-B", 20)
        cls.first = cls._deliver({cls.lot_a: 10}, partner=cls.hospital)
        cls.second = cls._deliver({cls.lot_a: 4, cls.lot_b: 5}, partner=cls.ward)
        cls.third = cls._deliver({cls.lot_b: 6}, partner=cls.hospital_2)
        cls._customer_return(cls.third, {cls.lot_b: 2}, cls._back_zone())

    def _world(self, **recall_values):
        """The recall of both lots, started."""
        recall = self._started(lot_ids=[Command.set((self.lot_a | self.lot_b).ids)], **recall_values)
        self.notice_1 = recall.notice_ids.filtered(lambda n: n.partner_id == self.hospital)
        self.notice_2 = recall.notice_ids.filtered(lambda n: n.partner_id == self.hospital_2)
        return recall

    def _mails(self, notice):
        return self.env["mail.mail"].sudo().search([("model", "=", notice._name), ("res_id", "=", notice.id)],
                                                   order="id")

    def _token(self, mail):
        tokens = ACK_LINK.findall(str(mail.body_html))
        self.assertEqual(len(set(tokens)), 1, "the e-mail carries exactly one acknowledgement link")
        return tokens[0]

    # Generation ---------------------------------------------------------------------

    def test_one_notice_per_consignee_with_lots(self):
        recall = self._world()
        self.assertEqual(recall.notice_ids.partner_id, self.hospital | self.hospital_2,
                         "a delivery to the hospital's ward counts for the hospital")
        lines = {(line.partner_id, line.lot_id): (line.qty_delivered, line.qty_to_recall)
                 for line in recall.notice_ids.line_ids}
        self.assertEqual(lines, {
            (self.hospital, self.lot_a): (14, 14),
            (self.hospital, self.lot_b): (5, 5),
            (self.hospital_2, self.lot_b): (6, 4),
        })
        line_a = self.notice_1.line_ids.filtered(lambda l: l.lot_id == self.lot_a)
        self.assertEqual(set(line_a.delivery_refs.split(", ")), {self.first.name, self.second.name})
        self.assertEqual(self.notice_2.line_ids.delivery_refs, self.third.name)
        self.assertEqual(recall.notice_ids.mapped("state"), ["draft", "draft"])
        self.assertEqual((recall.consignee_count, recall.notified_count, recall.qty_to_recall), (2, 0, 23))

    # E-mail -----------------------------------------------------------------------------

    def test_send_mails_notice_with_pdf_and_link(self):
        recall = self._world()
        self.notice_1.with_user(self.coordinator).action_send()
        self.assertEqual(self.notice_1.state, "sent")
        self.assertEqual(self.notice_1.sent_by, self.coordinator)
        self.assertEqual(self.notice_1.method, "email")
        self.assertAlmostEqual(self.notice_1.sent_on, fields.Datetime.now(), delta=timedelta(minutes=1))
        self.assertEqual(self.notice_1.ack_deadline, self.notice_1.sent_on + timedelta(days=3))
        self.assertEqual(self.notice_2.state, "draft")
        mail = self._mails(self.notice_1)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.hospital)
        self.assertEqual(mail.mail_message_id.model, "md.recall.notice")
        self.assertIn(recall.name, mail.subject)
        self.assertIn("RN-A", str(mail.body_html))
        # The printable notice: a PDF in production; test mode renders reports as HTML instead.
        attachment = mail.attachment_ids
        self.assertEqual(len(attachment), 1)
        stem = f"Recall Notice - {recall.name.replace('/', '-')} - {self.hospital.name}"
        if attachment.name.endswith(".pdf"):
            self.assertEqual((attachment.name, attachment.mimetype), (f"{stem}.pdf", "application/pdf"))
        else:
            # Test mode renders reports as HTML (no wkhtmltopdf), stored as text for non-admin senders.
            self.assertEqual(attachment.name, f"{stem}.html")
            content = base64.b64decode(attachment.datas).decode()
            self.assertIn("RN-A", content)
            self.assertIn(self.cert_syringe.name, content)
        # Only the digest of the link's token is kept.
        token = self._token(mail)
        digest = self.notice_1.sudo().token_digest
        self.assertEqual(digest, token_digest(token))
        self.assertNotIn(token, digest)
        self.assertFalse(self.env["md.recall.notice"].sudo().search_count([("token_digest", "=", token)]))
        self.assertEqual(self.env["md.recall.notice"]._md_find_by_token(token), self.notice_1)
        self.assertIn(f"Notice e-mailed to {self.hospital.name}", recall.message_ids[0].body)
        self.assertEqual((recall.notified_count, recall.notified_rate), (1, 50.0))

    def test_resend_replaces_the_link(self):
        self._world()
        self.notice_1.with_user(self.coordinator).action_send()
        old = self._token(self._mails(self.notice_1))
        self.notice_1.with_user(self.coordinator).action_send()
        mails = self._mails(self.notice_1)
        self.assertEqual(len(mails), 2)
        new = self._token(mails[1])
        self.assertNotEqual(new, old)
        Notice = self.env["md.recall.notice"]
        self.assertFalse(Notice._md_find_by_token(old), "the first link no longer opens the notice")
        self.assertEqual(Notice._md_find_by_token(new), self.notice_1)
        self.assertEqual(self.notice_1.state, "sent")

    def test_send_refused_without_email(self):
        self._world()
        self.hospital_2.email = False
        notices = self.notice_1 | self.notice_2
        with self.assertRaisesRegex(UserError, "Second Test Hospital has no e-mail address"):
            notices.with_user(self.coordinator).action_send()
        # Refused as a whole: the hospital with an address got nothing either.
        self.assertEqual(notices.mapped("state"), ["draft", "draft"])
        self.assertFalse(self._mails(self.notice_1) | self._mails(self.notice_2))
        self.assertEqual(notices.sudo().mapped("token_digest"), [False, False])
        self.assertEqual(notices.mapped("sent_on"), [False, False])

    def test_send_refused_once_acknowledged(self):
        self._world()
        self.notice_1.with_user(self.coordinator).action_send()
        self._acknowledge(self.notice_1, (1, 0))
        digest = self.notice_1.sudo().token_digest
        with self.assertRaisesRegex(UserError, "is already acknowledged"):
            self.notice_1.with_user(self.coordinator).action_send()
        self.assertEqual(len(self._mails(self.notice_1)), 1)
        self.assertEqual(self.notice_1.sudo().token_digest, digest)

    # Other means -------------------------------------------------------------------------

    def test_mark_notified_by_phone(self):
        recall = self._world()
        with self.assertRaisesRegex(UserError, "Choose how Second Test Hospital was notified"):
            self.notice_2.with_user(self.coordinator).action_mark_notified()
        self.assertEqual(self.notice_2.state, "draft")
        self.assertFalse(self.notice_2.sent_on)
        self.notice_2.with_user(self.coordinator).method = "phone"
        self.notice_2.with_user(self.coordinator).action_mark_notified()
        self.assertEqual((self.notice_2.state, self.notice_2.method, self.notice_2.sent_by),
                         ("sent", "phone", self.coordinator))
        self.assertTrue(self.notice_2.sent_on)
        self.assertFalse(self._mails(self.notice_2), "a phone notification sends no e-mail")
        self.assertIn("Second Test Hospital notified by Phone", recall.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "has already been notified"):
            self.notice_2.with_user(self.coordinator).action_mark_notified()

    def test_only_coordinators_notify(self):
        self._world()
        with self.assertRaisesRegex(AccessError, "Only recall coordinators run recalls"):
            self.notice_1.with_user(self.picker).action_send()
        self.notice_2.method = "phone"
        with self.assertRaisesRegex(AccessError, "Only recall coordinators run recalls"):
            self.notice_2.with_user(self.keeper).action_mark_notified()
        self.assertEqual((self.notice_1 | self.notice_2).mapped("state"), ["draft", "draft"])
        self.assertFalse(self._mails(self.notice_1))
        self.assertEqual((self.notice_1 | self.notice_2).sudo().mapped("token_digest"), [False, False])

    # Overdue -------------------------------------------------------------------------------

    def test_overdue_flags(self):
        # Level II: notify within 3 days; the decision was taken 4 days ago.
        recall = self._world(decision_date=fields.Datetime.now() - timedelta(days=4))
        notices = self.notice_1 | self.notice_2
        notices._md_update_overdue()
        self.assertEqual(notices.mapped("overdue"), [True, True])
        self.assertEqual(recall.overdue_count, 2)
        self.notice_1.with_user(self.coordinator).action_send()
        self.assertFalse(self.notice_1.overdue)
        notices._md_update_overdue()
        self.assertEqual((self.notice_1.overdue, self.notice_2.overdue), (False, True))
        self.assertEqual(recall.overdue_count, 1)
        # Sent four days ago and still not acknowledged: the 3 days to confirm have passed.
        self.notice_1._md_workflow_env().sent_on = fields.Datetime.now() - timedelta(days=4)
        notices._md_update_overdue()
        self.assertTrue(self.notice_1.overdue)
        self.assertEqual(recall.overdue_count, 2)
        self._acknowledge(self.notice_1, (0, 0))
        notices._md_update_overdue()
        self.assertFalse(self.notice_1.overdue)
        self.assertEqual(recall.overdue_count, 1)

    def test_not_overdue_within_deadline(self):
        recall = self._world()
        recall.notice_ids._md_update_overdue()
        self.assertEqual(recall.notice_ids.mapped("overdue"), [False, False])
        self.assertEqual(recall.overdue_count, 0)


@tagged("post_install", "-at_install")
class TestRecallAcknowledgementRefusals(RecallCommon):
    """Confirmations are taken once, complete, while the recall runs; then they are on record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._supplied_lot("AK-REF", 10)
        cls._deliver({cls.lot: 5}, partner=cls.hospital)
        cls._deliver({cls.lot: 2}, partner=cls.hospital_2)
        cls.recall = cls._started(lot_ids=[cls.lot.id])
        cls.notice, cls.draft = (cls.recall.notice_ids.filtered(lambda n, p=p: n.partner_id == p)
                                 for p in (cls.hospital, cls.hospital_2))
        cls.notice.method = "phone"
        cls.notice.with_user(cls.coordinator).action_mark_notified()
        cls.line = cls.notice.line_ids

    def test_incomplete_or_untimely_confirmations_refused(self):
        with self.assertRaisesRegex(UserError, "AK-REF: give the quantities."):
            self.notice._md_acknowledge({}, "Dr. Li")
        with self.assertRaisesRegex(UserError, "This notice is To Notify: it can no longer be acknowledged."):
            self.draft._md_acknowledge({self.draft.line_ids.id: (0, 0)}, "Dr. Zhao")
        self.recall._md_workflow_env().state = "closed"
        with self.assertRaisesRegex(UserError, f"Recall {self.recall.name} is no longer ongoing."):
            self.notice._md_acknowledge({self.line.id: (1, 1)}, "Dr. Li")
        self.assertEqual((self.notice.state, self.draft.state), ("sent", "draft"))
        self.assertEqual((self.line.qty_on_hand, self.line.qty_returned), (0, 0))

    def test_confirmed_quantities_are_on_record(self):
        self.notice._md_acknowledge({self.line.id: (2, 3)}, "Dr. Li")
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self.line.with_user(self.coordinator).write({"qty_on_hand": 5})
        self.assertEqual((self.line.qty_on_hand, self.line.qty_returned), (2, 3))
