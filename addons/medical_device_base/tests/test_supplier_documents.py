from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import MdCommon
from .rpc import RpcCallMixin


class SupplierDocumentCommon(MdCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["md.supplier.document"]
        cls.china = cls.env.ref("base.cn")
        cls.shanghai, cls.other_province = cls.env.ref("base.state_cn_SH"), cls.env.ref("base.state_cn_ZJ")
        # The goods are received in Shanghai, wherever the order's warehouse is.
        addresses = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)]).partner_id
        (addresses | cls.company.partner_id).write({"country_id": cls.china.id, "state_id": cls.shanghai.id})

    def _letter(self, **values):
        return self.Document.create(dict({
            "partner_id": self.supplier.id, "document_type": "authorisation", "name": "AUTH-X",
            "grantor_id": self.maker.id, "issue_date": self.today - timedelta(days=10),
            "expiry_date": self.today + timedelta(days=300)}, **values))

    def assertRefused(self, order, *fragments, count=None):
        with self.assertRaises(UserError) as caught:
            order.button_confirm()
        message = str(caught.exception)
        self.assertIn(f"{order.display_name} cannot be confirmed", message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        if count is not None:
            self.assertEqual(message.count("•"), count, message)
        self.assertEqual(order.state, "draft", "nothing is written when refused")
        self.assertFalse(order.picking_ids)
        self.assertFalse(order.order_line.md_authorisation_id)
        return message


@tagged("post_install", "-at_install")
class TestSupplierDocuments(SupplierDocumentCommon):
    """Authorisation letters and quality agreements: what they must say, what they cover, how they expire."""

    def test_letter_lists_every_missing_particular(self):
        with self.assertRaises(ValidationError) as caught:
            self.Document.create({"partner_id": self.supplier.id, "document_type": "authorisation",
                                  "name": "AUTH-EMPTY"})
        message = str(caught.exception)
        for fragment in ("Authorisation Letter AUTH-EMPTY cannot be saved:",
                         "Give the date until which it is valid.",
                         "Give the date from which the letter authorises.",
                         "Name the registrant, manufacturer or distributor that authorises.",
                         "Name the devices, certificates or categories that the letter covers."):
            self.assertIn(fragment, message)
        self.assertEqual(message.count("•"), 4, message)
        with self.assertRaisesRegex(ValidationError, "A supplier cannot authorise itself"):
            self._letter(grantor_id=self.supplier.id, product_tmpl_ids=[Command.set(self.syringe.product_tmpl_id.ids)])
        with self.assertRaisesRegex(ValidationError, "Give the date until which it is valid"):
            self.Document.create({"partner_id": self.supplier.id, "document_type": "quality_agreement",
                                  "name": "QAA-NO-END"})
        self.assertFalse(self.Document.search([("name", "in", ("AUTH-EMPTY", "QAA-NO-END"))]))

    def test_coverage_by_device_certificate_number_and_category(self):
        by_device = self._letter(product_tmpl_ids=[Command.set(self.syringe.product_tmpl_id.ids)])
        self.assertTrue(by_device._md_covers_device(self.syringe.product_tmpl_id))
        self.assertFalse(by_device._md_covers_device(self.stent.product_tmpl_id))
        by_category = self._letter(name="AUTH-CAT", category_ids=[Command.set(self.cat_13.ids)])
        self.assertTrue(by_category._md_covers_device(self.stent.product_tmpl_id))
        self.assertFalse(by_category._md_covers_device(self.syringe.product_tmpl_id))
        # A renewed certificate keeps its number: the letter naming the number still covers the device.
        renewal = self.env["md.certificate"].create({
            "name": self.cert_syringe.name, "device_name": "Syringe", "holder_id": self.maker.id,
            "issue_date": self.today - timedelta(days=1), "expiry_date": self.today + timedelta(days=1800),
            "renewed_from_id": self.cert_syringe.id})
        self.assertEqual(self.syringe.md_certificate_id, renewal)
        self.assertNotIn(renewal, self.supplier_letter.certificate_ids)
        self.assertTrue(self.supplier_letter._md_covers_device(self.syringe.product_tmpl_id))

    def test_expiry_watch_warns_qa(self):
        self.company.md_qa_responsible_id = self.qa_user
        self.supplier_agreement.expiry_date = self.today + timedelta(days=20)
        self.env["md.compliance"]._cron_expiry_watch()
        activity = self.env["mail.activity"].search([
            ("res_model", "=", "md.supplier.document"), ("res_id", "=", self.supplier_agreement.id),
            ("activity_type_id", "=", self.env.ref("medical_device_base.mail_activity_document_expiry").id)])
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.qa_user)
        self.assertIn("Quality Assurance Agreement TEST-QAA-001 expires on", activity.summary)
        self.assertEqual(self.supplier_agreement.expiry_alert_stage, "short")
        self.assertEqual(self.supplier_agreement.state, "expiring")

    def test_only_qa_keeps_the_file_and_revokes(self):
        with self.assertRaises(AccessError):
            self.supplier_letter.with_user(self.buyer).write({"expiry_date": self.today + timedelta(days=5000)})
        with self.assertRaises(AccessError):
            self._letter(name="AUTH-BUYER", product_tmpl_ids=[Command.set(self.syringe.product_tmpl_id.ids)]
                         ).with_user(self.buyer).unlink()
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self.supplier_letter.with_user(self.qa_user).write({"revoked": True})
        action = self.supplier_letter.with_user(self.qa_user).action_revoke()
        wizard = self.env[action["res_model"]].with_user(self.qa_user).with_context(**action["context"]).create(
            {"reason": "Manufacturer withdrew the authorisation"})
        wizard.action_revoke()
        self.assertEqual((self.supplier_letter.state, self.supplier_letter.revoke_reason),
                         ("revoked", "Manufacturer withdrew the authorisation"))
        filed = self.env["res.partner"].create({"name": "Filed Supplier Co.", "is_company": True})
        self.Document.create({"partner_id": filed.id, "document_type": "quality_agreement", "name": "QAA-F",
                              "expiry_date": self.today + timedelta(days=30)})
        with self.assertRaisesRegex(UserError, "has licences on file and cannot be deleted"):
            filed.unlink()

    def test_other_company_documents_do_not_count(self):
        other = self.env["res.company"].create({"name": "Other Distributor"})
        self.supplier_agreement.company_id = other
        problems = self.env["md.supplier.document"]._md_agreement_problems(self.supplier, self.today)
        self.assertEqual(problems, ["Supplier Test Supplier Co. has no quality assurance agreement on file."])
        # Nor can this company's users read it, nor the other company's users read this company's letter.
        self.supplier_letter.company_id = self.company
        other_qa = self._test_user("md_other_qa", groups="base.group_user,medical_device_base.group_md_qa_manager",
                                   company_id=other.id, company_ids=[Command.set(other.ids)])
        Document = self.env["md.supplier.document"]
        self.assertNotIn(self.supplier_agreement, Document.with_user(self.qa_user).search([]))
        self.assertIn(self.supplier_letter, Document.with_user(self.qa_user).search([]))
        self.assertNotIn(self.supplier_letter, Document.with_user(other_qa).search([]))
        self.assertIn(self.supplier_agreement, Document.with_user(other_qa).search([]))
        with self.assertRaises(AccessError):
            self.supplier_letter.with_user(other_qa).read(["name"])


