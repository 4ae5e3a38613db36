from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import ScannerCommon, ScannerTourCase

SYRINGE = "06909999000012"


def lot_code(name):
    return f"(01){SYRINGE}(10){name}"


class ReviewCommon(ScannerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_a = cls._stock_lot(cls.syringe, "RV-A", 5, days=300)
        cls.lot_b = cls._stock_lot(cls.syringe, "RV-B", 5, days=500)
        cls.lot_hold = cls._stock_lot(cls.syringe, "RV-HOLD", 5, days=600, state="hold")

    @classmethod
    def _picked_review(cls, qty=3):
        delivery = cls._delivery(cls.syringe, qty)
        cls.env(user=cls.picker.id).flush_all()
        return cls._review(delivery)

    def _lines(self, review):
        return [(line.lot_id.name, line.quantity, line.scanned) for line in review.line_ids]


@tagged("post_install", "-at_install")
class TestReviewScan(ReviewCommon):
    """Review: the keeper confirms each device by its UDI and signs from the same screen."""

    def _check(self, review, code):
        return self._scan("review", review, code, user=self.keeper)

    def test_scans_confirm_the_lines_and_refusals_change_nothing(self):
        review = self._picked_review()
        self.assertEqual(self._lines(review), [("RV-A", 3, False)])
        screen = self.env["md.scanner"].with_user(self.keeper).md_screen("review", review.id)
        self.assertEqual([(l["qty"], l["expected"], l["state"]) for l in screen["lines"]], [(3.0, 3.0, "todo")])
        refusals = {
            "on hold": (lot_code("RV-HOLD"), "Test Syringe 5 ml RV-HOLD is On Hold, not Released."),
            "not on the delivery": ("(01)06909999000029(21)RV-SN", "is not on delivery"),
            "unknown lot": (lot_code("RV-ZZZ"), "has no lot or serial number RV-ZZZ in stock"),
        }
        for case, (code, reason) in refusals.items():
            with self.subTest(case):
                result = self._check(review, code)
                self.assertFalse(result["ok"], case)
                self.assertIn(reason, " ".join([result["message"]] + result["problems"]))
        self.assertEqual(self._lines(review), [("RV-A", 3, False)])
        self.assertFalse(review.picking_id.move_line_ids.md_scanned_by)

        result = self._check(review, lot_code("RV-A"))
        self.assertTrue(result["ok"], result)
        self.assertEqual(self._lines(review), [("RV-A", 3, True)])
        self.assertEqual(review.line_ids.scanned_by_id, self.keeper)
        self.assertEqual([(l["state"], l["subtitle"]) for l in result["screen"]["lines"]], [("done", "Scanned")])
        self.assertEqual(result["screen"]["summary"], "1 of 1 lines scanned; 0 problem(s) open.")
        self.assertEqual(self._logs(review).mapped("outcome"), ["refused"] * 3 + ["accepted"])

    def test_sign_opens_the_password_prompt_and_refuses_an_open_problem(self):
        # The hospital wants 400 days: the review stops on RV-A's 300 days until QA releases it.
        self.hospital.md_min_shelf_life_days = 400
        review = self._picked_review()
        scanner = self.env["md.scanner"].with_user(self.keeper)
        with self.assertRaisesRegex(UserError, r"cannot pass review:\n• Test Syringe 5 ml RV-A has \d+ days"):
            scanner.md_action("review", review.id, "sign")
        self.assertFalse(review.md_signed)
        self.hospital.md_min_shelf_life_days = 0
        result = scanner.md_action("review", review.id, "sign")
        self.assertEqual((result["action"]["res_model"], result["action"]["context"]["default_res_id"]),
                         ("md.signature.wizard", review.id))
        self.assertFalse(review.md_signed)


@tagged("post_install", "-at_install")
class TestReviewRpc(RpcCallMixin, ReviewCommon, HttpCase):
    """The picker may not review (nor sign) what they picked; the keeper's refusals hold over RPC."""

    def test_picker_may_not_review_and_keeper_refusal_holds(self):
        review = self._picked_review()
        self.authenticate("md_picker", "md_picker")
        ok, error, message = self._call("md.scanner", "md_action", ["review", review.id, "sign"],
                                        context={"md_workflow": True})
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        self.assertIn("You may not do this task: Outbound Review", message)
        self.authenticate("md_keeper", "md_keeper")
        ok, result, _message = self._call("md.scanner", "md_scan", ["review", review.id, lot_code("RV-HOLD")])
        self.assertTrue(ok, result)
        self.assertFalse(result["ok"])
        self.assertIn("RV-HOLD is On Hold, not Released.", " ".join(result["problems"]))
        self.assertEqual(self._lines(review), [("RV-A", 3, False)])
        self.assertFalse(review.md_signed)


@tagged("post_install", "-at_install")
class TestReviewTour(ScannerTourCase, ReviewCommon):
    """On a phone: the keeper scans the delivery, meets a held lot, and signs the review with the password."""

    def test_review_on_a_phone(self):
        review = self._picked_review()
        review.name = "TOUR-REVIEW"
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_review",
                     user=self.keeper, screenshot="scanner_review")
        self.assertEqual(review.state, "passed")
        self.assertEqual(review.reviewer_id, self.keeper)
        self.assertEqual(self._lines(review), [("RV-A", 3, True)])
        self.assertEqual(self._logs(review).mapped("outcome"), ["refused", "accepted"])
