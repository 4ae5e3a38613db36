import re
from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import GspCommon
from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin


class CoverageCommon(GspCommon):
    """The syringe's first certificate lapsed 100 days ago; lots are dated against it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls.cert_syringe
        cls.first.write({"issue_date": cls.today - timedelta(days=2000),
                         "expiry_date": cls.today - timedelta(days=100)})
        cls.made_under_first = cls.today - timedelta(days=300)
        cls.made_after_expiry = cls.today - timedelta(days=50)
        cls.made_before_issue = cls.today - timedelta(days=2100)

    def _renew(self, days_ago=90):
        """The renewal (延续注册): same number, issued ``days_ago``, valid five years."""
        return self.env["md.certificate"].create({
            "name": self.first.name, "device_name": "Syringe", "holder_id": self.maker.id,
            "renewed_from_id": self.first.id, "issue_date": self.today - timedelta(days=days_ago),
            "expiry_date": self.today - timedelta(days=days_ago) + timedelta(days=1825)})

    def _receipt_made_on(self, lots):
        """A receipt of syringes ({lot name: production date}), ready to validate."""
        picking = self._receipt(self.syringe, [(name, 10, 400) for name in lots])
        for line in picking.move_line_ids:
            line.md_production_date = lots[line.lot_name]
        return picking

    def _lot_made_on(self, name, produced, qty=5):
        lot = self._stock_lot(self.syringe, name, qty)
        lot.md_production_date = produced
        return lot

    def _not_received(self, picking):
        """Validation is refused: the error's text; nothing received, no lot, no acceptance."""
        lot_names = picking.move_line_ids.mapped("lot_name")
        with self.assertRaisesRegex(UserError, re.escape(f"{picking.name} cannot be received:")) as caught:
            picking.with_user(self.receiver).with_context(
                skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
        self.assertNotEqual(picking.state, "done")
        self.assertFalse(self.env["md.acceptance"].search([("picking_id", "=", picking.id)]))
        self.assertFalse(self.env["stock.lot"].search([("name", "in", lot_names)]))
        return str(caught.exception)

    def _uncovered(self, lot, produced):
        return (f"Test Syringe 5 ml lot {lot} was produced on {produced}, when no certificate of the device was in "
                f"force (苏械注准20172141234 (valid {self.first.issue_date} to {self.first.expiry_date})): it is "
                f"not a registered device.")


@tagged("post_install", "-at_install")
class TestCertificateCoverage(CoverageCommon):
    """Receiving, acceptance and outbound review judge each lot by the certificate in force when it was made."""

    # Receiving and acceptance ------------------------------------------------------

    def test_lot_made_under_expired_certificate_is_received_and_accepted(self):
        self.assertEqual(self.first.state, "expired")
        picking = self._validate(self._receipt_made_on({"OLD-1": self.made_under_first}))
        line = picking.md_acceptance_ids.line_ids
        self.assertRecordValues(line, [{
            "certificate_id": self.first.id, "certificate_number": "苏械注准20172141234",
            "production_date": self.made_under_first, "registrant": "Test Maker Co."}])
        self._accept(picking.md_acceptance_ids)
        self.assertEqual((line.lot_id.md_quality_state, self._quants(line.lot_id, self.stock)), ("released", 10))

    def test_lot_made_after_expiry_without_renewal_refused(self):
        picking = self._receipt_made_on({"LATE-1": self.made_after_expiry, "OLD-2": self.made_under_first})
        message = self._not_received(picking)
        self.assertEqual(message, f"{picking.name} cannot be received:\n• "
                                  + self._uncovered("LATE-1", self.made_after_expiry))

    def test_lot_made_before_issue_refused(self):
        picking = self._receipt_made_on({"EARLY-1": self.made_before_issue})
        message = self._not_received(picking)
        self.assertIn(self._uncovered("EARLY-1", self.made_before_issue), message)

    def test_renewal_covers_its_own_lots_not_the_gap(self):
        renewal = self._renew(days_ago=90)
        self.assertEqual(self.syringe.md_certificate_id, renewal)
        # Made in the ten days between the lapse and the renewal: not registered.
        gap = self.today - timedelta(days=95)
        message = self._not_received(self._receipt_made_on({"GAP-1": gap}))
        self.assertIn("Test Syringe 5 ml lot GAP-1 was produced on", message)
        self.assertIn(f"苏械注准20172141234 (valid {renewal.issue_date} to {renewal.expiry_date}); "
                      f"苏械注准20172141234 (valid {self.first.issue_date} to {self.first.expiry_date})", message)
        # Made under either certificate: received, each line naming the certificate that covered its lot.
        picking = self._validate(self._receipt_made_on({"OLD-3": self.made_under_first,
                                                        "NEW-3": self.made_after_expiry}))
        covering = {line.lot_id.name: line.certificate_id for line in picking.md_acceptance_ids.line_ids}
        self.assertEqual(covering, {"OLD-3": self.first, "NEW-3": renewal})

    def test_lot_without_production_date_refused(self):
        picking = self._receipt_made_on({"NODATE-1": False, "FUTURE-1": self.today + timedelta(days=1)})
        message = self._not_received(picking)
        self.assertEqual(message.count("•"), 2, message)
        self.assertIn("Test Syringe 5 ml lot NODATE-1 has no production date: enter it from the label in the "
                      "Production Date column of the receipt's detailed operations, or scan the lot's UDI.", message)
        self.assertIn(f"Test Syringe 5 ml lot FUTURE-1 cannot have been produced on "
                      f"{self.today + timedelta(days=1)}, after today.", message)

    def test_existing_lot_judged_by_its_own_production_date(self):
        # A lot already known (an earlier receipt, a return) keeps the date it was made.
        lot = self.env["stock.lot"].create({"product_id": self.syringe.id, "name": "KNOWN-1",
                                            "md_production_date": self.made_after_expiry})
        picking = self._receipt(self.syringe, [("KNOWN-1", 10, 400)])
        picking.move_line_ids.write({"lot_id": lot.id, "md_production_date": self.made_under_first})
        self.assertIn(self._uncovered("KNOWN-1", self.made_after_expiry), self._not_received_keep_lot(picking))

    def _not_received_keep_lot(self, picking):
        with self.assertRaisesRegex(UserError, "cannot be received") as caught:
            picking.with_user(self.receiver).with_context(
                skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
        self.assertNotEqual(picking.state, "done")
        return str(caught.exception)

    # Purchase: the order date ----------------------------------------------------------

    def test_purchase_needs_a_certificate_in_force_today(self):
        order = self._po(self.supplier, self.syringe)
        with self.assertRaisesRegex(UserError, re.escape(
                f"The certificate 苏械注准20172141234 of Test Syringe 5 ml is not valid on {self.today}")):
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "draft")
        renewal = self._renew()
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.order_line.md_certificate_id, renewal)

    # Outbound review: the lot's production date ----------------------------------------

    def test_lot_made_under_old_certificate_sold_after_renewal(self):
        lot = self._lot_made_on("OLD-S1", self.made_under_first)
        renewal = self._renew()
        order = self._so(self.hospital, self.syringe)
        order.with_user(self.seller).action_confirm()
        self.assertEqual(order.order_line.md_certificate_id, renewal, "the order is judged today")
        delivery = self._delivery(self.syringe, 3)
        self.assertEqual(delivery.move_line_ids.lot_id, lot)
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        self.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))
        self.assertRecordValues(review.line_ids, [{"lot_id": lot.id, "certificate_id": self.first.id,
                                                   "certificate_number": "苏械注准20172141234"}])
        review.with_user(self.keeper)._md_sign("reviewed")
        self._validate(delivery, user=self.picker)
        self.assertEqual(self._quants(lot, self.customer_loc), 3)

    def test_review_stops_uncovered_lots_without_exception(self):
        covered = self._lot_made_on("OK-1", self.made_under_first, qty=1)
        late = self._lot_made_on("LATE-2", self.made_after_expiry, qty=1)
        undated = self._lot_made_on("NODATE-2", False, qty=1)
        delivery = self._delivery(self.syringe, 3)
        self.assertEqual(set(delivery.move_line_ids.lot_id.ids), {covered.id, late.id, undated.id})
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        self.assertEqual({(p.code, p.lot_id.name, p.message, p.overridable) for p in review.problem_ids}, {
            ("certificate", "LATE-2", self._uncovered("LATE-2", self.made_after_expiry), False),
            ("certificate", "NODATE-2", "Test Syringe 5 ml NODATE-2 has no production date: enter it on the lot "
                                        "from the label, so that the certificate that covered the lot can be "
                                        "checked.", False),
        })
        problem = review.problem_ids.filtered(lambda p: p.lot_id == late)
        problem.with_user(self.qa_user).exception_reason = "Registrant says the renewal is on its way"
        with self.assertRaisesRegex(UserError, "cannot be released as an exception"):
            problem.with_user(self.qa_user).action_release_exception()
        self.assertFalse(problem.md_signed)
        with self.assertRaisesRegex(UserError, "cannot pass review"):
            review.with_user(self.keeper)._md_sign("reviewed")
        self.assertFalse(review.md_signed)
        with self.assertRaisesRegex(UserError, "LATE-2 was produced on"):
            delivery.with_user(self.picker).with_context(
                skip_backorder=True, picking_ids_not_to_backorder=delivery.ids).button_validate()
        self.assertEqual(self._quants(late, self.customer_loc), 0)
        # Entering the date from the label clears the undated lot; the late one stays refused.
        undated.md_production_date = self.made_under_first
        review.with_user(self.keeper).action_refresh()
        self.assertEqual(review.problem_ids.lot_id, late)

    def test_review_reports_a_revoked_covering_certificate(self):
        lot = self._lot_made_on("REV-1", self.made_under_first, qty=2)
        self._renew()
        self.first._md_revoke("Registration cancelled after inspection")
        delivery = self._delivery(self.syringe, 2)
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        self.assertEqual([(p.code, p.lot_id, p.message) for p in review.problem_ids], [(
            "certificate", lot, "The certificate 苏械注准20172141234 that covered Test Syringe 5 ml lot REV-1 was "
                                "revoked: Registration cancelled after inspection")])


