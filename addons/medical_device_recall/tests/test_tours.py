import re

from odoo import Command
from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.tour import MdTourCase

from .common import RecallCommon

ACK_LINK = re.compile(r"/md/recall/ack/[A-Za-z0-9_-]+")


@tagged("post_install", "-at_install")
class TestRecallTours(RecallCommon, MdTourCase):
    """The recall journeys, clicked through by the coordinator and by the consignee behind the e-mail link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator.lang = "en_US"

    def _notice_mails(self, notices):
        return self.env["mail.mail"].sudo().search([("model", "=", notices._name), ("res_id", "in", notices.ids)])

    def test_coordinator_computes_scope_and_sends_notices(self):
        lot_a = self._supplied_lot("TR-RC-A", 30)
        lot_b = self._supplied_lot("TR-RC-B", 20)
        self._deliver({lot_a: 10, lot_b: 4}, partner=self.hospital)
        self._deliver({lot_b: 3}, partner=self.hospital_2)
        recall = self._recall(lot_ids=[Command.set((lot_a | lot_b).ids)])
        self.assertFalse(recall.scope_computed_on)

        self.md_tour(f"/odoo/action-medical_device_recall.md_recall_action/{recall.id}", "md_recall_scope_notices",
                     user=self.coordinator, screenshot="recall_scope_notices")

        self.assertRecordValues(recall, [{"state": "ongoing", "started_by": self.coordinator.id, "lot_count": 2,
                                          "qty_in_stock": 33, "qty_at_customers": 17, "consignee_count": 2,
                                          "notified_count": 2, "notified_rate": 100.0}])
        self.assertEqual(sorted((p.lot_id.name, p.partner_id.name, p.quantity)
                                for p in recall.position_ids if p.kind == "customer"),
                         [("TR-RC-A", "Test Hospital", 10), ("TR-RC-B", "Second Test Hospital", 3),
                          ("TR-RC-B", "Test Hospital", 4)])
        # Started means frozen: neither lot can be reserved or delivered any more.
        self.assertEqual((lot_a | lot_b).mapped("md_quality_state"), ["recalled", "recalled"])
        notices = recall.notice_ids
        self.assertEqual(notices.partner_id, self.hospital | self.hospital_2)
        self.assertRecordValues(notices, [{"state": "sent", "method": "email", "sent_by": self.coordinator.id}] * 2)
        self.assertTrue(all(notices.sudo().mapped("token_digest")))
        # One e-mail per consignee waits in the outgoing queue, with its own acknowledgement link.
        mails = self._notice_mails(notices)
        self.assertEqual(len(mails), 2)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertEqual({mail.recipient_ids for mail in mails}, {self.hospital, self.hospital_2})
        links = {ACK_LINK.search(str(mail.body_html)).group() for mail in mails}
        self.assertEqual(len(links), 2)
        self.assertEqual(self.env["md.recall.notice"].sudo()._md_find_by_token(links.pop().rsplit("/", 1)[1])
                         .recall_id, recall)
        log = "\n".join(recall.message_ids.mapped("body"))
        for partner in (self.hospital, self.hospital_2):
            self.assertIn(f"Notice e-mailed to {partner.name} ({partner.email}).", log)
        notify = self.env.ref("medical_device_recall.mail_activity_recall_notify")
        self.assertFalse(recall.activity_ids.filtered(lambda a: a.activity_type_id == notify),
                         "every consignee is notified: the notification activity is done")

    def test_consignee_acknowledges_through_the_link(self):
        lot_a = self._supplied_lot("TR-ACK-A", 30)
        lot_b = self._supplied_lot("TR-ACK-B", 20)
        self._deliver({lot_a: 10, lot_b: 4}, partner=self.hospital)
        recall = self._started(lot_ids=[Command.set((lot_a | lot_b).ids)])
        notice = recall.notice_ids
        self.assertEqual(notice.partner_id, self.hospital)
        notice.with_user(self.coordinator).action_send()
        # The consignee follows the link of the e-mail it received.
        link = ACK_LINK.search(str(self._notice_mails(notice).body_html)).group()
        messages = len(recall.message_ids)

        self.md_tour(link, "md_recall_acknowledgement", screenshot="recall_acknowledgement")

        self.assertRecordValues(notice, [{"state": "acknowledged", "acknowledged_via": "link",
                                          "acknowledged_by": "Dr. Wang, device department",
                                          "acknowledgement_note": "Ward stock counted"}])
        self.assertTrue(notice.acknowledged_on)
        lines = {line.lot_id: line for line in notice.line_ids}
        self.assertEqual((lines[lot_a].qty_on_hand, lines[lot_a].qty_returned, lines[lot_a].qty_used), (6, 2, 2))
        self.assertEqual((lines[lot_b].qty_on_hand, lines[lot_b].qty_returned, lines[lot_b].qty_used), (0, 4, 0))
        self.assertEqual((recall.acknowledged_count, recall.acknowledged_rate), (1, 100.0))
        self.assertEqual(len(recall.message_ids), messages + 1)
        self.assertIn("Test Hospital acknowledged the notice (Dr. Wang, device department)",
                      recall.message_ids[0].body)
        # The link has done its work.
        self.env.flush_all()
        self.assertEqual(self.url_open(link).status_code, 404)