@tagged("post_install", "-at_install")
class TestPurchaseGateDocuments(SupplierDocumentCommon):
    """Confirming a purchase of devices needs the supplier's authorisation letter and quality agreement."""

    def test_letter_and_agreement_let_the_order_confirm(self):
        po = self._po(self.supplier, self.syringe, self.stent)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")
        self.assertEqual(po.order_line.md_authorisation_id, self.supplier_letter)

    def test_no_letter(self):
        self.supplier_letter.certificate_ids = self.cert_stent
        message = self.assertRefused(
            self._po(self.supplier, self.syringe, self.stent),
            "Supplier Test Supplier Co. has no authorisation letter covering Test Syringe 5 ml "
            "(certificate 苏械注准20172141234).", count=1)
        self.assertNotIn("Test Stent", message, "the stent is covered")

    def test_letter_expired_or_revoked(self):
        self.supplier_letter.write({"issue_date": self.today - timedelta(days=800),
                                    "expiry_date": self.today - timedelta(days=1)})
        self.assertRefused(
            self._po(self.supplier, self.syringe),
            "Supplier Test Supplier Co.: no authorisation letter for Test Syringe 5 ml is valid on",
            f"TEST-AUTH-001 (valid {self.today - timedelta(days=800)} to {self.today - timedelta(days=1)})")
        self.supplier_letter.write({"issue_date": self.today + timedelta(days=5),
                                    "expiry_date": self.today + timedelta(days=400)})
        self.assertRefused(self._po(self.supplier, self.syringe), "is valid on", "TEST-AUTH-001 (valid")
        self.supplier_letter.write({"issue_date": self.today - timedelta(days=5)})
        self.supplier_letter.with_user(self.qa_user)._md_revoke("Authorisation withdrawn by the maker")
        self.assertRefused(self._po(self.supplier, self.syringe), ", revoked)")

    def test_letter_region(self):
        self.supplier_letter.region_state_ids = self.other_province
        self.assertRefused(
            self._po(self.supplier, self.stent),
            f"covers TEST-AUTH-001: {self.other_province.name}, not {self.shanghai.name}, {self.china.name} "
            "where the goods are delivered", count=1)
        # A letter for the whole country covers every province of it.
        self.supplier_letter.write({"region_state_ids": [Command.clear()],
                                    "region_country_ids": [Command.set(self.china.ids)]})
        po = self._po(self.supplier, self.stent)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")
        # Drop-shipped to a customer abroad: outside the letter.
        abroad = self.env["res.partner"].create({"name": "Clinic Abroad", "country_id": self.env.ref("base.fr").id})
        po = self._po(self.supplier, self.stent)
        po.dest_address_id = abroad
        self.assertRefused(po, f"not {self.env.ref('base.fr').name} where the goods are delivered")

    def test_authorisation_chain(self):
        # The letter comes from a distributor, who must hold the maker's letter in turn.
        distributor = self.env["res.partner"].create({"name": "Upstream Distributor", "is_company": True})
        self.supplier_letter.grantor_id = distributor
        self.assertRefused(
            self._po(self.supplier, self.syringe),
            "the authorisation letter TEST-AUTH-001 for Test Syringe 5 ml is signed by Upstream Distributor, "
            "who is neither its registrant or manufacturer nor authorised for it by them.")
        upstream = self._letter(partner_id=distributor.id, name="MAKER-TO-UPSTREAM",
                                product_tmpl_ids=[Command.set(self.syringe.product_tmpl_id.ids)])
        po = self._po(self.supplier, self.syringe)
        po.button_confirm()
        self.assertEqual(po.order_line.md_authorisation_id, self.supplier_letter)
        # The upstream letter must be in force too.
        upstream.write({"issue_date": self.today - timedelta(days=400), "expiry_date": self.today - timedelta(days=1)})
        self.assertRefused(self._po(self.supplier, self.syringe), "is signed by Upstream Distributor")

    def test_maker_sells_its_own_device_without_letter(self):
        self.maker.md_supplier_approved = True
        message = self.assertRefused(self._po(self.maker, self.syringe),
                                     "Supplier Test Maker Co. has no quality assurance agreement on file.")
        self.assertNotIn("authorisation letter", message)

    def test_quality_agreement_missing_or_expired(self):
        self.supplier_agreement.active = False
        self.assertRefused(self._po(self.supplier, self.syringe),
                           "Supplier Test Supplier Co. has no quality assurance agreement on file.", count=1)
        self.supplier_agreement.write({"active": True, "issue_date": self.today - timedelta(days=800),
                                       "expiry_date": self.today - timedelta(days=3)})
        self.assertRefused(self._po(self.supplier, self.syringe),
                           "Supplier Test Supplier Co.: no quality assurance agreement is valid on", count=1)
        # Orders without devices need neither document.
        po = self._po(self.supplier, self.plain)
        po.button_confirm()
        self.assertEqual(po.state, "purchase")

    def test_every_problem_listed_once(self):
        self.supplier_agreement.active = False
        self.supplier_letter.write({"certificate_ids": [Command.clear()], "category_ids": [Command.set(self.cat_14.ids)]})
        self.supplier.md_supplier_approved = False
        message = self.assertRefused(self._po(self.supplier, self.syringe, self.stent), count=3)
        self.assertIn("not approved by QA", message)
        self.assertIn("no quality assurance agreement", message)
        self.assertIn("no authorisation letter covering Test Stent 3.0x18", message)

    def test_qa_override(self):
        self.supplier_letter.certificate_ids = self.cert_stent
        self.supplier_agreement.active = False
        po = self._po(self.supplier, self.syringe)
        action = po.with_user(self.qa_user).action_md_override()
        wizard = self.env[action["res_model"]].with_user(self.qa_user).with_context(**action["context"]).create({
            "reason": "Sole source during the maker's re-authorisation; letter promised by Friday"})
        self.assertIn("no authorisation letter covering Test Syringe 5 ml", wizard.problems)
        self.assertIn("no quality assurance agreement", wizard.problems)
        wizard.action_confirm()
        self.assertEqual(po.state, "purchase")
        self.assertEqual(po.md_override_user_id, self.qa_user)
        self.assertFalse(po.order_line.md_authorisation_id, "bought under no letter")
        note = po.message_ids.filtered(lambda m: "Compliance block overridden" in (m.body or ""))
        self.assertIn("no authorisation letter covering", note.body)
        # A buyer has no override.
        other = self._po(self.supplier, self.syringe)
        with self.assertRaisesRegex(UserError, "Only a QA manager may override"):
            self.env["md.compliance"].with_user(self.buyer)._md_grant_override(other, "A long enough reason")
        self.assertRefused(other, "no authorisation letter covering")


