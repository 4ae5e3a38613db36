from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ScannerCommon, ScannerTourCase, label

SYRINGE = "06909999000012"
STENT = "06909999000029"
OTHER = "06909999000036"


def yymmdd(date):
    return date.strftime("%y%m%d")


@tagged("post_install", "-at_install")
class TestReceiveScan(ScannerCommon):
    """Receive: a scan adds or counts a line; what the receiving gate would refuse is refused at the scan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.good = yymmdd(today + timedelta(days=700))
        cls.made = yymmdd(cls.production_date)
        cls.receipt = cls._confirmed_receipt([(cls.syringe, 20), (cls.stent, 2)])

    def _receive(self, code):
        return self._scan("receive", self.receipt, code, user=self.receiver)

    def test_scans_fill_the_receipt_and_refusals_say_why(self):
        first = self._receive(label(SYRINGE, lot="RC-1", expiry=self.good, production=self.made))
        self.assertTrue(first["ok"], first)
        again = self._receive(label(SYRINGE, lot="RC-1", expiry=self.good, production=self.made))
        self.assertTrue(again["ok"], again)
        serial = self._receive(label(STENT, serial="RC-SN-1", expiry=self.good, production=self.made))
        self.assertTrue(serial["ok"], serial)
        lines = self.receipt.move_line_ids.filtered("md_udi")
        self.assertEqual(sorted((l.lot_name, l.quantity) for l in lines), [("RC-1", 2.0), ("RC-SN-1", 1.0)])
        screen = serial["screen"]
        self.assertEqual([(l["title"], l["qty"], l["expected"], l["state"]) for l in screen["lines"]],
                         [(self.syringe.display_name, 2.0, 20.0, "partial"),
                          (self.stent.display_name, 1.0, 2.0, "partial")])

        refusals = {
            "serial twice": (label(STENT, serial="RC-SN-1", expiry=self.good, production=self.made),
                             "Serial number RC-SN-1 of Test Stent 3.0x18 is already on"),
            "not on the order": (label(OTHER, lot="X"), "No product has the device identifier 06909999000036"),
            "expired": (label(SYRINGE, lot="RC-OLD", expiry=yymmdd(fields.Date.today() - timedelta(days=2)),
                              production="200101"), "expired on"),
            "short shelf life": (label(SYRINGE, lot="RC-SHORT", expiry=yymmdd(fields.Date.today() + timedelta(days=30)),
                                       production=self.made), "days of shelf life left; at least 180 are required"),
        }
        for case, (code, reason) in refusals.items():
            with self.subTest(case):
                result = self._receive(code)
                self.assertFalse(result["ok"], case)
                self.assertIn(reason, " ".join([result["message"]] + result["problems"]))
        # Nothing of the refused scans stayed on the receipt; each refusal is on record with its reason.
        lines = self.receipt.move_line_ids.filtered("md_udi")
        self.assertEqual(sorted((l.lot_name, l.quantity) for l in lines), [("RC-1", 2.0), ("RC-SN-1", 1.0)])
        logs = self._logs(self.receipt)
        self.assertEqual(logs.mapped("outcome"), ["accepted"] * 3 + ["refused"] * 4)
        self.assertIn("at least 180 are required", logs[-1].message)

    def test_a_product_of_the_master_data_but_not_on_the_receipt_is_refused(self):
        receipt = self._confirmed_receipt([(self.syringe, 5)])
        result = self._scan("receive", receipt, label(STENT, serial="NO-1", expiry=self.good, production=self.made),
                            user=self.receiver)
        self.assertFalse(result["ok"])
        self.assertIn("is not on receipt", result["message"])

    def test_validate_runs_the_receiving_gate(self):
        receipt = self._confirmed_receipt([(self.syringe, 2)])
        self._scan("receive", receipt, label(SYRINGE, lot="VG-1", expiry=self.good, production=self.made),
                   user=self.receiver)
        self._scan("receive", receipt, label(SYRINGE, lot="VG-1", expiry=self.good, production=self.made),
                   user=self.receiver)
        # Without its supplier the form's gate refuses the receipt; so does the scanner's Validate.
        receipt.write({"partner_id": False})
        with self.assertRaisesRegex(UserError, "cannot be received:\n• Name the supplier on the receipt."):
            self.env["md.scanner"].with_user(self.receiver).md_action("receive", receipt.id, "validate")
        self.assertEqual(receipt.state, "assigned")
        receipt.write({"partner_id": self.supplier.id})
        result = self.env["md.scanner"].with_user(self.receiver).md_action("receive", receipt.id, "validate")
        self.assertEqual(receipt.state, "done", result)
        self.assertFalse(result["screen"])
        self.assertEqual(receipt.move_line_ids.lot_id.md_quality_state, "quarantine")
        self.assertEqual(receipt.md_acceptance_ids.line_ids.qty_received, 2)


@tagged("post_install", "-at_install")
class TestReceiveTour(ScannerTourCase, ScannerCommon):
    """On a phone: the receiver picks the receipt, scans with a wedge scanner and the camera, validates."""

    def test_receive_on_a_phone(self):
        receipt = self._confirmed_receipt([(self.syringe, 10), (self.stent, 1)])
        receipt.origin = "TOUR-RECEIPT"
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_receive",
                     user=self.receiver, screenshot="scanner_receive")
        self.assertEqual(receipt.state, "done")
        lines = receipt.move_line_ids
        self.assertEqual(sorted((l.lot_id.name, l.quantity) for l in lines), [("TOUR-LOT-1", 10.0), ("TOUR-SN-1", 1.0)])
        self.assertEqual(lines.lot_id.mapped("md_quality_state"), ["quarantine", "quarantine"])
        logs = self._logs(receipt)
        self.assertEqual(logs.mapped("outcome").count("refused"), 2)
        self.assertEqual(logs.filtered(lambda l: l.outcome == "accepted").mapped("code")[-1],
                         "(01)06909999000029(11)260105(17)300131(21)TOUR-SN-1")
