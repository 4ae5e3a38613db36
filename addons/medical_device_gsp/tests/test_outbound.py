import re
from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.misc import format_date

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestOutbound(GspCommon):
    """The outbound review (出库复核) and the delivery gate that depends on it."""

    def setUp(self):
        super().setUp()
        self.lot_a = self._stock_lot(self.syringe, "A-400", 5, days=400)

    # Helpers -------------------------------------------------------------------

    def _validate_refused(self, picking, *fragments):
        """Validation as the picker fails with every fragment in one message; nothing is delivered."""
        with self.assertRaisesRegex(UserError, re.escape(fragments[0])) as caught:
            picking.with_user(self.picker).with_context(
                skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
        message = str(caught.exception)
        for fragment in fragments[1:]:
            self.assertIn(fragment, message)
        self.assertNotEqual(picking.state, "done")
        return message

    def _picked(self, product, qty, partner=None):
        delivery = self._delivery(product, qty, partner)
        # The picker's request ends here: what is still pending is stored as the picker's
        # work, as it would be between two requests.
        self.env(user=self.picker.id).flush_all()
        return delivery

    def _swap_lots(self, picking, lots):
        """Put ``lots`` by hand on the delivery's move lines, one lot per line, in line order."""
        lines = picking.move_line_ids.sorted("id")
        self.assertEqual(len(lines), len(lots), lines.mapped("lot_id.name"))
        for line, lot in zip(lines, lots):
            if lot:
                line.with_user(self.picker).lot_id = lot
        self.env(user=self.picker.id).flush_all()
        return lines

    def _problems(self, review):
        return {(p.code, p.message) for p in review.problem_ids}

    def _passed_review(self, qty=3):
        delivery = self._picked(self.syringe, qty)
        review = self._review(delivery)
        self.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))
        review.with_user(self.keeper)._md_sign("reviewed")
        self.assertEqual(review.state, "passed")
        return delivery, review

    def _signatures(self, record):
        return self.env["md.signature"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    # Happy path ----------------------------------------------------------------

    def test_signed_review_lets_the_delivery_leave(self):
        delivery = self._picked(self.syringe, 3)
        review = self._review(delivery)
        self.assertEqual(review.partner_id, self.hospital)
        self.assertIn(self.picker, review.picker_ids)
        self.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))
        line = review.line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.product_id, line.lot_id, line.quantity, line.qty_checked, line.manufacturer,
             line.certificate_number, line.quality_state, line.expiry_date),
            (self.syringe, self.lot_a, 3, 3, "Test Maker Co.", "苏械注准20172141234", "released",
             self.lot_a.expiration_date.date()))
        self.assertEqual(delivery.md_review_state, "draft")

        signature = review.with_user(self.keeper)._md_sign("reviewed")
        self.assertEqual(signature.meaning, "reviewed")
        self.assertEqual((review.state, review.reviewer_id), ("passed", self.keeper))
        self.assertTrue(review.reviewed_on)
        self.assertEqual(delivery.md_review_state, "passed")

        self._validate(delivery, user=self.picker)
        self.assertEqual(self._quants(self.lot_a, self.customer_loc), 3)
        self.assertEqual(self._quants(self.lot_a, self.stock), 2)
        self.assertEqual(delivery.md_validated_by, self.picker)

    # The gate at validation ----------------------------------------------------------

    def test_review_prints_the_label_expiry_date_in_the_keepers_time_zone(self):
        # Expiry on the label 2028-01-09 is stored as Shanghai midnight, 16:00 UTC the day before.
        self.lot_a.expiration_date = datetime(2028, 1, 8, 16, 0)
        self.keeper.tz = "Asia/Shanghai"
        review = self._review(self._picked(self.syringe, 3))
        self.assertEqual(review.line_ids.expiry_date, date(2028, 1, 9))

    def test_validation_without_review_lists_every_problem(self):
        self.hospital.md_min_shelf_life_days = 500
        self.syringe.md_storage_condition = "cold_chain"
        self.cert_syringe._md_revoke("Withdrawn by the registrant")
        delivery = self._picked(self.syringe, 3)
        message = self._validate_refused(
            delivery,
            f"{delivery.name} needs a signed outbound review before it can be validated.",
            "The review will stop on:",
            "The certificate 苏械注准20172141234 that covered Test Syringe 5 ml lot A-400 was revoked: "
            "Withdrawn by the registrant",
            "Cold-chain devices: fill the shipping record",
            "; Test Hospital requires 500.",
        )
        self.assertRegex(message, r"• Test Syringe 5 ml A-400 has \d+ days of shelf life left; Test Hospital "
                                  r"requires 500\.")
        self.assertEqual(self._quants(self.lot_a, self.stock), 5)
        self.assertEqual(self._quants(self.lot_a, self.customer_loc), 0)

    def test_validation_refused_even_without_problems(self):
        delivery = self._picked(self.syringe, 3)
        message = self._validate_refused(
            delivery, f"{delivery.name} needs a signed outbound review before it can be validated.")
        self.assertNotIn("The review will stop on:", message)
        # A draft review without signature does not open the gate either.
        self._review(delivery)
        self._validate_refused(delivery, f"{delivery.name} needs a signed outbound review")
        self.assertEqual(self._quants(self.lot_a, self.customer_loc), 0)

    # What the review finds ---------------------------------------------------------

    def test_review_lists_every_problem_at_once(self):
        clinic = self.env["res.partner"].create({"name": "Clinic Without Papers", "is_company": True,
                                                 "md_min_shelf_life_days": 500})
        self.syringe.md_storage_condition = "cold_chain"
        # The certificate lapsed before A-400 was made, and was not renewed: A-400 is not registered.
        self.cert_syringe.expiry_date = self.production_date - timedelta(days=1)
        for index in range(1, 5):
            self._stock_lot(self.syringe, f"R-{index}", 1, days=390 + index)
        quarantined = self._stock_lot(self.syringe, "Q-LOT", 1, days=800, state="quarantine")
        held = self._stock_lot(self.syringe, "H-LOT", 1, days=800, state="hold")
        rejected = self._stock_lot(self.syringe, "X-LOT", 1, days=800, state="rejected")
        expired = self._stock_lot(self.syringe, "E-LOT", 1, days=-2)
        (quarantined | held | rejected | expired).md_production_date = self.production_date - timedelta(days=60)

        delivery = self._picked(self.syringe, 5, partner=clinic)
        self.assertEqual(delivery.move_line_ids.lot_id.mapped("name"), ["R-1", "R-2", "R-3", "R-4", "A-400"],
                         "FEFO reserves the released lots only")
        self._swap_lots(delivery, [quarantined, held, rejected, expired, None])
        review = self._review(delivery)
        counted = review.line_ids.filtered(lambda l: l.lot_id == self.lot_a)
        counted.with_user(self.keeper).qty_checked = 2
        review.with_user(self.keeper).action_refresh()

        self.assertEqual(sorted(review.problem_ids.mapped("code")), sorted([
            "lot_state", "lot_state", "lot_state", "expired", "shelf_life", "certificate",
            "customer", "customer", "cold_chain", "quantity"]))
        messages = "\n".join(review.problem_ids.mapped("message"))
        for fragment in (
                "Test Syringe 5 ml Q-LOT is Quarantine, not Released.",
                "Test Syringe 5 ml H-LOT is On Hold, not Released.",
                "Test Syringe 5 ml X-LOT is Rejected, not Released.",
                f"Test Syringe 5 ml E-LOT expired on {expired.expiration_date.date()}.",
                "; Clinic Without Papers requires 500.",
                f"Test Syringe 5 ml lot A-400 was produced on {self.production_date}, when no certificate of the "
                f"device was in force",
                "Customer Clinic Without Papers has no business licence or medical institution practice "
                "licence on file.",
                "Customer Clinic Without Papers has no licence whose scope covers Test Syringe 5 ml (Class II",
                "Cold-chain devices: fill the shipping record",
                "Test Syringe 5 ml A-400: counted 2.0, the delivery says 1.0."):
            self.assertIn(fragment, messages)
        self.assertRegex(messages, r"Test Syringe 5 ml A-400 has \d+ days of shelf life left")
        overridable = {p.code for p in review.problem_ids if p.overridable}
        self.assertEqual(overridable, {"shelf_life", "customer"})
        self.assertEqual(review.open_problem_count, 10)

        # Signing is refused with every open problem in one message, and nothing is signed.
        with self.assertRaisesRegex(UserError, re.escape(f"{review.name} cannot pass review:")) as caught:
            review.with_user(self.keeper)._md_sign("reviewed")
        for problem in review.problem_ids:
            self.assertIn(f"• {problem.message}", str(caught.exception))
        self.assertFalse(review.md_signed)
        self.assertEqual(review.state, "draft")
        self.assertFalse(review.reviewer_id)
        self.assertFalse(self._signatures(review))
        self._validate_refused(delivery, "The review will stop on:", "Test Syringe 5 ml H-LOT is On Hold")

    def test_review_refusals_of_form(self):
        # No lot, no customer.
        delivery = self._picked(self.syringe, 2)
        delivery.move_line_ids.lot_id = False
        delivery.partner_id = False
        review = self._review(delivery)
        self.assertEqual(self._problems(review), {
            ("no_lot", "Test Syringe 5 ml: no lot or serial number picked."),
            ("customer", "Name the customer on the delivery."),
        })
        # Only device deliveries to customers are reviewed.
        receipt = self._receipt(self.syringe, [("R-1", 1, 400)])
        with self.assertRaisesRegex(UserError, "Only deliveries of medical devices to customers are reviewed"):
            receipt.with_user(self.keeper).action_md_outbound_review()
        # A cancelled delivery can no longer be reviewed.
        other = self._picked(self.syringe, 1)
        review = self._review(other)
        other.action_cancel()
        with self.assertRaisesRegex(UserError, "is no longer open for review"):
            review.with_user(self.keeper)._md_sign("reviewed")
        self.assertFalse(review.md_signed)

    def test_review_counts_corrected_quantity(self):
        delivery = self._picked(self.syringe, 3)
        review = self._review(delivery)
        review.line_ids.with_user(self.keeper).qty_checked = 4
        review.with_user(self.keeper).action_refresh()
        self.assertEqual(self._problems(review),
                         {("quantity", "Test Syringe 5 ml A-400: counted 4.0, the delivery says 3.0.")})
        self.assertFalse(review.problem_ids.overridable)
        # The count agrees again: the problem goes away on the next check.
        review.line_ids.with_user(self.keeper).qty_checked = 3
        review.with_user(self.keeper).action_refresh()
        self.assertFalse(review.problem_ids)
        review.with_user(self.keeper)._md_sign("reviewed")
        self.assertEqual(review.state, "passed")

    def test_customer_scope(self):
        stent_lot = self._stock_lot(self.stent, "SN-0001", 1)
        retail = self._review(self._picked(self.stent, 1, partner=self.retailer))
        self.assertEqual(retail.problem_ids.mapped("code"), ["customer"])
        self.assertIn("Customer Test Retail Chain has no licence whose scope covers Test Stent 3.0x18 (Class III",
                      retail.problem_ids.message)
        self.assertEqual(retail.line_ids.lot_id, stent_lot)
        with self.assertRaisesRegex(UserError, "Test Retail Chain has no licence whose scope covers"):
            retail.with_user(self.keeper)._md_sign("reviewed")
        self.assertFalse(retail.md_signed)
        # The same retailer may have Class II syringes, the hospital the Class III stent.
        self.assertFalse(self._review(self._picked(self.syringe, 1, partner=self.retailer)).problem_ids)
        self._stock_lot(self.stent, "SN-0002", 1)
        self.assertFalse(self._review(self._picked(self.stent, 1)).problem_ids)

    def test_certificate_revoked(self):
        delivery = self._picked(self.syringe, 2)
        self.cert_syringe._md_revoke("Registration cancelled after inspection")
        review = self._review(delivery)
        self.assertEqual(self._problems(review), {(
            "certificate", "The certificate 苏械注准20172141234 that covered Test Syringe 5 ml lot A-400 was "
                           "revoked: Registration cancelled after inspection")})
        self.assertFalse(review.problem_ids.overridable, "an unregistered device is never released as an exception")

    def test_cold_chain_needs_shipping_record(self):
        self.syringe.md_storage_condition = "cold_chain"
        delivery = self._picked(self.syringe, 2)
        review = self._review(delivery)
        self.assertEqual(review.problem_ids.mapped("code"), ["cold_chain"])
        delivery.write({"md_cc_transport_mode": "vehicle", "md_cc_vehicle": "沪A-12345",
                        "md_cc_departure_time": self.now, "md_cc_departure_temperature": 4.5})
        review.with_user(self.keeper).action_refresh()
        self.assertFalse(review.problem_ids)
        review.with_user(self.keeper)._md_sign("reviewed")
        self._validate(delivery, user=self.picker)
        self.assertEqual(self._quants(self.lot_a, self.customer_loc), 2)

    # Who may sign ----------------------------------------------------------------

    def test_picker_may_not_review_own_picking(self):
        self.picker.groups_id += self.env.ref("medical_device_base.group_md_storage_keeper")
        delivery = self._picked(self.syringe, 3)
        review = self._review(delivery)
        self.assertIn(self.picker, review.picker_ids)
        with self.assertRaisesRegex(UserError, re.escape(
                "Pei Picker picked this delivery and may not also review it (segregation of duties).")):
            review.with_user(self.picker)._md_sign("reviewed")
        self.assertFalse(review.md_signed)
        self.assertFalse(self._signatures(review))

        self.company.md_review_segregation = False
        review.with_user(self.picker)._md_sign("reviewed")
        self.assertEqual((review.state, review.reviewer_id), ("passed", self.picker))

    def test_only_storage_keepers_sign(self):
        delivery = self._picked(self.syringe, 3)
        review = self._review(delivery)
        for user in (self.inspector, self.picker, self.receiver):
            with self.assertRaisesRegex(AccessError, "Only members of .* may sign"):
                review.with_user(user)._md_sign("reviewed")
        self.assertFalse(review.md_signed)
        self.assertFalse(self._signatures(review))
        self._validate_refused(delivery, f"{delivery.name} needs a signed outbound review")

    # Exceptions released by QA --------------------------------------------------------

    def test_qa_releases_shelf_life_exception(self):
        self.hospital.md_min_shelf_life_days = 500
        delivery = self._picked(self.syringe, 3)
        review = self._review(delivery)
        problem = review.problem_ids
        self.assertEqual(problem.code, "shelf_life")
        self.assertTrue(problem.overridable)
        with self.assertRaisesRegex(UserError, "cannot pass review"):
            review.with_user(self.keeper)._md_sign("reviewed")

        # No reason, a too short one, or a signer outside QA: refused.
        with self.assertRaisesRegex(UserError, "Give the reason for the exception in at least 10 characters"):
            problem.with_user(self.qa_user)._md_sign("approved")
        problem.with_user(self.qa_user).exception_reason = "  too short "
        with self.assertRaisesRegex(UserError, "Give the reason for the exception in at least 10 characters"):
            problem.with_user(self.qa_user)._md_sign("approved")
        with self.assertRaises(AccessError):
            problem.with_user(self.keeper).exception_reason = "The keeper approves his own exception"
        problem.with_user(self.qa_user).exception_reason = "Hospital accepted 13 months in writing"
        with self.assertRaisesRegex(AccessError, "Only members of"):
            problem.with_user(self.keeper)._md_sign("approved")
        self.assertFalse(problem.md_signed)
        self.assertFalse(problem.resolved)

        signature = problem.with_user(self.qa_user)._md_sign("approved")
        self.assertEqual((signature.meaning, signature.signer_id), ("approved", self.qa_user))
        self.assertTrue(problem.resolved)
        self.assertEqual(review.open_problem_count, 0)
        with self.assertRaisesRegex(UserError, "This exception is already released"):
            problem.with_user(self.qa_user)._md_sign("approved")

        # The released exception survives a new check and opens the review.
        review.with_user(self.keeper).action_refresh()
        self.assertEqual(review.problem_ids, problem)
        review.with_user(self.keeper)._md_sign("reviewed")
        self.assertEqual(review.state, "passed")
        self._validate(delivery, user=self.picker)
        self.assertEqual(self._quants(self.lot_a, self.customer_loc), 3)
        self.assertEqual(self._quants(self.lot_a, self.stock), 2)

    def test_hard_problems_cannot_be_released(self):
        self._stock_lot(self.syringe, "R-1", 1, days=300)
        self._stock_lot(self.syringe, "R-2", 1, days=301)
        held = self._stock_lot(self.syringe, "H-LOT", 1, days=800, state="hold")
        expired = self._stock_lot(self.syringe, "E-LOT", 1, days=-2)
        delivery = self._picked(self.syringe, 2)
        self._swap_lots(delivery, [held, expired])
        review = self._review(delivery)
        self.assertEqual(sorted(review.problem_ids.mapped("code")), ["expired", "lot_state"])
        for problem in review.problem_ids:
            self.assertFalse(problem.overridable)
            problem.with_user(self.qa_user).exception_reason = "Customer insists, urgent surgery tomorrow"
            with self.assertRaisesRegex(UserError, "This problem cannot be released as an exception"):
                problem.with_user(self.qa_user)._md_sign("approved")
        self.assertFalse(review.problem_ids.filtered("md_signed"))
        self.assertEqual(review.open_problem_count, 2)
        with self.assertRaisesRegex(UserError, "cannot pass review"):
            review.with_user(self.keeper)._md_sign("reviewed")

    # After the review ------------------------------------------------------------

    def test_change_after_review_blocks_validation(self):
        delivery, review = self._passed_review(3)
        delivery.move_line_ids.with_user(self.picker).quantity = 2
        self.env(user=self.picker.id).flush_all()
        self._validate_refused(
            delivery, f"{delivery.name} changed after its outbound review {review.name}; review it again.")
        self.assertEqual(self._quants(self.lot_a, self.customer_loc), 0)
        self.assertEqual(self._quants(self.lot_a, self.stock), 5)

        # A new review of what is now on the delivery lets it go (signed in its own
        # request, where the delivery's reviews are read anew, newest first).
        second = self._review(delivery)
        self.assertNotEqual(second, review)
        self.assertEqual(second.line_ids.quantity, 2)
        second.with_user(self.keeper)._md_sign("reviewed")
        delivery.invalidate_recordset(["md_review_ids"])
        self._validate(delivery, user=self.picker)
        self.assertEqual(self._quants(self.lot_a, self.customer_loc), 2)

    def test_hold_after_review_blocks_validation(self):
        delivery, _review = self._passed_review(3)
        self.lot_a._md_change_quality_state("hold", "Complaint about leaking plungers under investigation")
        self.assertEqual(self.lot_a.md_quality_state, "hold")
        self._validate_refused(delivery, f"{delivery.name} cannot be delivered:",
                               "• Test Syringe 5 ml A-400 is On Hold, not Released.")
        self.assertEqual(self._quants(self.lot_a, self.customer_loc), 0)
        self.assertEqual(self._quants(self.lot_a, self.stock), 5)

    def test_signed_review_is_frozen(self):
        _delivery, review = self._passed_review(3)
        line = review.line_ids
        with self.assertRaisesRegex(UserError, "its lines can no longer be changed"):
            line.with_user(self.keeper).qty_checked = 1
        with self.assertRaisesRegex(UserError, "Note can no longer be changed"):
            review.with_user(self.keeper).note = "Counted again afterwards"
        with self.assertRaisesRegex(UserError, "is signed and can no longer change"):
            review.with_user(self.keeper).action_refresh()
        with self.assertRaisesRegex(UserError, "is already signed"):
            review.with_user(self.keeper)._md_sign("reviewed")
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            review.unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            line.unlink()
        self.assertTrue(review.exists())
        self.assertEqual((line.qty_checked, review.state, len(self._signatures(review))), (3, "passed", 1))

    # The last line of defence: every movement to a customer -------------------------------

    def test_done_guard_refuses_non_released_lot_without_picking(self):
        held = self._stock_lot(self.syringe, "H-LOT", 5, state="hold")
        expired = self._stock_lot(self.syringe, "E-LOT", 5, days=-2)
        Lot = self.env["stock.lot"]
        with self.assertRaisesRegex(UserError, "This movement is refused:") as caught:
            Lot._md_move_quantities([(held, 1, self.stock, self.customer_loc)], "x")
        self.assertIn("Test Syringe 5 ml H-LOT is On Hold, not Released.", str(caught.exception))
        with self.assertRaisesRegex(UserError, re.escape(
                f"Test Syringe 5 ml E-LOT expired on {expired.expiration_date.date()}.")):
            Lot._md_move_quantities([(expired, 1, self.stock, self.customer_loc)], "x")
        self.assertEqual(self._quants(held, self.stock), 5)
        self.assertEqual(self._quants(held, self.customer_loc), 0)
        self.assertEqual(self._quants(expired, self.customer_loc), 0)
        # A released, unexpired lot passes the same guard.
        Lot._md_move_quantities([(self.lot_a, 1, self.stock, self.customer_loc)], "x")
        self.assertEqual(self._quants(self.lot_a, self.customer_loc), 1)

    # The printed record ---------------------------------------------------------------

    def test_report_renders_the_record(self):
        Report = self.env["ir.actions.report"]
        delivery = self._picked(self.syringe, 3)
        review = self._review(delivery)
        html = Report._render_qweb_html("medical_device_gsp.action_report_md_outbound_review", review.ids)[0]
        self.assertIn("Not signed: the delivery may not leave.", html.decode())

        signature = review.with_user(self.keeper)._md_sign("reviewed")
        html = Report._render_qweb_html("medical_device_gsp.action_report_md_outbound_review",
                                        review.ids)[0].decode()
        for text in (review.name, delivery.name, "Test Hospital", "Test Syringe 5 ml", "A-400",
                     format_date(self.env, self.lot_a.expiration_date.date()), "Test Maker Co.",
                     "苏械注准20172141234", "3.00", "Released", "Kai Keeper", signature.manifestation):
            self.assertIn(text, html)
        self.assertIn("Reviewed", signature.manifestation)
        self.assertNotIn("Not signed", html)
