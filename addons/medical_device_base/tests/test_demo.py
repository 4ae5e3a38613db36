from odoo import fields
from odoo.exceptions import AccessError, UserError
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

    def test_demo_supplier_documents(self):
        ruihe = self.ref("partner_supplier_ruihe")
        documents = self.env["md.supplier.document"]
        for product in ("product_syringe", "product_stent", "product_mask", "product_ivd_hiv"):
            letter, problems = documents._md_authorisation_check(
                ruihe, self.ref(product), fields.Date.today(), self.env.company.partner_id)
            self.assertFalse(problems, product)
            self.assertEqual(letter.partner_id, ruihe)
        self.assertFalse(documents._md_agreement_problems(ruihe, fields.Date.today()))
        self.assertEqual(self.ref("doc_huakang_quality_agreement").state, "expiring")

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

    def test_demo_company_is_a_chinese_distributor(self):
        """Every printed record and screen of the demo is headed by a Chinese device distributor."""
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "杭州康泰医疗器械有限公司")
        self.assertEqual((company.country_id.code, company.state_id.code, company.city), ("CN", "浙", "杭州市"))
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(company.partner_id.tz, "Asia/Shanghai")
        self.assertEqual(self.env.ref("base.user_admin").tz, "Asia/Shanghai")
        licences = self.env["md.licence"].search([("partner_id", "=", company.partner_id.id)])
        self.assertEqual(sorted(licences.mapped("licence_type")),
                         ["business", "distribution_filing", "distribution_licence"])
        self.assertEqual(licences.filtered(lambda lic: lic.licence_type == "business").name, company.company_registry)
        # Odoo's sample entries, posted before the switch, carry the company's currency like everything since.
        lines = self.env["account.move.line"].search([("company_id", "=", company.id)])
        self.assertEqual(lines.company_currency_id, company.currency_id if lines else lines.company_currency_id)
        # The switch is the demo loader's alone: a user calling it is refused, whatever the currency.
        with self.assertRaises(AccessError):
            company.with_user(self.env.ref("base.user_demo"))._md_demo_set_currency(self.env.ref("base.USD").id)
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
