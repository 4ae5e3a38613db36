from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestFirstRunStory(TransactionCase):
    """The demo story of the whole suite (skipped on a database without demo data)."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("medical_device_capa.demo_capa_label_control", raise_if_not_found=False):
            self.skipTest("no demo data")

    def test_first_run_story(self):
        """What a new user clicks through first, across the add-ons of the suite."""
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
