from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MdCommon


@tagged("post_install", "-at_install")
class TestPurchaseGate(MdCommon):

    def assertRefused(self, order, *fragments):
        with self.assertRaises(UserError) as caught:
            order.button_confirm()
        message = str(caught.exception)
        self.assertIn(f"{order.display_name} cannot be confirmed", message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual(order.state, "draft", "nothing is written when refused")
        self.assertFalse(order.picking_ids)
        return message

    def test_compliant_order_confirms(self):
        po = self._po(self.supplier, self.syringe, self.stent, self.plain)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")
        self.assertEqual(po.picking_ids.move_ids.product_id, self.syringe | self.stent | self.plain)
        device_lines = po.order_line.filtered(lambda l: l.product_id.is_medical_device)
        self.assertEqual(device_lines.md_certificate_id, self.cert_syringe | self.cert_stent)

    def test_non_device_order_unaffected(self):
        po = self._po(self.maker, self.plain)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")

    def test_missing_certificate(self):
        self.syringe.md_certificate_id = False
        self.assertRefused(self._po(self.supplier, self.syringe),
                           "Test Syringe 5 ml has no registration or filing certificate")

    def test_expired_certificate(self):
        self.cert_syringe.write({"issue_date": self.today - timedelta(days=2000),
                                 "expiry_date": self.today - timedelta(days=1)})
        self.assertRefused(self._po(self.supplier, self.syringe),
                           "The certificate 苏械注准20172141234 of Test Syringe 5 ml is not valid on")

    def test_revoked_certificate(self):
        self.cert_stent._md_revoke("Registration cancelled after adverse events")
        self.assertRefused(self._po(self.supplier, self.stent),
                           "The certificate 国械注准20193130123 of", "was revoked: Registration cancelled")

    def test_unapproved_supplier(self):
        self.supplier.md_supplier_approved = False
        self.assertRefused(self._po(self.supplier, self.syringe), "Supplier Test Supplier Co. is not approved by QA")

    def test_supplier_without_licences(self):
        self.maker.md_supplier_approved = True
        message = self.assertRefused(
            self._po(self.maker, self.stent),
            "Supplier Test Maker Co. has no business licence or medical institution practice licence on file",
            "Supplier Test Maker Co. has no licence whose scope covers Test Stent 3.0x18 (Class III, category 13)")
        self.assertIn("A QA manager may confirm it with a written override reason", message)

    def test_supplier_licence_expired(self):
        self.supplier_distribution.write({"issue_date": self.today - timedelta(days=2000),
                                          "expiry_date": self.today - timedelta(days=3)})
        self.assertRefused(self._po(self.supplier, self.stent),
                           "Supplier Test Supplier Co. may not trade Test Stent 3.0x18",
                           "the licences covering it have lapsed", "沪食药监械经营许20200001号")

    def test_supplier_scope_lacks_class(self):
        self.supplier_distribution.scope_class_3 = False
        message = self.assertRefused(self._po(self.supplier, self.syringe, self.stent),
                                     "has no licence whose scope covers Test Stent 3.0x18 (Class III")
        self.assertNotIn("Test Syringe", message, "the Class II line is covered")

    def test_supplier_scope_lacks_category(self):
        self.supplier_distribution.scope_category_ids = self.cat_14
        self.assertRefused(self._po(self.supplier, self.stent), "(Class III, category 13)")

    def test_every_problem_listed_once(self):
        self.supplier.md_supplier_approved = False
        self.syringe.md_certificate_id = False
        self.supplier_distribution.scope_class_3 = False
        message = self.assertRefused(self._po(self.supplier, self.syringe, self.stent))
        self.assertEqual(message.count("•"), 3, message)

    def test_qa_override_with_reason(self):
        self.supplier.md_supplier_approved = False
        po = self._po(self.supplier, self.syringe)
        action = po.with_user(self.qa_user).action_md_override()
        wizard = self.env[action["res_model"]].with_user(self.qa_user).with_context(**action["context"]).create({
            "reason": "Emergency supply for ward 3; supplier audit booked next week"})
        self.assertIn("not approved by QA", wizard.problems)
        wizard.action_confirm()
        self.assertEqual(po.state, "purchase")
        self.assertEqual(po.md_override_user_id, self.qa_user)
        self.assertIn("Emergency supply", po.md_override_reason)
        note = po.message_ids.filtered(lambda m: "Compliance block overridden" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("not approved by QA", note.body)
        self.assertEqual(note.author_id, self.qa_user.partner_id)

    def test_override_refusals(self):
        self.supplier.md_supplier_approved = False
        po = self._po(self.supplier, self.syringe)
        Wizard = self.env["md.compliance.override"]
        wizard = Wizard.with_user(self.qa_user).create({"res_model": po._name, "res_id": po.id, "reason": "ok"})
        with self.assertRaisesRegex(UserError, "at least 10 characters"):
            wizard.action_confirm()
        with self.assertRaisesRegex(UserError, "not allowed to access 'Compliance Override'"):
            wizard.reason = "A long enough reason from a buyer"
            wizard.with_user(self.buyer).action_confirm()
        # The context keys that once carried an override are ignored, even from a QA manager.
        for user in (self.buyer, self.qa_user):
            forged = po.with_user(user).with_context(
                md_override_reason="I say so, it is fine", md_override_record=f"purchase.order,{po.id}")
            with self.assertRaisesRegex(UserError, "cannot be confirmed"):
                forged.button_confirm()
        # Nor may the override be written on the order, which would let its approval skip the check.
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            po.with_user(self.buyer).write({"md_override_reason": "Approved, trust me"})
        # A grant for another order does not apply to this one, and a grant is used up by one confirmation.
        other_po = self._po(self.supplier, self.syringe)
        self.env["md.compliance"].with_user(self.qa_user)._md_grant_override(other_po, "Emergency supply, ward 3")
        with self.assertRaisesRegex(UserError, "cannot be confirmed"):
            po.with_user(self.qa_user).button_confirm()
        self.assertEqual(po.state, "draft")
        self.assertFalse(po.md_override_reason)
        with self.assertRaisesRegex(UserError, "Only a QA manager may override"):
            self.env["md.compliance"].with_user(self.buyer)._md_grant_override(po, "A long enough reason")

    def test_override_wizard_refuses_other_models(self):
        wizard = self.env["md.compliance.override"].with_user(self.qa_user).create(
            {"res_model": "res.partner", "res_id": self.maker.id, "reason": "A reason long enough"})
        with self.assertRaisesRegex(UserError, "Overrides apply to purchase and sale orders only"):
            wizard.action_confirm()

    def test_double_validation_rechecked_at_approval(self):
        self.company.write({"po_double_validation": "two_step", "po_double_validation_amount": 1})
        po = self._po(self.supplier, self.stent)
        po.button_confirm()
        self.assertEqual(po.state, "to approve")
        self.cert_stent._md_revoke("Suspended pending inspection")
        with self.assertRaisesRegex(UserError, "was revoked"):
            po.with_user(self.qa_user).button_approve()
        self.assertEqual(po.state, "to approve")
