import re
from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import GspCommon
from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

SYRINGE = "06909999000012"
STENT = "06909999000029"


def label(gtin, lot=None, serial=None, expiry=None):
    """The human-readable GS1 string a 2D scanner types for a label."""
    return f"(01){gtin}" + (f"(17){expiry}" if expiry else "") + (f"(10){lot}" if lot else "") \
        + (f"(21){serial}" if serial else "")


class ScanCommon(GspCommon):
    """Released stock of several lots, and lots that may not leave."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_a = cls._stock_lot(cls.syringe, "SC-A", 5, days=300)
        cls.lot_b = cls._stock_lot(cls.syringe, "SC-B", 5, days=500)
        cls.lot_c = cls._stock_lot(cls.syringe, "SC-C", 2, days=600)
        cls.lot_hold = cls._stock_lot(cls.syringe, "SC-HOLD", 5, days=700, state="hold")
        cls.lot_quarantine = cls._stock_lot(cls.syringe, "SC-QUA", 5, days=700, state="quarantine",
                                            location=cls.quarantine)
        cls.lot_expired = cls._stock_lot(cls.syringe, "SC-EXP", 5, days=-3)
        # Released, but every unit already left: nothing to reserve.
        cls.lot_none = cls.env["stock.lot"].with_context(md_workflow=True).create({
            "product_id": cls.syringe.id, "name": "SC-NONE", "company_id": cls.company.id,
            "expiration_date": cls.now + timedelta(days=700), "md_quality_state": "released"})

    def _reserved(self, lot):
        """Units of ``lot`` reserved in the released stock."""
        return sum(self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "child_of", self.stock.id)]).mapped("reserved_quantity"))

    def _lines(self, delivery):
        """What the delivery holds: {lot name: (quantity, scanned by)}."""
        result = {}
        for line in delivery.move_line_ids:
            quantity, _by = result.get(line.lot_id.name, (0, None))
            result[line.lot_id.name] = (quantity + line.quantity, line.md_scanned_by)
        return result


@tagged("post_install", "-at_install")
class TestOutboundScan(ScanCommon):
    """A UDI scanned on a delivery confirms the lot picked, or swaps the reservation to it."""

    def test_scan_confirms_the_reserved_lot(self):
        delivery = self._delivery(self.syringe, 3)
        self.assertEqual(self._lines(delivery), {"SC-A": (3, self.env["res.users"])})
        code = label(SYRINGE, lot="SC-A")

        line = delivery.with_user(self.picker).md_scan_udi(code)

        self.assertRecordValues(line, [{"lot_id": self.lot_a.id, "quantity": 3, "md_scan_code": code,
                                        "md_scanned_by": self.picker.id, "md_picked_by": self.picker.id}])
        self.assertTrue(line.md_scanned_on)
        self.assertEqual((self._reserved(self.lot_a), self._reserved(self.lot_b)), (3, 0))
        # The review shows which lines were scanned, by whom and when.
        review = self._review(delivery)
        self.assertRecordValues(review.line_ids, [{
            "lot_id": self.lot_a.id, "scanned": True, "scanned_code": code, "scanned_by_id": self.picker.id,
            "scanned_on": line.md_scanned_on}])
        self.assertEqual(review.scanned_count, 1)
        self.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))

    def test_scan_of_another_released_lot_takes_its_place(self):
        delivery = self._delivery(self.syringe, 3)
        line = delivery.with_user(self.picker).md_scan_udi(label(SYRINGE, lot="SC-B"))

        self.assertEqual(self._lines(delivery), {"SC-B": (3, self.picker)})
        self.assertEqual(line.lot_id, self.lot_b)
        # The reservation moved with it: lot A is free again, lot B is held for this delivery.
        self.assertEqual((self._reserved(self.lot_a), self._reserved(self.lot_b)), (0, 3))
        self.assertEqual(delivery.state, "assigned")
        review = self._review(delivery)
        self.assertRecordValues(review.line_ids, [{"lot_id": self.lot_b.id, "quantity": 3, "scanned": True,
                                                   "scanned_by_id": self.picker.id}])
        self.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))

    def test_smaller_lot_takes_what_it_has_the_rest_stays_reserved(self):
        delivery = self._delivery(self.syringe, 3)
        delivery.with_user(self.picker).md_scan_udi(label(SYRINGE, lot="SC-C"))
        self.assertEqual(self._lines(delivery), {"SC-A": (1, self.env["res.users"]), "SC-C": (2, self.picker)})
        self.assertEqual((self._reserved(self.lot_a), self._reserved(self.lot_c)), (1, 2))
        review = self._review(delivery)
        self.assertEqual({(line.lot_id.name, line.quantity, line.scanned) for line in review.line_ids},
                         {("SC-A", 1, False), ("SC-C", 2, True)})
        self.assertEqual(review.scanned_count, 1)
        # The lot picked for the rest is scanned in its turn.
        delivery.with_user(self.picker).md_scan_udi(label(SYRINGE, lot="SC-A"))
        review.action_refresh()
        self.assertEqual(review.scanned_count, 2)

    def test_serials_swap_one_by_one_and_scan_once(self):
        serials = [self._stock_lot(self.stent, f"SC-SN-{n}", 1, days=300 + n) for n in (1, 2, 3)]
        delivery = self._delivery(self.stent, 2)
        self.assertEqual(set(delivery.move_line_ids.lot_id.mapped("name")), {"SC-SN-1", "SC-SN-2"})

        line = delivery.with_user(self.picker).md_scan_udi(label(STENT, serial="SC-SN-3"))

        self.assertRecordValues(line, [{"lot_id": serials[2].id, "quantity": 1, "md_scanned_by": self.picker.id}])
        self.assertEqual(len(delivery.move_line_ids), 2)
        self.assertIn(serials[2], delivery.move_line_ids.lot_id)
        self.assertEqual(sum(self._reserved(serial) for serial in serials), 2)
        self.assertEqual(self._reserved(serials[2]), 1)
        with self.assertRaisesRegex(UserError, "Serial number SC-SN-3 of Test Stent 3.0x18 is already scanned"):
            delivery.with_user(self.picker).md_scan_udi(label(STENT, serial="SC-SN-3"))
        # Both reserved units scanned: a third serial is not needed.
        other = (delivery.move_line_ids.lot_id - serials[2]).name
        delivery.with_user(self.picker).md_scan_udi(label(STENT, serial=other))
        spare = (self.env["stock.lot"].union(*serials) - delivery.move_line_ids.lot_id).name
        with self.assertRaisesRegex(UserError, f"Every Test Stent 3.0x18 reserved on .* is scanned already: {spare}"):
            delivery.with_user(self.picker).md_scan_udi(label(STENT, serial=spare))

    def test_scan_refusals_say_why_and_change_nothing(self):
        delivery = self._delivery(self.syringe, 3)
        before = self._lines(delivery)
        refusals = [
            (label(STENT, serial="SC-SN-9"), UserError,
             r"Test Stent 3.0x18 \(device identifier 06909999000029\) is not on delivery"),
            (label(SYRINGE, lot="SC-ZZZ"), UserError, "Test Syringe 5 ml has no lot or serial number SC-ZZZ in stock"),
            (label(SYRINGE, lot="SC-NONE"), UserError,
             "SC-NONE is not on this delivery and none of it is free to reserve in GTW/Stock"),
            (label(SYRINGE, lot="SC-HOLD"), UserError, "Test Syringe 5 ml SC-HOLD is On Hold, not Released."),
            (label(SYRINGE, lot="SC-QUA"), UserError, "Test Syringe 5 ml SC-QUA is Quarantine, not Released."),
            (label(SYRINGE, lot="SC-EXP"), UserError, "Test Syringe 5 ml SC-EXP expired on "),
            (label("06909999000043", lot="SC-A"), UserError, "No product has the device identifier 06909999000043"),
            (label("06909999000013", lot="SC-A"), ValidationError, "has a wrong check digit"),
            ("(17)281231(10)SC-A", UserError, "This code has no device identifier"),
            (label(SYRINGE), UserError, "tracked by lot but the code carries no lot number"),
            (label(SYRINGE, lot="SC-B", expiry="451231"), UserError,
             r"Lot SC-B of Test Syringe 5 ml expires on .*, but the scanned code says 2045-12-31"),
        ]
        for code, error, message in refusals:
            with self.subTest(code=code), self.assertRaisesRegex(error, message):
                delivery.with_user(self.picker).md_scan_udi(code)
        self.assertEqual(self._lines(delivery), before)
        self.assertEqual((self._reserved(self.lot_a), self._reserved(self.lot_b)), (3, 0))
        self.assertFalse(delivery.move_line_ids.filtered("md_scan_code"))

    def test_refusal_lists_every_reason(self):
        delivery = self._delivery(self.syringe, 3)
        expired_hold = self._stock_lot(self.syringe, "SC-EXP-HOLD", 2, days=-1, state="hold")
        with self.assertRaisesRegex(UserError, "is refused on") as caught:
            delivery.with_user(self.picker).md_scan_udi(label(SYRINGE, lot=expired_hold.name))
        message = str(caught.exception)
        self.assertIn("SC-EXP-HOLD is On Hold, not Released.", message)
        self.assertIn("SC-EXP-HOLD expired on", message)

    def test_customer_minimum_shelf_life_is_refused_at_the_scan(self):
        # SC-A has 300 days left, SC-B 500: the hospital wants 400.
        self.hospital.md_min_shelf_life_days = 400
        delivery = self._delivery(self.syringe, 3)
        before = self._lines(delivery)
        with self.assertRaisesRegex(UserError, r"SC-A is refused at the scan:\n• Test Syringe 5 ml SC-A has \d+ days "
                                               r"of shelf life left; Test Hospital requires 400\."):
            delivery.with_user(self.picker).md_scan_udi(label(SYRINGE, lot="SC-A"))
        self.assertEqual(self._lines(delivery), before)
        # A lot long enough takes the short one's place.
        delivery.with_user(self.picker).md_scan_udi(label(SYRINGE, lot="SC-B"))
        self.assertEqual(self._lines(delivery), {"SC-B": (3, self.picker)})

    def test_shelf_life_exception_released_by_qa_lets_the_scan_through(self):
        self.hospital.md_min_shelf_life_days = 400
        delivery = self._delivery(self.syringe, 3)
        self.env(user=self.picker.id).flush_all()
        problem = self._review(delivery).problem_ids
        self.assertEqual(problem.code, "shelf_life")
        problem.with_user(self.qa_user).exception_reason = "Hospital accepts 10 months in writing"
        problem.with_user(self.qa_user)._md_sign("approved")
        line = delivery.with_user(self.picker).md_scan_udi(label(SYRINGE, lot="SC-A"))
        self.assertEqual((line.lot_id, line.md_scanned_by), (self.lot_a, self.picker))

    def test_reserved_lot_put_on_hold_is_refused_at_the_scan(self):
        delivery = self._delivery(self.syringe, 3)
        self.lot_a._md_workflow_env().write({"md_quality_state": "hold"})
        with self.assertRaisesRegex(UserError, "SC-A is refused at the scan:\n• Test Syringe 5 ml SC-A is On Hold"):
            delivery.with_user(self.picker).md_scan_udi(label(SYRINGE, lot="SC-A"))
        self.assertFalse(delivery.move_line_ids.md_scanned_by)

    def test_scan_into_a_detailed_operations_line(self):
        delivery = self._delivery(self.syringe, 3)
        line = delivery.move_line_ids
        line.with_user(self.picker).write({"md_udi": label(SYRINGE, lot="SC-A")})
        self.assertRecordValues(line, [{"lot_id": self.lot_a.id, "md_scanned_by": self.picker.id,
                                        "md_scan_code": label(SYRINGE, lot="SC-A")}])
        # md_udi records the receiving label; on a delivery the scan record is its own.
        self.assertFalse(line.md_udi)
        with self.assertRaisesRegex(UserError, "SC-HOLD is On Hold"):
            line.with_user(self.picker).write({"md_udi": label(SYRINGE, lot="SC-HOLD")})
        # A new line has no reservation to confirm: the scan goes on a reserved line or into the review.
        with self.assertRaisesRegex(UserError, "a scan confirms a reserved line: scan on that line"):
            self.env["stock.move.line"].with_user(self.picker).create({
                "move_id": line.move_id.id, "picking_id": delivery.id, "product_id": self.syringe.id,
                "product_uom_id": self.syringe.uom_id.id, "location_id": self.stock.id,
                "location_dest_id": self.customer_loc.id, "md_udi": label(SYRINGE, lot="SC-B")})
        self.assertEqual(delivery.move_line_ids, line)

    def test_keeper_scans_in_the_review_without_becoming_a_picker(self):
        delivery = self._delivery(self.syringe, 3)
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        self.assertFalse(review.line_ids.scanned)
        # The form's scan field and the scanner's call take the same path.
        review.with_user(self.keeper).write({"scan_udi": label(SYRINGE, lot="SC-A")})
        self.assertRecordValues(review.line_ids, [{"lot_id": self.lot_a.id, "scanned": True,
                                                   "scanned_by_id": self.keeper.id}])
        self.assertFalse(review.scan_udi)
        # Confirming what was picked is not picking: the keeper may still sign the review.
        self.assertNotIn(self.keeper, review.picker_ids)
        self.assertEqual(delivery.move_line_ids.md_picked_by, self.picker)
        review.with_user(self.keeper)._md_check_before_signing("reviewed")
        review.with_user(self.keeper)._md_sign("reviewed")
        self.assertEqual(review.state, "passed")
        with self.assertRaisesRegex(UserError, "is signed and can no longer change"):
            review.with_user(self.keeper).action_scan_udi(label(SYRINGE, lot="SC-A"))

    def test_scanned_code_and_stamps_are_not_typed_in(self):
        delivery = self._delivery(self.syringe, 3)
        line = delivery.move_line_ids.with_user(self.picker)
        for vals in ({"md_scanned_by": self.keeper.id}, {"md_scan_code": label(SYRINGE, lot="SC-A")},
                     {"md_scanned_on": "2026-01-01 00:00:00"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "change only through its buttons"):
                line.with_context(md_workflow=True).write(vals)
        self.assertFalse(delivery.move_line_ids.md_scanned_by)


@tagged("post_install", "-at_install")
class TestOutboundScanRpc(RpcCallMixin, ScanCommon, HttpCase):
    """The scans as the picker and the storage keeper send them from a client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.picker, cls.keeper):
            user.password = f"{user.login}-pw"

    def _call_as(self, user, model, method, args, kwargs=None, context=None):
        """One JSON-RPC call as ``user``: (ok, result or error class name, message)."""
        self.authenticate(user.login, f"{user.login}-pw")
        return self._call(model, method, args, kwargs, context=context)

    def test_picker_scans_a_delivery_through_rpc(self):
        delivery = self._delivery(self.syringe, 3)
        ok, result, _message = self._call_as(self.picker, "stock.picking", "md_scan_udi",
                                          [[delivery.id], label(SYRINGE, lot="SC-B")])
        self.assertTrue(ok, result)
        self.assertEqual(self.env["stock.move.line"].browse(result).lot_id, self.lot_b)
        self.assertEqual(self._lines(delivery), {"SC-B": (3, self.picker)})
        self.assertEqual((self._reserved(self.lot_a), self._reserved(self.lot_b)), (0, 3))

        for code, message in ((label(SYRINGE, lot="SC-HOLD"), "SC-HOLD is On Hold, not Released."),
                              (label(SYRINGE, lot="SC-EXP"), "SC-EXP expired on"),
                              (label(STENT, serial="X"), "is not on delivery"),
                              (label(SYRINGE, lot="SC-NONE"), "none of it is free to reserve"),
                              (label("06909999000013", lot="SC-A"), "has a wrong check digit")):
            with self.subTest(code=code):
                ok, error, text = self._call_as(self.picker, "stock.picking", "md_scan_udi", [[delivery.id], code],
                                             context={"md_workflow": True})
                self.assertFalse(ok)
                self.assertIn(error, ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError"))
                self.assertIn(message, text)
        self.assertEqual(self._lines(delivery), {"SC-B": (3, self.picker)})

    def test_stamps_cannot_be_forged_through_rpc(self):
        delivery = self._delivery(self.syringe, 3)
        line = delivery.move_line_ids
        for vals in ({"md_scanned_by": self.picker.id}, {"md_scan_code": label(SYRINGE, lot="SC-A")}):
            with self.subTest(vals=vals):
                ok, error, text = self._call_as(self.picker, "stock.move.line", "write", [line.ids, vals],
                                             context={"md_workflow": True, "md_signing": True})
                self.assertFalse(ok)
                self.assertEqual(error, "odoo.exceptions.UserError")
                self.assertTrue(re.search("change only through its buttons", text), text)
        self.assertFalse(line.md_scanned_by or line.md_scan_code)

    def test_keeper_scans_in_the_review_through_rpc(self):
        delivery = self._delivery(self.syringe, 3)
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        ok, result, _message = self._call_as(self.keeper, "md.outbound.review", "action_scan_udi",
                                          [[review.id], label(SYRINGE, lot="SC-A")])
        self.assertTrue(ok, result)
        self.assertRecordValues(review.line_ids, [{"lot_id": self.lot_a.id, "scanned": True,
                                                   "scanned_by_id": self.keeper.id,
                                                   "scanned_code": label(SYRINGE, lot="SC-A")}])
        ok, _error, text = self._call_as(self.keeper, "md.outbound.review", "action_scan_udi",
                                     [[review.id], label(SYRINGE, lot="SC-QUA")])
        self.assertFalse(ok)
        self.assertIn("SC-QUA is Quarantine, not Released.", text)
        # What the review shows is read back as the client reads it.
        ok, rows, _message = self._call_as(self.keeper, "md.outbound.review.line", "read",
                                        [review.line_ids.ids, ["scanned", "scanned_code", "scanned_by_id"]])
        self.assertTrue(ok, rows)
        self.assertEqual([(r["scanned"], r["scanned_code"], r["scanned_by_id"][0]) for r in rows],
                         [(True, label(SYRINGE, lot="SC-A"), self.keeper.id)])
