from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import TenderCommon

NOT_APPROVED = "Supplier Test Maker Co. is not approved by QA."


@tagged("post_install", "-at_install")
class TestRfqGate(TenderCommon):
    """A request for quotation of a device leaves only for a supplier qualified to supply it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tender = cls.env["purchase.requisition"].create({
            "requisition_type": "purchase_template",
            "line_ids": [Command.create({"product_id": cls.syringe.id, "product_qty": 10})]})
        cls.tender.action_confirm()

    def _expected(self, order):
        message = self._refusal(order)
        self.assertIn(f"{order.display_name} cannot be confirmed:\n• {NOT_APPROVED}", message)
        self.assertIn("A QA manager may confirm it with a written override reason.", message)
        return message

    def assertSameRefusal(self, order, send):
        expected = self._expected(order)
        with self.assertRaises(UserError) as caught:
            send(order.with_user(self.buyer))
        self.assertEqual(str(caught.exception), expected)
        self.assertEqual(order.state, "draft")

    def test_email_refused_with_the_confirmation_message(self):
        order = self._po(self.maker, self.syringe)
        self.assertSameRefusal(order, lambda o: o.with_context(send_rfq=True).action_rfq_send())

    def test_print_refused(self):
        self.assertSameRefusal(self._po(self.maker, self.syringe), lambda o: o.print_quotation())

    def test_marking_as_sent_refused(self):
        order = self._po(self.maker, self.syringe)
        self.assertSameRefusal(order, lambda o: o.with_context(mark_rfq_as_sent=True).message_post(body="RFQ"))
        self.assertSameRefusal(order, lambda o: o.write({"state": "sent"}))

    def test_alternative_for_unqualified_supplier_refused(self):
        origin = self._po(self.supplier, self.syringe)
        wizard = self.env["purchase.requisition.create.alternative"].with_user(self.buyer).create({
            "origin_po_id": origin.id, "partner_id": self.maker.id})
        with self.assertRaises(UserError) as caught:
            wizard.action_create_alternative()
        message = str(caught.exception)
        self.assertRegex(message, rf"^P\d+ cannot be confirmed:\n• {NOT_APPROVED}\n")
        self.assertEqual(self.env["purchase.order"].search_count([("partner_id", "=", self.maker.id)]), 0)
        self.assertFalse(origin.alternative_po_ids)

    def test_devices_added_to_an_empty_alternative_are_checked(self):
        # The wizard makes the alternative without lines; the supplier's authorisation covers the syringe only
        # once its devices are known: a device it is not authorised for is refused when added.
        cert = self.env["md.certificate"].create({
            "name": "苏械注准20172141299", "device_name": "Catheter", "holder_id": self.maker.id,
            "issue_date": self.today - timedelta(days=1500), "expiry_date": self.today + timedelta(days=1400)})
        catheter = self._device("Test Catheter", "2", "14-01", cert, "lot", "6909999000036")
        origin = self._po(self.supplier, self.syringe)
        wizard = self.env["purchase.requisition.create.alternative"].with_user(self.buyer).create({
            "origin_po_id": origin.id, "partner_id": self.supplier2.id, "copy_products": False})
        alternative = self.env["purchase.order"].browse(wizard.action_create_alternative()["res_id"])
        with self.assertRaises(UserError) as caught:
            alternative.with_user(self.buyer).write({"order_line": [Command.create(
                {"product_id": catheter.id, "product_qty": 5, "price_unit": 3.0})]})
        self.assertIn(f"{alternative.display_name} cannot be confirmed:\n• Supplier Second Supplier Co. has no "
                      "authorisation letter covering Test Catheter (certificate 苏械注准20172141299).",
                      str(caught.exception))
        self.assertFalse(alternative.order_line)
        alternative.with_user(self.buyer).write({"order_line": [Command.create(
            {"product_id": self.syringe.id, "product_qty": 5, "price_unit": 3.0})]})
        self.assertEqual(alternative.order_line.product_id, self.syringe)

    def test_quotation_of_a_call_for_tenders_refused(self):
        with self.assertRaises(UserError) as caught:
            self._bid(self.maker, [(self.syringe, 10, 5.0, 7, 700)], requisition=self.tender)
        self.assertIn(NOT_APPROVED, str(caught.exception))
        self.assertFalse(self.tender.purchase_ids)
        # Nor can a quotation of the tender be readdressed to an unqualified supplier.
        bid = self._bid(self.supplier, [(self.syringe, 10, 5.0, 7, 700)], requisition=self.tender)
        with self.assertRaisesRegex(UserError, NOT_APPROVED):
            bid.with_user(self.buyer).partner_id = self.maker
        self.assertEqual(bid.partner_id, self.supplier)

    def test_qualified_supplier_receives_the_rfq(self):
        order = self._po(self.supplier, self.syringe).with_user(self.buyer)
        action = order.with_context(send_rfq=True).action_rfq_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        order.print_quotation()
        self.assertEqual(order.state, "sent")
        first, second = self._tender()
        self.assertEqual(first.alternative_po_ids, first | second)
        bid = self._bid(self.supplier2, [(self.syringe, 10, 5.0, 7, 700)], requisition=self.tender)
        self.assertEqual(self.tender.purchase_ids, bid)

    def test_non_device_rfq_unaffected(self):
        order = self._po(self.maker, self.plain).with_user(self.buyer)
        order.print_quotation()
        self.assertEqual(order.state, "sent")


@tagged("post_install", "-at_install")
class TestRfqGateRpc(RpcCallMixin, TenderCommon, HttpCase):
    """The buyer, through the web client's channel: no path sends an RFQ to an unqualified supplier."""

    FORGED = {"md_override_reason": "urgent", "md_workflow": True, "md_signing": True,
              "skip_alternative_check": True}

    def setUp(self):
        super().setUp()
        self.authenticate(self.buyer.login, self.buyer.login)

    def test_rpc_sending_refused(self):
        order = self._po(self.maker, self.syringe)
        expected = self._refusal(order)
        calls = [("action_rfq_send", [order.ids], {"send_rfq": True}),
                 ("print_quotation", [order.ids], None),
                 ("write", [order.ids, {"state": "sent"}], None),
                 ("message_post", [order.ids], {"mark_rfq_as_sent": True})]
        for method, args, context in calls:
            for extra in ({}, self.FORGED):
                ok, error, message = self._call("purchase.order", method, args,
                                                kwargs={"body": "RFQ"} if method == "message_post" else None,
                                                context=dict(context or {}, **extra))
                self.assertFalse(ok, method)
                self.assertEqual(error, "odoo.exceptions.UserError", method)
                self.assertEqual(message, expected, method)
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")

    def test_rpc_alternative_refused_and_qualified_created(self):
        origin = self._po(self.supplier, self.syringe)
        for partner, refused in ((self.maker, True), (self.supplier2, False)):
            ok, wizard_id, _message = self._call("purchase.requisition.create.alternative", "create", [{
                "origin_po_id": origin.id, "partner_id": partner.id}])
            self.assertTrue(ok)
            ok, error, message = self._call("purchase.requisition.create.alternative",
                                            "action_create_alternative", [[wizard_id]])
            self.assertEqual(not ok, refused, message)
            if refused:
                self.assertEqual(error, "odoo.exceptions.UserError")
                self.assertIn(NOT_APPROVED, message)
        self.assertEqual(origin.alternative_po_ids.partner_id, self.supplier | self.supplier2)
