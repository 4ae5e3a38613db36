from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MdCommon


@tagged("post_install", "-at_install")
class TestSaleGate(MdCommon):

    def test_hospital_may_buy_any_class(self):
        so = self._so(self.hospital, self.syringe, self.stent)
        so.action_confirm()
        self.assertEqual(so.state, "sale")
        self.assertEqual(so.picking_ids.move_ids.product_id, self.syringe | self.stent)
        self.assertEqual(so.order_line.md_certificate_id, self.cert_syringe | self.cert_stent)

    def test_customer_out_of_scope(self):
        so = self._so(self.retailer, self.syringe, self.stent)
        with self.assertRaises(UserError) as caught:
            so.action_confirm()
        message = str(caught.exception)
        self.assertIn("Customer Test Retail Chain has no licence whose scope covers Test Stent 3.0x18 (Class III", message)
        self.assertNotIn("Test Syringe", message)
        self.assertEqual(so.state, "draft")
        self.assertFalse(so.picking_ids)
        # Class II alone is covered by the retailer's distribution filing.
        so.order_line.filtered(lambda l: l.product_id == self.stent).unlink()
        so.action_confirm()
        self.assertEqual(so.state, "sale")

    def test_customer_without_licence(self):
        so = self._so(self.maker, self.syringe)
        with self.assertRaisesRegex(UserError, "Customer Test Maker Co. has no business licence"):
            so.action_confirm()

    def test_customer_licence_expired(self):
        self.hospital_licence.write({"issue_date": self.today - timedelta(days=2000),
                                     "expiry_date": self.today - timedelta(days=1)})
        with self.assertRaisesRegex(UserError, "Practice Licence PDY-TEST-0001 is not valid on"):
            self._so(self.hospital, self.syringe).action_confirm()

    def test_class_one_needs_identity_only(self):
        swab_cert = self.env["md.certificate"].create({
            "name": "粤穗械备20150099号", "device_name": "Swab", "holder_id": self.maker.id,
            "issue_date": self.today - timedelta(days=100)})
        swab = self._device("Test Swab", "1", "14-13", swab_cert, "lot", "6909999000036")
        customer = self.env["res.partner"].create({"name": "Clinic Shop", "is_company": True})
        self.env["md.licence"].create({"partner_id": customer.id, "licence_type": "business", "name": "B-9"})
        so = self._so(customer, swab)
        so.action_confirm()
        self.assertEqual(so.state, "sale")

    def test_non_device_sale_unaffected(self):
        so = self._so(self.maker, self.plain)
        so.action_confirm()
        self.assertEqual(so.state, "sale")

    def test_qa_override(self):
        so = self._so(self.retailer, self.stent, user=self.qa_user)
        action = so.with_user(self.qa_user).action_md_override()
        wizard = self.env[action["res_model"]].with_user(self.qa_user).with_context(**action["context"]).create({
            "reason": "Licence renewal with class III scope filed, copy on record"})
        wizard.action_confirm()
        self.assertEqual(so.state, "sale")
        self.assertEqual(so.md_override_user_id, self.qa_user)
        self.assertTrue(so.message_ids.filtered(lambda m: "Compliance block overridden" in (m.body or "")))
        so2 = self._so(self.retailer, self.stent, user=self.qa_user)
        with self.assertRaisesRegex(UserError, "cannot be confirmed"):
            so2.with_user(self.qa_user).action_confirm()
