from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import ScannerCommon, ScannerTourCase

SYRINGE = "06909999000012"
POINTS = ("appearance", "packaging", "label", "expiry", "storage_condition")


def lot_code(name):
    return f"(01){SYRINGE}(10){name}"


class MaintenanceCommon(ScannerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_a = cls._stock_lot(cls.syringe, "MT-A", 10, days=300)
        cls.lot_b = cls._stock_lot(cls.syringe, "MT-B", 4, days=500)
        cls.lot_elsewhere = cls._stock_lot(cls.syringe, "MT-Q", 4, days=500, state="quarantine",
                                           location=cls.quarantine)

    @classmethod
    def _check(cls):
        plan = cls.env["md.maintenance.plan"].create({
            "name": "Scanner plan", "location_id": cls.stock.id, "interval_days": 30, "next_date": cls.today,
            "user_id": cls.keeper.id})
        plan.action_generate_check()
        return plan.check_ids

    def _results(self, check):
        return {line.lot_id.name: (tuple(line[p] for p in POINTS), line.finding or "") for line in check.line_ids}


@tagged("post_install", "-at_install")
class TestMaintenanceScan(MaintenanceCommon):
    """Maintenance: a scan of the lot in hand records its line; a failure needs its finding; Done holds it."""

    def _inspect(self, check, code, mode="pass", note=None):
        return self._scan("maintenance", check, code, {"mode": mode, "note": note}, user=self.keeper)

    def test_scans_record_the_lines_and_refusals_change_nothing(self):
        check = self._check()
        self.assertEqual(sorted(check.line_ids.lot_id.mapped("name")), ["MT-A", "MT-B"])
        passed = self._inspect(check, lot_code("MT-A"))
        self.assertTrue(passed["ok"], passed)
        self.assertEqual(passed["message"], "Test Syringe 5 ml MT-A @ GTW/Stock: checked.")
        before = self._results(check)
        self.assertEqual(before["MT-A"], (("pass",) * 5, ""))

        refusals = {
            "checked twice": (lot_code("MT-A"), "pass", None, "Test Syringe 5 ml MT-A is checked already on"),
            "not on the check": (lot_code("MT-Q"), "pass", None, "Test Syringe 5 ml MT-Q is not on maintenance check"),
            "failure without finding": (lot_code("MT-B"), "packaging", " ", "Packaging fails: describe the finding."),
            "dates of another lot": (f"(01){SYRINGE}(17)451231(10)MT-B", "pass", None,
                                     "but the scanned code says 2045-12-31"),
        }
        for case, (code, mode, note, reason) in refusals.items():
            with self.subTest(case):
                result = self._inspect(check, code, mode, note)
                self.assertFalse(result["ok"], case)
                self.assertIn(reason, result["message"])
        self.assertEqual(self._results(check), before)

        failed = self._inspect(check, lot_code("MT-B"), "packaging", "Outer carton wet")
        self.assertTrue(failed["ok"], failed)
        self.assertEqual(failed["params"]["note"], "")
        self.assertEqual(self._results(check)["MT-B"],
                         (("pass", "fail", "pass", "pass", "pass"), "Outer carton wet"))
        self.assertEqual([line["state"] for line in failed["screen"]["lines"]], ["done", "error"])
        self.assertEqual(failed["screen"]["summary"], "0 of 2 lines to check, 1 failed.")
        self.assertEqual(self._logs(check).mapped("outcome"), ["accepted"] + ["refused"] * 4 + ["accepted"])

        result = self.env["md.scanner"].with_user(self.keeper).md_action("maintenance", check.id, "done")
        self.assertFalse(result["screen"])
        self.assertEqual((check.state, check.done_by), ("done", self.keeper))
        self.assertEqual((self.lot_a.md_quality_state, self.lot_b.md_quality_state), ("released", "hold"))


@tagged("post_install", "-at_install")
class TestMaintenanceRpc(RpcCallMixin, MaintenanceCommon, HttpCase):
    """Only the storage keeper checks: a picker is refused through RPC, on the scanner and on the form's path."""

    def test_picker_may_not_check(self):
        check = self._check()
        before = self._results(check)
        self.authenticate("md_picker", "md_picker")
        ok, error, message = self._call("md.scanner", "md_scan", ["maintenance", check.id, lot_code("MT-A"),
                                        {"mode": "pass"}], context={"md_workflow": True})
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        self.assertIn("You may not do this task: Maintenance Check", message)
        ok, error, _message = self._call("md.maintenance.check", "action_scan_udi", [[check.id], lot_code("MT-A")])
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        self.assertEqual(self._results(check), before)


@tagged("post_install", "-at_install")
class TestMaintenanceTour(ScannerTourCase, MaintenanceCommon):
    """On a phone: the keeper scans the lots in hand, records a wet carton with its finding, and completes."""

    def test_maintenance_on_a_phone(self):
        check = self._check()
        check.name = "TOUR-CHECK"
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_maintenance",
                     user=self.keeper, screenshot="scanner_maintenance")
        self.assertEqual(check.state, "done")
        self.assertEqual(self._results(check), {
            "MT-A": (("pass",) * 5, ""),
            "MT-B": (("pass", "fail", "pass", "pass", "pass"), "Outer carton wet")})
        self.assertEqual(self.lot_b.md_quality_state, "hold")
        self.assertEqual(self._logs(check).mapped("outcome"), ["accepted", "refused", "accepted"])
