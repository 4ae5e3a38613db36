from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin
from odoo.addons.medical_device_returns.tests.common import ReturnsCommon
from odoo.addons.medical_device_scanner.tests.common import ScannerCommon, ScannerTourCase, label

SYRINGE = "06909999000012"
STENT = "06909999000029"


class ScannerReturnCommon(ScannerCommon, ReturnsCommon):
    """Goods delivered to the hospital, some of them declared back on approved customer returns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_a = cls._stock_lot(cls.syringe, "SR-A", 10)
        cls.lot_b = cls._stock_lot(cls.syringe, "SR-B", 10)
        cls.lot_c = cls._stock_lot(cls.syringe, "SR-C", 10)
        cls.sn_1 = cls._stock_lot(cls.stent, "SR-SN-1", 1)
        cls.sn_2 = cls._stock_lot(cls.stent, "SR-SN-2", 1)
        cls.delivery = cls._deliver({cls.lot_a: 6, cls.lot_b: 3})
        cls._deliver({cls.lot_c: 2}, partner=cls.retailer)
        cls.stents = cls._deliver({cls.sn_1: 1, cls.sn_2: 1})
        cls.record = cls._return(cls.delivery, {cls.lot_a: 4})
        cls._approve(cls.record)
        cls.stent_return = cls._return(cls.stents, {cls.sn_1: 1})
        cls._approve(cls.stent_return)

    def _count(self, record, code, user=None):
        return self._scan("return", record, code, user=user or self.receiver)

    def _counted(self, record):
        return [(line.lot_id.name, line.qty_counted) for line in record.line_ids]


@tagged("post_install", "-at_install")
class TestScannerReturn(ScannerReturnCommon):
    """Returns receiving: the lots in hand counted against the return, then received as the form does."""

    def test_counted_lots_are_received_into_the_returns_zone(self):
        scanner = self.env["md.scanner"].with_user(self.receiver)
        self.assertIn("return", {t["key"] for t in scanner.md_tasks()})
        self.assertLessEqual({self.record.id, self.stent_return.id}, {r["id"] for r in scanner.md_records("return")})
        first = self._count(self.record, label(SYRINGE, lot="SR-A"))
        self.assertTrue(first["ok"], first)
        self.assertEqual(first["message"], "Test Syringe 5 ml SR-A: 1 of 4 counted.")
        box = self._count(self.record, label(SYRINGE, lot="SR-A") + "(30)3")
        self.assertTrue(box["ok"], box)
        self.assertEqual(self._counted(self.record), [("SR-A", 4.0)])
        self.assertEqual([(l["subtitle"], l["qty"], l["expected"], l["state"]) for l in box["screen"]["lines"]],
                         [("SR-A", 4.0, 4.0, "done")])
        result = self.env["md.scanner"].with_user(self.receiver).md_action("return", self.record.id, "receive")
        self.assertFalse(result["screen"], "the received return leaves the task")
        self.assertEqual((self.record.state, self.record.return_picking_id.state), ("received", "done"))
        self.assertEqual(self._quants(self.lot_a, self.returns_zone), 4)
        logs = self._logs(self.record)
        self.assertEqual(logs.mapped("outcome"), ["accepted", "accepted"])
        self.assertEqual(logs.lot_id, self.lot_a)

    def test_refusals_say_why_and_count_nothing(self):
        self._count(self.record, label(SYRINGE, lot="SR-A") + "(30)3")
        refusals = {
            "delivered, not declared": (label(SYRINGE, lot="SR-B"),
                                        "Test Syringe 5 ml SR-B is not on %s: Test Hospital did not declare it"
                                        % self.record.name),
            "delivered to another customer": (label(SYRINGE, lot="SR-C"),
                                              "Test Syringe 5 ml SR-C was never delivered to Test Hospital"),
            "unknown lot": (label(SYRINGE, lot="SR-NOWHERE"), "SR-NOWHERE was never delivered to Test Hospital"),
            "more than declared": (label(SYRINGE, lot="SR-A") + "(30)2",
                                   "Test Syringe 5 ml SR-A: 5 counted, but %s declares 4." % self.record.name),
            "label contradicts the lot": (label(SYRINGE, lot="SR-A", expiry="991231"),
                                          "Lot SR-A of Test Syringe 5 ml expires on"),
            "unknown device": ("(01)06909999000036(10)X", "No product has the device identifier 06909999000036"),
        }
        for case, (code, reason) in refusals.items():
            with self.subTest(case):
                result = self._count(self.record, code)
                self.assertFalse(result["ok"], case)
                self.assertIn(reason, " ".join([result["message"]] + result["problems"]))
        self.assertEqual(self._counted(self.record), [("SR-A", 3.0)])
        self.assertEqual(self._logs(self.record).mapped("outcome"), ["accepted"] + ["refused"] * len(refusals))
        # One unit short: receiving is refused with what the count says, and the goods stay with the customer.
        with self.assertRaisesRegex(UserError, r"cannot be received yet:\n• Test Syringe 5 ml SR-A: 3 counted "
                                               r"of 4 declared.\n• Scan what is missing"):
            self.env["md.scanner"].with_user(self.receiver).md_action("return", self.record.id, "receive")
        self.assertEqual((self.record.state, self.record.return_picking_id.state), ("approved", "assigned"))
        self.assertEqual(self._quants(self.lot_a, self.returns_zone), 0)

    def test_a_serial_counts_once(self):
        first = self._count(self.stent_return, label(STENT, serial="SR-SN-1"))
        self.assertTrue(first["ok"], first)
        again = self._count(self.stent_return, label(STENT, serial="SR-SN-1"))
        self.assertFalse(again["ok"])
        self.assertEqual(again["message"], "Serial number SR-SN-1 of Test Stent 3.0x18 is already counted on %s."
                         % self.stent_return.name)
        other = self._count(self.stent_return, label(STENT, serial="SR-SN-2"))
        self.assertIn("SR-SN-2 is not on", other["message"])
        self.assertEqual(self._counted(self.stent_return), [("SR-SN-1", 1.0)])

    def test_only_receivers_count_and_only_open_returns(self):
        with self.assertRaisesRegex(AccessError, "Returned goods are counted by the receivers."):
            self.record.with_user(self.seller).md_scan_udi(label(SYRINGE, lot="SR-A"))
        self.record.with_user(self.stock_manager).action_cancel()
        with self.assertRaisesRegex(UserError, "not open for the task"):
            self._count(self.record, label(SYRINGE, lot="SR-A"))
        with self.assertRaisesRegex(UserError, "is not a customer return waiting for its goods"):
            self.record.with_user(self.receiver).md_scan_udi(label(SYRINGE, lot="SR-A"))
        self.assertEqual(self._counted(self.record), [("SR-A", 0.0)])


@tagged("post_install", "-at_install")
class TestScannerReturnRpc(RpcCallMixin, ScannerReturnCommon, HttpCase):
    """What a client may try: counting is the receivers' and goes through the count only."""

    def test_counts_are_not_written_or_forged(self):
        self.authenticate("md_seller", "md_seller")
        ok, error, message = self._call("md.return", "md_scan_udi", [[self.record.id], label(SYRINGE, lot="SR-A")])
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"), message)
        self.assertIn("Returned goods are counted by the receivers.", message)
        ok, error, message = self._call("md.scanner", "md_scan", ["return", self.record.id,
                                                                  label(SYRINGE, lot="SR-A")])
        self.assertFalse(ok)
        self.assertIn("You may not do this task", message)
        self.authenticate("md_receiver", "md_receiver")
        ok, error, message = self._call("md.return.line", "write", [self.record.line_ids.ids, {"qty_counted": 4}],
                                        context={"md_workflow": True})
        self.assertFalse(ok)
        self.assertIn("change only through its buttons", message)
        self.assertEqual(self.record.line_ids.qty_counted, 0)
        ok, result, message = self._call("md.return", "md_scan_udi", [[self.record.id], label(SYRINGE, lot="SR-A")])
        self.assertTrue(ok, message)
        self.assertEqual(result, self.record.line_ids.id)
        self.assertEqual(self.record.line_ids.qty_counted, 1)


@tagged("post_install", "-at_install")
class TestScannerReturnTour(ScannerTourCase, ScannerReturnCommon):
    """On a phone: the receiver counts the returned goods, meets the refusals, receives the return."""

    def test_return_on_a_phone(self):
        lot = self._stock_lot(self.syringe, "TOUR-RL-1", 5)
        delivery = self._deliver({lot: 3})
        delivery.name = "TOUR-DELIVERY"
        record = self._return(delivery, {lot: 2})
        self._approve(record)
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_return",
                     user=self.receiver, screenshot="scanner_return")
        self.assertEqual((record.state, record.return_picking_id.state), ("received", "done"))
        self.assertEqual(self._quants(lot, self.returns_zone), 2)
        self.assertEqual(self._logs(record).mapped("outcome"), ["accepted", "accepted", "refused", "refused"])
