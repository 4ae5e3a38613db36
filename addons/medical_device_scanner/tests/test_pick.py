from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import ScannerCommon, ScannerTourCase

SYRINGE = "06909999000012"


def lot_code(name):
    return f"(01){SYRINGE}(10){name}"


class PickCommon(ScannerCommon):
    """Two shelves of the stock, lots that may leave and lots that may not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Location = cls.env["stock.location"]
        cls.shelf_1 = Location.create({"name": "Shelf 1", "usage": "internal", "location_id": cls.stock.id,
                                       "barcode": "PK-SHELF-1"})
        cls.shelf_2 = Location.create({"name": "Shelf 2", "usage": "internal", "location_id": cls.stock.id,
                                       "barcode": "PK-SHELF-2"})
        cls.elsewhere = Location.create({"name": "Bench", "usage": "internal", "location_id": cls.quarantine.id,
                                         "barcode": "PK-BENCH"})
        # FIFO reserves PK-A (300 days left) first.
        cls.lot_a = cls._stock_lot(cls.syringe, "PK-A", 5, days=300, location=cls.shelf_1)
        cls.lot_b = cls._stock_lot(cls.syringe, "PK-B", 5, days=500, location=cls.shelf_2)
        cls.lot_hold = cls._stock_lot(cls.syringe, "PK-HOLD", 5, days=600, state="hold", location=cls.shelf_1)
        cls.lot_expired = cls._stock_lot(cls.syringe, "PK-EXP", 5, days=-2, location=cls.shelf_1)

    def _picked(self, delivery):
        return {(line.lot_id.name, line.quantity, bool(line.md_scanned_by)) for line in delivery.move_line_ids}


@tagged("post_install", "-at_install")
class TestPickScan(PickCommon):
    """Pick: the location first, then the lots taken from it; the delivery's own scan decides on each lot."""

    def _pick(self, delivery, code, params=None):
        return self._scan("pick", delivery, code, params, user=self.picker)

    def test_location_then_lots_and_refusals_change_nothing(self):
        delivery = self._delivery(self.syringe, 3)
        self.assertEqual(self._picked(delivery), {("PK-A", 3, False)})
        early = self._pick(delivery, lot_code("PK-A"))
        self.assertFalse(early["ok"])
        self.assertEqual(early["message"], "Scan the location first, then the goods you take from it.")
        outside = self._pick(delivery, "PK-BENCH")
        self.assertFalse(outside["ok"])
        self.assertIn("GTW/Quarantine/Bench is not in GTW/Stock", outside["message"])
        at_shelf = self._pick(delivery, "PK-SHELF-1")
        self.assertTrue(at_shelf["ok"], at_shelf)
        params = at_shelf["params"]
        self.assertEqual(params["location_id"], self.shelf_1.id)
        self.assertEqual(at_shelf["screen"]["summary"], "Location: GTW/Stock/Shelf 1")

        refusals = {
            "not in the location": (lot_code("PK-B"), "PK-B is not in GTW/Stock/Shelf 1"),
            "on hold": (lot_code("PK-HOLD"), "Test Syringe 5 ml PK-HOLD is On Hold, not Released."),
            "expired": (lot_code("PK-EXP"), "Test Syringe 5 ml PK-EXP expired on"),
            "unknown lot": (lot_code("PK-ZZZ"), "has no lot or serial number PK-ZZZ in stock"),
        }
        for case, (code, reason) in refusals.items():
            with self.subTest(case):
                result = self._pick(delivery, code, params)
                self.assertFalse(result["ok"], case)
                self.assertIn(reason, " ".join([result["message"]] + result["problems"]))
                self.assertEqual(result["params"], params)
        self.assertEqual(self._picked(delivery), {("PK-A", 3, False)})

        picked = self._pick(delivery, lot_code("PK-A"), params)
        self.assertTrue(picked["ok"], picked)
        self.assertEqual(self._picked(delivery), {("PK-A", 3, True)})
        self.assertEqual([(l["qty"], l["expected"], l["state"]) for l in picked["screen"]["lines"]],
                         [(3.0, 3.0, "done")])
        logs = self._logs(delivery)
        self.assertEqual(logs.mapped("outcome"), ["refused", "refused", "accepted"] + ["refused"] * 4 + ["accepted"])
        self.assertEqual((logs[-1].lot_id, logs[-1].location_id), (self.lot_a, self.shelf_1))

    def test_another_lot_takes_the_place_unless_too_short_for_the_customer(self):
        # The retail chain wants 400 days: PK-A (300) may not go to it, PK-B (500) takes its place.
        self.retailer.md_min_shelf_life_days = 400
        delivery = self._delivery(self.syringe, 3, partner=self.retailer)
        params = self._pick(delivery, "PK-SHELF-1")["params"]
        short = self._pick(delivery, lot_code("PK-A"), params)
        self.assertFalse(short["ok"])
        self.assertRegex(" ".join(short["problems"]), r"PK-A has \d+ days of shelf life left; Test Retail Chain "
                                                      r"requires 400\.")
        self.assertEqual(self._picked(delivery), {("PK-A", 3, False)})
        params = self._pick(delivery, "PK-SHELF-2", params)["params"]
        swapped = self._pick(delivery, lot_code("PK-B"), params)
        self.assertTrue(swapped["ok"], swapped)
        self.assertEqual(self._picked(delivery), {("PK-B", 3, True)})

    def test_a_lot_reserved_on_another_shelf_is_not_the_one_in_hand(self):
        self.env["stock.quant"]._update_available_quantity(self.syringe, self.shelf_2, 5, lot_id=self.lot_a)
        delivery = self._delivery(self.syringe, 3)
        self.assertEqual(delivery.move_line_ids.location_id, self.shelf_1)
        params = self._pick(delivery, "PK-SHELF-2")["params"]
        result = self._pick(delivery, lot_code("PK-A"), params)
        self.assertFalse(result["ok"])
        self.assertIn("PK-A is reserved for this delivery in GTW/Stock/Shelf 1, not in GTW/Stock/Shelf 2",
                      result["message"])
        self.assertEqual(self._picked(delivery), {("PK-A", 3, False)})


