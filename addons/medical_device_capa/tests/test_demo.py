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

    def test_capas_from_return_and_recall(self):
        from_return = self.env.ref("medical_device_capa.demo_capa_stent_balloon")
        self.assertEqual(from_return.stage, "investigation")
        self.assertEqual(self.env.ref("medical_device_returns.demo_return_quality_defect").md_capa_count, 1)
        closed = self.env.ref("medical_device_capa.demo_capa_recall_trace")
        self.assertEqual((closed.stage, closed.effectiveness_result, closed.md_signed), ("closed", "effective", True))
        signature = self.env["md.signature"].search([("res_model", "=", "md.capa"), ("res_id", "=", closed.id)])
        self.assertEqual(signature.meaning, "closed")
        self.assertEqual(self.env.ref("medical_device_recall.demo_recall_stent").md_capa_count, 1)

    def test_adverse_event_countdown_and_scorecard(self):
        event = self.env.ref("medical_device_capa.demo_adverse_event_stent")
        self.assertEqual(event.seriousness, "serious_injury")
        self.assertEqual(event.report_deadline, event.awareness_date + timedelta(days=20))
        self.assertEqual(event.state, "draft")
        self.assertTrue(event.mah_notified_on)
        self.assertEqual(event.mah_partner_id, event.product_id.md_registrant_id)
        self.assertEqual(event.complaint_id.state, "investigation")
        first = fields.Date.context_today(event).replace(day=1)
        cards = self.env["md.supplier.scorecard"].search([("date_from", "=", first)])
        self.assertIn(self.env.ref("medical_device_base.partner_supplier_ruihe"), cards.partner_id)
        self.assertTrue(all(card.grade for card in cards))

    def test_first_run_story(self):
        """What a new user clicks through first, across the five add-ons."""
        ref = self.env.ref
        supplier = ref("medical_device_base.partner_supplier_ruihe")
        self.assertEqual(supplier.md_qualification_state, "qualified")
        # Today's syringes wait in quarantine for the inspector.
        receipt = ref("medical_device_gsp.demo_story_po_syringe").picking_ids
        self.assertEqual((receipt.state, receipt.partner_id), ("done", supplier))
        self.assertEqual(receipt.md_acceptance_ids.state, "draft")
        lots = receipt.md_acceptance_ids.line_ids.lot_id
        self.assertEqual(sorted(lots.mapped("name")), ["SY-B1120", "SY-B1121"])
        self.assertEqual(set(lots.mapped("md_quality_state")), {"quarantine"})
        # The HIV kits accepted two days ago are on hold after this morning's cold-room excursion.
        kits = ref("medical_device_gsp.demo_story_lot_ivd")
        self.assertEqual(kits.md_quality_state, "hold")
        excursion = self.env["md.excursion"].search([("lot_ids.lot_id", "=", kits.id)])
        self.assertEqual((excursion.kind, excursion.state), ("range", "to_evaluate"))
        self.assertEqual(excursion.location_id, ref("medical_device_gsp.location_cold_room"))
        self.assertEqual(excursion.lot_ids.quantity, 20)
        self.assertTrue(excursion.activity_ids, "QA has the evaluation to do")
        # Swabs counted at go-live, released by QA, are in the near-expiry list.
        swabs = ref("medical_device_gsp.demo_story_lot_swab")
        self.assertEqual(swabs.md_quality_state, "released")
        near = self.env["md.near.expiry.report"].search([("lot_id", "=", swabs.id)])
        self.assertEqual(sum(near.mapped("quantity")), 300)
        self.assertLessEqual(max(near.mapped("days_to_expiry")), self.env.company.md_near_expiry_days)
        # An open recall reaching four hospitals, and an overdue CAPA against the supplier.
        recall = ref("medical_device_recall.demo_recall_stent")
        self.assertEqual(recall.state, "ongoing")
        self.assertEqual(len(recall.notice_ids.partner_id.filtered(lambda p: "医院" in p.name)), 4)
        capa = ref("medical_device_capa.demo_capa_label_control")
        self.assertTrue(capa.overdue)
        self.assertEqual(capa.partner_id, supplier)