@tagged("post_install", "-at_install")
class TestCertificateCoverageRpc(RpcCallMixin, CoverageCommon, HttpCase):
    """The roles that would push an unregistered lot through, through the web client's own channel."""

    FORGED = {"md_workflow": True, "md_signing": True, "md_quality_write": True, "skip_backorder": True,
              "md_override_reason": "Forged"}

    def _call_as(self, user, model, method, args, kwargs=None):
        """One JSON-RPC call as ``user``, with every forged key: (ok, result or error class name, message)."""
        self.authenticate(user.login, user.login + "x" * (8 - len(user.login)))  # new_test_user's password
        return self._call(model, method, args, kwargs, context=self.FORGED)

    def test_receiver_cannot_receive_an_unregistered_lot(self):
        picking = self._receipt_made_on({"RPC-LATE": self.made_after_expiry})
        ok, error, message = self._call_as(self.receiver, "stock.picking", "button_validate", [picking.ids])
        self.assertFalse(ok)
        self.assertEqual(error, "odoo.exceptions.UserError")
        self.assertIn(self._uncovered("RPC-LATE", self.made_after_expiry), message)
        self.assertNotEqual(picking.state, "done")
        self.assertFalse(picking.md_acceptance_ids)
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "RPC-LATE")]))

    def test_qa_and_keeper_cannot_pass_an_unregistered_lot(self):
        late = self._lot_made_on("RPC-LATE-2", self.made_after_expiry, qty=2)
        delivery = self._delivery(self.syringe, 2)
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        problem = review.problem_ids
        self.assertEqual((problem.code, problem.lot_id), ("certificate", late))
        self.assertEqual(self._call_as(self.qa_user, "md.outbound.problem", "write",
                                    [problem.ids, {"exception_reason": "Registrant promised the renewal"}])[0], True)
        ok, error, message = self._call_as(self.qa_user, "md.outbound.problem", "action_release_exception",
                                        [problem.ids])
        self.assertEqual((ok, error), (False, "odoo.exceptions.UserError"))
        self.assertIn("This problem cannot be released as an exception", message)
        ok, error, message = self._call_as(self.qa_user, "md.outbound.problem", "write",
                                        [problem.ids, {"overridable": True}])
        self.assertFalse(ok)
        ok, error, message = self._call_as(self.keeper, "md.outbound.review", "action_sign_review", [review.ids])
        self.assertEqual((ok, error), (False, "odoo.exceptions.UserError"))
        self.assertIn("RPC-LATE-2 was produced on", message)
        ok, error, message = self._call_as(self.picker, "stock.picking", "button_validate", [delivery.ids])
        self.assertFalse(ok)
        self.assertIn("needs a signed outbound review", message)
        self.assertFalse(problem.overridable or problem.md_signed or review.md_signed)
        self.assertNotEqual(delivery.state, "done")
        self.assertEqual(self._quants(late, self.customer_loc), 0)

    def test_stock_users_cannot_redate_a_lot(self):
        late = self._lot_made_on("RPC-REDATE", self.made_after_expiry, qty=1)
        earlier = str(self.made_under_first)
        for user in (self.receiver, self.picker, self.keeper):
            ok, error, message = self._call_as(user, "stock.lot", "write",
                                            [late.ids, {"md_production_date": earlier}])
            self.assertEqual((ok, error), (False, "odoo.exceptions.UserError"), user.login)
            self.assertEqual(message, "The production date of RPC-REDATE is already recorded; only a QA manager "
                                      "may correct it.")
        self.assertEqual(late.md_production_date, self.made_after_expiry)
        # A missing date is entered from the label by whoever holds the lot; QA corrects a recorded one.
        undated = self._lot_made_on("RPC-UNDATED", False, qty=1)
        self.assertTrue(self._call_as(self.keeper, "stock.lot", "write",
                                   [undated.ids, {"md_production_date": earlier}])[0])
        self.assertTrue(self._call_as(self.qa_user, "stock.lot", "write", [late.ids, {"md_production_date": earlier}])[0])
        self.assertEqual((undated.md_production_date, late.md_production_date),
                         (self.made_under_first, self.made_under_first))
        self.assertIn(self.qa_user.partner_id, late.message_ids.author_id, "the correction is in the lot's history")