@tagged("post_install", "-at_install")
class TestPickRpc(RpcCallMixin, PickCommon, HttpCase):
    """The picker's scans through the client's channel; a user without stock rights has no pick task."""

    def test_picker_refusal_through_rpc_and_no_task_without_stock_rights(self):
        delivery = self._delivery(self.syringe, 3)
        self.authenticate("md_picker", "md_picker")
        ok, result, _message = self._call("md.scanner", "md_scan", ["pick", delivery.id, lot_code("PK-HOLD"),
                                          {"location_id": self.shelf_1.id}], context={"md_workflow": True})
        self.assertTrue(ok, result)
        self.assertFalse(result["ok"])
        self.assertIn("PK-HOLD is On Hold, not Released.", " ".join(result["problems"]))
        self.assertEqual(self._picked(delivery), {("PK-A", 3, False)})
        self.authenticate("md_seller", "md_seller")
        ok, error, message = self._call("md.scanner", "md_scan", ["pick", delivery.id, lot_code("PK-A"),
                                        {"location_id": self.shelf_1.id}])
        self.assertEqual((ok, error), (False, AccessError.__module__ + ".AccessError"))
        self.assertIn("You may not do this task: Pick", message)
        self.assertEqual(self._picked(delivery), {("PK-A", 3, False)})


@tagged("post_install", "-at_install")
class TestPickTour(ScannerTourCase, PickCommon):
    """On a phone: the picker scans the shelf, meets a held lot, and picks the reserved one."""

    def test_pick_on_a_phone(self):
        delivery = self._delivery(self.syringe, 3)
        delivery.origin = "TOUR-PICK"
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_pick",
                     user=self.picker, screenshot="scanner_pick")
        self.assertEqual(self._picked(delivery), {("PK-A", 3, True)})
        self.assertEqual(self._logs(delivery).mapped("outcome"), ["refused", "accepted", "refused", "accepted"])