@tagged("post_install", "-at_install")
class TestSupplierDocumentsRpc(RpcCallMixin, SupplierDocumentCommon, HttpCase):
    """A purchase user through the web client's channel: refused orders, and no way around the documents."""


    def _confirm(self, order, context=None):
        return self._call("purchase.order", "button_confirm", [order.ids], context=context)

    FORGED = {"md_override_reason": "urgent", "md_override_record": "purchase.order,1", "md_workflow": True,
              "md_signing": True, "active_test": False}

    def setUp(self):
        super().setUp()
        self.authenticate(self.buyer.login, self.buyer.login)

    def assertRefusedRpc(self, *fragments):
        order = self._po(self.supplier, self.syringe)
        for context in (None, self.FORGED):
            ok, error, message = self._confirm(order, context)
            self.assertFalse(ok, "confirmed through RPC")
            self.assertEqual(error, "odoo.exceptions.UserError")
            for fragment in fragments + ("A QA manager may confirm it with a written override reason",):
                self.assertIn(fragment, message)
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)

    def test_rpc_no_letter(self):
        self.supplier_letter.certificate_ids = self.cert_stent
        self.assertRefusedRpc("has no authorisation letter covering Test Syringe 5 ml")

    def test_rpc_letter_expired(self):
        self.supplier_letter.write({"issue_date": self.today - timedelta(days=900),
                                    "expiry_date": self.today - timedelta(days=1)})
        self.assertRefusedRpc("no authorisation letter for Test Syringe 5 ml is valid on")

    def test_rpc_letter_not_covering_product(self):
        self.supplier_letter.write({"certificate_ids": [Command.clear()],
                                    "product_tmpl_ids": [Command.set(self.stent.product_tmpl_id.ids)]})
        self.assertRefusedRpc("has no authorisation letter covering Test Syringe 5 ml")

    def test_rpc_region(self):
        self.supplier_letter.region_state_ids = self.other_province
        self.assertRefusedRpc(f"not {self.shanghai.name}, {self.china.name} where the goods are delivered")

    def test_rpc_agreement_missing(self):
        self.supplier_agreement.active = False
        self.assertRefusedRpc("has no quality assurance agreement on file")

    def test_rpc_file_cannot_be_forged_and_complete_file_confirms(self):
        # The buyer cannot mend the file, whatever the context says.
        ok, error, _message = self._call("md.supplier.document", "write", [self.supplier_letter.ids, {
            "expiry_date": str(self.today + timedelta(days=3000))}], context=self.FORGED)
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        ok, error, _message = self._call("md.supplier.document", "create", [{
            "partner_id": self.supplier.id, "document_type": "authorisation", "name": "FORGED",
            "grantor_id": self.maker.id, "issue_date": str(self.today),
            "expiry_date": str(self.today + timedelta(days=9)),
            "product_tmpl_ids": [Command.set(self.syringe.product_tmpl_id.ids)]}], context=self.FORGED)
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        self.assertFalse(self.Document.search([("name", "=", "FORGED")]))
        # With the file complete the same user confirms through the same channel.
        order = self._po(self.supplier, self.syringe)
        ok, _result, message = self._confirm(order)
        self.assertTrue(ok, message)
        order.invalidate_recordset()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.order_line.md_authorisation_id, self.supplier_letter)

    def test_rpc_evidence_of_a_confirmed_line_cannot_be_rewritten(self):
        """What a line was bought under is stamped at confirmation; the buyer cannot change or forge it."""
        order = self._po(self.supplier, self.syringe)
        ok, _result, message = self._confirm(order)
        self.assertTrue(ok, message)
        line = order.order_line
        other = self.Document.create({
            "partner_id": self.supplier.id, "document_type": "authorisation", "name": "TEST-AUTH-OTHER",
            "grantor_id": self.maker.id, "issue_date": self.today - timedelta(days=10),
            "expiry_date": self.today + timedelta(days=100),
            "certificate_ids": [Command.set(self.cert_stent.ids)]})
        for vals in ({"md_authorisation_id": other.id}, {"md_authorisation_id": False},
                     {"md_certificate_id": self.cert_stent.id}):
            for context in (None, self.FORGED):
                ok, error, message = self._call("purchase.order.line", "write", [line.ids, vals], context=context)
                self.assertEqual((ok, error), (False, "odoo.exceptions.UserError"), vals)
                self.assertIn("change only through its buttons", message)
        ok, error, _message = self._call("purchase.order.line", "create", [{
            "order_id": order.id, "product_id": self.syringe.id, "product_qty": 1,
            "md_authorisation_id": other.id}], context=self.FORGED)
        self.assertEqual((ok, error), (False, "odoo.exceptions.UserError"))
        line.invalidate_recordset()
        self.assertEqual((line.md_authorisation_id, line.md_certificate_id),
                         (self.supplier_letter, self.cert_syringe))
        self.assertEqual(len(order.order_line), 1)
