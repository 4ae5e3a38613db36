from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCapaDemo(TransactionCase):
    """The demo tells its story through the add-ons' own gates (skipped on a database without demo data)."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("medical_device_capa.demo_capa_label_control", raise_if_not_found=False):
            self.skipTest("no demo data")

    def test_nonconformance_from_rejected_line_signed(self):
        nc = self.env.ref("medical_device_capa.demo_nc_label_mismatch")
        self.assertEqual((nc.state, nc.disposition, nc.md_signed), ("done", "return", True))
        self.assertEqual(nc.source_ref._name, "md.acceptance.line")
        self.assertEqual(nc.source_ref.qty_rejected, 200)
        self.assertEqual(nc.lot_ids.md_quality_state, "rejected")

    def test_overdue_capa_escalated_to_qa(self):
        capa = self.env.ref("medical_device_capa.demo_capa_label_control")
        self.assertEqual(capa.stage, "action")
        self.assertTrue(capa.overdue)
        self.assertEqual(capa.nonconformance_ids, self.env.ref("medical_device_capa.demo_nc_label_mismatch"))
        overdue = capa.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("medical_device_capa.mail_activity_md_capa_overdue"))
        self.assertEqual(len(overdue), 1)
        self.assertTrue(overdue.user_id.has_group("medical_device_base.group_md_qa_manager"))
        self.assertEqual(capa.action_ids.mapped("state"), ["done", "open"])

    def test_scorecard_of_this_month(self):
        first = fields.Date.context_today(self.env.user).replace(day=1)
        cards = self.env["md.supplier.scorecard"].search([("date_from", "=", first)])
        self.assertIn(self.env.ref("medical_device_base.partner_supplier_ruihe"), cards.partner_id)
        self.assertTrue(all(card.grade for card in cards))

    def test_group_event_first_reported_within_12_hours(self):
        event = self.env.ref("medical_device_capa.demo_adverse_event_group")
        self.assertTrue(event.is_group_event)
        self.assertEqual(event.report_deadline - event.awareness_date, timedelta(hours=12))
        self.assertLessEqual(event.first_report_on, event.report_deadline)
        self.assertEqual((event.first_report_channel, event.deadline_status, event.state),
                         ("phone", "reported", "draft"))
        self.assertTrue(event.first_report_by.has_group("medical_device_base.group_md_qa_manager"))
        self.assertEqual(len(event.followup_ids), 1)
        self.assertEqual(event.followup_ids.reported_by, event.first_report_by)
