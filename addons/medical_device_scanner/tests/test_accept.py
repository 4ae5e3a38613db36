from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import ScannerCommon, ScannerTourCase

LOT = "(01)06909999000012(10)AC-1"
SERIAL = "(01)06909999000029(21)AC-SN-1"


@tagged("post_install", "-at_install")
class TestAcceptScan(ScannerCommon):
    """Accept: each scan counts a unit or a box as accepted or rejected; checks and signature from the screen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acceptance = cls._received(cls.syringe, [("AC-1", 4, 400)])[1].with_env(cls.env)
        cls.serials = cls._received(cls.stent, [("AC-SN-1", 1, 400)])[1].with_env(cls.env)

    def _accept(self, record, code, mode="accept", note=None):
        return self._scan("accept", record, code, {"mode": mode, "note": note}, user=self.inspector)

    def _counts(self, record):
        return [(line.lot_id.name, line.qty_accepted, line.qty_rejected) for line in record.line_ids]

    def test_scans_count_and_refusals_change_nothing(self):
        first = self._accept(self.acceptance, LOT)
        self.assertTrue(first["ok"], first)
        self.assertEqual(first["message"], "Test Syringe 5 ml AC-1: 1 accepted.")
        box = self._accept(self.acceptance, f"{LOT}(30)2")
        self.assertTrue(box["ok"], box)
        rejected = self._accept(self.acceptance, LOT, mode="reject", note="Blister torn open")
        self.assertTrue(rejected["ok"], rejected)
        self.assertEqual(self._counts(self.acceptance), [("AC-1", 3.0, 1.0)])
        self.assertEqual(self.acceptance.line_ids.reason, "Blister torn open")
        screen = rejected["screen"]
        self.assertEqual((screen["mode"], [m["key"] for m in screen["modes"]]), ("reject", ["accept", "reject"]))
        self.assertEqual([(l["qty"], l["expected"], l["state"]) for l in screen["lines"]], [(4.0, 4.0, "done")])
        self.assertTrue(self._accept(self.serials, SERIAL, mode="reject")["ok"])

        refusals = [
            (self.acceptance, LOT, "AC-1: 4 of the 4 received are counted already; 1 more is too many."),
            (self.acceptance, "(01)06909999000012(10)AC-NONE", "Test Syringe 5 ml AC-NONE is not on acceptance"),
            (self.serials, SERIAL, "Serial number AC-SN-1 of Test Stent 3.0x18 is already counted"),
            (self.acceptance, "(01)06909999000012(17)451231(10)AC-1", "but the scanned code says 2045-12-31"),
        ]
        for record, code, reason in refusals:
            with self.subTest(code):
                result = self._accept(record, code)
                self.assertFalse(result["ok"])
                self.assertIn(reason, result["message"])
        self.assertEqual(self._counts(self.acceptance) + self._counts(self.serials),
                         [("AC-1", 3.0, 1.0), ("AC-SN-1", 0.0, 1.0)])
        logs = self._logs(self.acceptance)
        self.assertEqual(logs.mapped("outcome"), ["accepted"] * 3 + ["refused"] * 3)
        self.assertEqual(logs[0].lot_id, self.acceptance.line_ids.lot_id)

    def test_checks_and_signature_from_the_screen(self):
        scanner = self.env["md.scanner"].with_user(self.inspector)
        self._accept(self.acceptance, f"{LOT}(30)4")
        # A failed check needs its reason; nothing is recorded without it.
        with self.assertRaisesRegex(UserError, r"Give the reason for the failed check \(Packaging\)"):
            scanner.md_action("accept", self.acceptance.id, "packaging_fail", {"note": ""})
        self.assertFalse(self.acceptance.line_ids.packaging_check)
        # Signing before the checks lists what is missing, and signs nothing.
        with self.assertRaisesRegex(UserError, "record the packaging and label checks"):
            scanner.md_action("accept", self.acceptance.id, "sign")
        self.assertFalse(self.acceptance.md_signed)
        result = scanner.md_action("accept", self.acceptance.id, "checks_pass")
        self.assertEqual(result["screen"]["lines"][0]["subtitle"], "4 accepted, 0 rejected · Pack ✓ Label ✓ Delivery Note ✓")
        scanner.md_action("accept", self.acceptance.id, "label_fail", {"note": "Label smudged, still legible"})
        self.assertRecordValues(self.acceptance.line_ids, [{
            "packaging_check": "pass", "label_check": "fail", "delivery_note_check": "pass",
            "reason": "Label smudged, still legible"}])
        # The signature goes through the password prompt, as on the form.
        result = scanner.md_action("accept", self.acceptance.id, "sign")
        self.assertEqual(result["action"]["res_model"], "md.signature.wizard")
        self.assertEqual(result["action"]["context"]["default_res_id"], self.acceptance.id)
        self.assertFalse(self.acceptance.md_signed)

    def test_only_inspectors_accept(self):
        self.assertNotIn("accept", {t["key"] for t in self.env["md.scanner"].with_user(self.keeper).md_tasks()})
        with self.assertRaisesRegex(AccessError, "You may not do this task: Accept"):
            self._scan("accept", self.acceptance, LOT, user=self.receiver)
        self.assertEqual(self._counts(self.acceptance), [("AC-1", 0.0, 0.0)])


@tagged("post_install", "-at_install")
class TestAcceptRpc(RpcCallMixin, ScannerCommon, HttpCase):
    """What the receiver and the inspector may try from a client."""

    def test_receiver_may_not_count_and_inspector_refusals_hold(self):
        acceptance = self._received(self.syringe, [("AR-1", 2, 400)])[1].with_env(self.env)
        self.authenticate("md_receiver", "md_receiver")
        ok, error, message = self._call("md.scanner", "md_scan", ["accept", acceptance.id,
                                        "(01)06909999000012(10)AR-1(30)2", {"mode": "accept"}],
                                        context={"md_workflow": True})
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        self.assertIn("You may not do this task: Accept", message)
        # Nor through the model method behind the form's scan.
        ok, error, _message = self._call("md.acceptance", "action_scan_udi",
                                         [[acceptance.id], "(01)06909999000012(10)AR-1"])
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        self.authenticate("md_inspector", "md_inspector")
        ok, result, _message = self._call("md.scanner", "md_scan", ["accept", acceptance.id,
                                          "(01)06909999000012(10)AR-1(30)3", {"mode": "accept"}])
        self.assertTrue(ok, result)
        self.assertFalse(result["ok"])
        self.assertIn("0 of the 2 received are counted already; 3 more is too many.", result["message"])
        self.assertEqual(acceptance.line_ids.qty_accepted, 0)


@tagged("post_install", "-at_install")
class TestAcceptTour(ScannerTourCase, ScannerCommon):
    """On a phone: the inspector counts by scanning, records the checks and signs with the password."""

    def test_accept_on_a_phone(self):
        acceptance = self._received(self.syringe, [("TOUR-ACC-1", 3, 400)])[1].with_env(self.env)
        acceptance.name = "TOUR-ACCEPTANCE"
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_accept",
                     user=self.inspector, screenshot="scanner_accept")
        self.assertEqual(acceptance.state, "accepted")
        self.assertEqual(acceptance.inspector_id, self.inspector)
        self.assertRecordValues(acceptance.line_ids, [{
            "qty_accepted": 2, "qty_rejected": 1, "packaging_check": "pass", "label_check": "pass",
            "delivery_note_check": "pass", "reason": "One blister torn open"}])
        self.assertEqual(acceptance.line_ids.lot_id.md_quality_state, "released")
        self.assertEqual(self._logs(acceptance).mapped("outcome").count("refused"), 1)
