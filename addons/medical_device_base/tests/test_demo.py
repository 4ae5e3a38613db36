from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The demo database tells the qualification story a distributor expects."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("medical_device_base.product_stent", raise_if_not_found=False):
            self.skipTest("installed without demo data")

    def ref(self, xid):
        return self.env.ref(f"medical_device_base.{xid}")

    def test_demo_states(self):
        self.assertEqual(self.ref("cert_infusion_expired").state, "expired")
        self.assertEqual(self.ref("cert_stent").state, "expiring")
        self.assertEqual(self.ref("cert_swab").kind, "filing")
        self.assertEqual(self.ref("partner_supplier_baishun").md_qualification_state, "unqualified")
        self.assertEqual(self.ref("partner_supplier_ruihe").md_qualification_state, "qualified")
        self.assertEqual(self.ref("partner_hospital_renai").md_qualification_state, "expiring")
        self.assertEqual(self.ref("product_stent").tracking, "serial")
        self.assertEqual(self.ref("product_ivd_hiv").md_temp_max, 8.0)

    def test_demo_mask_registration_renewed(self):
        first, renewal = self.ref("cert_mask_first"), self.ref("cert_mask")
        self.assertEqual((first.state, renewal.renewed_from_id, renewal.name), ("expired", first, first.name))
        mask = self.ref("product_mask")
        self.assertEqual(mask.md_certificate_id, renewal)
        Cert = self.env["md.certificate"]
        self.assertEqual(Cert._md_covering(mask, first.expiry_date), first, "lots made then stay registered")
        self.assertEqual(Cert._md_covering(mask, renewal.issue_date), renewal)

    def test_demo_refusals(self):
        po = self.env["purchase.order"].create({
            "partner_id": self.ref("partner_supplier_baishun").id,
            "order_line": [(0, 0, {"product_id": self.ref("product_syringe").product_variant_id.id,
                                   "product_qty": 100})]})
        with self.assertRaisesRegex(UserError, "have lapsed"):
            po.button_confirm()
        so = self.env["sale.order"].create({
            "partner_id": self.ref("partner_pharmacy_kangda").id,
            "order_line": [(0, 0, {"product_id": self.ref("product_stent").product_variant_id.id,
                                   "product_uom_qty": 1})]})
        with self.assertRaisesRegex(UserError, "no licence whose scope covers"):
            so.action_confirm()
