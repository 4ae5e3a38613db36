from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import TenderCommon

REASON = "Shorter lead time for the stents the ward needs this week"


class AwardCommon(TenderCommon):

    def _award(self, order, user=None):
        action = order.with_user(user or self.buyer).action_md_award()
        return self.env["md.tender.award"].with_user(user or self.buyer).browse(action["res_id"])

    def _sign(self, award, user=None):
        user = user or self.buyer
        action = award.with_user(user).action_sign_award()
        wizard = self.env[action["res_model"]].with_user(user).with_context(**action["context"]).create(
            {"password": user.login})
        return wizard.action_sign()


@tagged("post_install", "-at_install")
class TestTenderAward(AwardCommon):
    """The award is a signed decision: reasoned when not the cheapest, ordering the chosen bid, keeping the rest."""

    def test_amounts_and_cheapest(self):
        first, second = self._tender()
        award = self._award(second)
        self.assertRecordValues(award, [{
            "order_id": second.id, "cheapest_order_id": first.id, "awarded_amount": 265.0,
            "cheapest_amount": 250.0, "reason_required": True, "state": "draft", "md_signed": False}])
        self.assertEqual(award.bid_ids, first | second)
        self.assertEqual(award.losing_order_ids, first)
        self.assertRegex(award.name, r"^AWD/\d{4}/\d{5}$")

    def test_not_cheapest_without_reason_refused(self):
        first, second = self._tender()
        award = self._award(second)
        for reason in (False, "cheaper?"):
            award.reason = reason
            with self.assertRaises(UserError) as caught:
                self._sign(award)
            self.assertEqual(str(caught.exception), (
                f"{award.name} cannot be signed:\n"
                f"• {second.name} is not the cheapest bid ({first.name}): write the reason for choosing it "
                f"(at least 10 characters)."))
        self.assertEqual((award.state, award.md_signed, first.state, second.state),
                         ("draft", False, "draft", "draft"))

    def test_not_cheapest_with_reason_signed(self):
        first, second = self._tender()
        award = self._award(second)
        award.reason = REASON
        self._sign(award)
        self.assertRecordValues(award, [{"state": "awarded", "md_signed": True, "awarded_by": self.buyer.id,
                                         "reason": REASON, "cheapest_order_id": first.id}])
        self.assertEqual(second.state, "purchase")
        self.assertEqual(first.state, "cancel")
        self.assertTrue(first.exists(), "the losing bid is kept")
        self.assertEqual(award.losing_order_ids, first)
        first.invalidate_recordset(["md_award_ids"])
        self.assertEqual(first.md_award_ids, award)
        signature = self.env["md.signature"].search([("res_model", "=", award._name), ("res_id", "=", award.id)])
        self.assertRecordValues(signature, [{"meaning": "approved", "signer_id": self.buyer.id}])
        self.assertTrue(first.message_ids.filtered(lambda m: "Not awarded" in (m.body or "")))

    def test_cheapest_needs_no_reason(self):
        first, second = self._tender()
        award = self._award(first)
        self.assertFalse(award.reason_required)
        self._sign(award)
        self.assertEqual((first.state, second.state), ("purchase", "cancel"))

    def test_prices_changed_before_signing_are_judged_at_signing(self):
        _first, second = self._tender()
        award = self._award(second)
        second.order_line.filtered(lambda l: l.product_id == self.stent).price_unit = 95.0
        self._sign(award)
        self.assertRecordValues(award, [{"cheapest_order_id": second.id, "awarded_amount": 235.0,
                                         "cheapest_amount": 235.0, "state": "awarded"}])

    def test_qualification_gate_runs_at_award(self):
        first, second = self._tender()
        award = self._award(second)
        award.reason = REASON
        self.supplier2.md_supplier_approved = False
        with self.assertRaisesRegex(UserError, f"{second.name} cannot be confirmed:\n• Supplier Second Supplier Co. "
                                               "is not approved by QA."):
            self._sign(award)
        self.assertEqual((award.state, award.md_signed, first.state, second.state),
                         ("draft", False, "draft", "draft"))

    def test_qa_manager_without_purchase_rights_signs(self):
        qa_only = self._test_user("md_qa_only", groups="base.group_user,medical_device_base.group_md_qa_manager",
                                  name="Quan QA")
        first, second = self._tender()
        award = self._award(first)
        self._sign(award, qa_only)
        self.assertEqual((award.state, award.awarded_by, first.state, second.state),
                         ("awarded", qa_only, "purchase", "cancel"))

    def test_signed_award_frozen(self):
        first, second = self._tender()
        award = self._award(first)
        self._sign(award)
        with self.assertRaisesRegex(UserError, "is signed"):
            award.write({"reason": "Another story told afterwards"})
        with self.assertRaisesRegex(UserError, "is signed and cannot be deleted"):
            award.unlink()
        with self.assertRaisesRegex(UserError, "has already been signed"):
            self._sign(award)
        # A second award of the same tender finds it ordered.
        with self.assertRaisesRegex(UserError, "is no longer open"):
            self._sign(self._award(second.with_user(self.buyer)))


@tagged("post_install", "-at_install")
class TestTenderAwardRpc(RpcCallMixin, AwardCommon, HttpCase):
    """Through the web client's channel: no signing without the role, no change once signed."""

    FORGED = {"md_workflow": True, "md_signing": True, "skip_alternative_check": True}

    def test_rpc_stock_user_cannot_sign(self):
        first, _second = self._tender()
        award = self._award(first)
        self.authenticate(self.stock_user.login, self.stock_user.login)
        for method, args in (("action_sign_award", [award.ids]), ("action_sign", [award.ids, "approved"])):
            for context in (None, self.FORGED):
                ok, error, _message = self._call("md.tender.award", method, args, context=context)
                self.assertFalse(ok)
                self.assertEqual(error, "odoo.exceptions.AccessError")
        ok, wizard_id, _message = self._call("md.signature.wizard", "create", [{
            "res_model": award._name, "res_id": award.id, "meaning": "approved", "password": "md_stock_clerk"}])
        if ok:
            ok, error, _message = self._call("md.signature.wizard", "action_sign", [[wizard_id]])
            self.assertFalse(ok)
        award.invalidate_recordset()
        self.assertEqual((award.state, award.md_signed, first.state), ("draft", False, "draft"))

    def test_rpc_buyer_cannot_forge_or_change_signed(self):
        first, second = self._tender()
        award = self._award(second)
        self.authenticate(self.buyer.login, self.buyer.login)
        for vals in ({"state": "awarded"}, {"md_signed": True}, {"cheapest_order_id": second.id},
                     {"awarded_amount": 1.0}):
            ok, error, _message = self._call("md.tender.award", "write", [award.ids, vals], context=self.FORGED)
            self.assertFalse(ok, vals)
            self.assertEqual(error, "odoo.exceptions.UserError")
        award.reason = REASON
        self._sign(award)
        for method, args in (("write", [award.ids, {"reason": "Changed my mind after the fact"}]),
                             ("write", [award.ids, {"order_id": first.id}]),
                             ("unlink", [award.ids])):
            ok, error, message = self._call("md.tender.award", method, args, context=self.FORGED)
            self.assertFalse(ok, method)
            self.assertEqual(error, "odoo.exceptions.UserError", message)
        award.invalidate_recordset()
        self.assertRecordValues(award, [{"reason": REASON, "order_id": second.id, "state": "awarded"}])
        with self.assertRaises(AccessError):
            award.with_user(self.stock_user).read(["reason"])
