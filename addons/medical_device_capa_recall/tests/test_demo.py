from datetime import timedelta

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCapaRecallDemo(TransactionCase):
    """The recall demo's CAPA, complaint and adverse event (skipped on a database without demo data)."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("medical_device_capa_recall.demo_capa_recall_trace", raise_if_not_found=False):
            self.skipTest("no demo data")

    def test_closed_capa_from_recall(self):
        closed = self.env.ref("medical_device_capa_recall.demo_capa_recall_trace")
        self.assertEqual((closed.stage, closed.effectiveness_result, closed.md_signed), ("closed", "effective", True))
        signature = self.env["md.signature"].search([("res_model", "=", "md.capa"), ("res_id", "=", closed.id)])
        self.assertEqual(signature.meaning, "closed")
        self.assertEqual(self.env.ref("medical_device_recall.demo_recall_stent").md_capa_count, 1)

    def test_adverse_event_countdown(self):
        event = self.env.ref("medical_device_capa_recall.demo_adverse_event_stent")
        self.assertEqual(event.seriousness, "serious_injury")
        self.assertEqual(event.report_deadline, event.awareness_date + timedelta(days=20))
        self.assertEqual(event.state, "draft")
        self.assertTrue(event.mah_notified_on)
        self.assertEqual(event.mah_partner_id, event.product_id.md_registrant_id)
        self.assertEqual(event.complaint_id.state, "investigation")
