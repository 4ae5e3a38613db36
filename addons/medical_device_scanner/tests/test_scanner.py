from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import ScannerCommon, label

SYRINGE = "06909999000012"


@tagged("post_install", "-at_install")
class TestScannerDispatch(ScannerCommon):
    """One way to run a scan: the task's own checks, the outcome recorded, a refusal rolled back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receipt = cls._confirmed_receipt([(cls.syringe, 20)])

    def test_tasks_follow_the_user_roles(self):
        tasks = {t["key"]: t for t in self.env["md.scanner"].with_user(self.receiver).md_tasks()}
        self.assertIn("receive", tasks)
        self.assertGreaterEqual(tasks["receive"]["count"], 1)
        records = self.env["md.scanner"].with_user(self.receiver).md_records("receive", search=self.receipt.name)
        self.assertEqual([r["id"] for r in records], [self.receipt.id])
        self.assertEqual(self.env["md.scanner"].with_user(self.receiver).md_find("receive", self.receipt.name),
                         self.receipt.id)
        # The picker has no receiving role: no receive task, and calling it anyway is refused.
        self.assertNotIn("receive", {t["key"] for t in self.env["md.scanner"].with_user(self.picker).md_tasks()})
        with self.assertRaisesRegex(AccessError, "You may not do this task: Receive"):
            self._scan("receive", self.receipt, label(SYRINGE, lot="L1", expiry="300101"), user=self.picker)
        with self.assertRaisesRegex(UserError, "has no task"):
            self.env["md.scanner"].md_scan("teleport", self.receipt.id, "x")

    def test_every_outcome_is_recorded_and_a_refusal_changes_nothing(self):
        before = self.receipt.move_line_ids.read(["quantity", "lot_name", "md_udi"])
        result = self._scan("receive", self.receipt, "(01)00000000000000(10)X", user=self.receiver)
        self.assertFalse(result["ok"])
        self.assertIn("No product has the device identifier", result["message"])
        self.assertEqual(self.receipt.move_line_ids.read(["quantity", "lot_name", "md_udi"]), before)
        result = self._scan("receive", self.receipt, label(SYRINGE, lot="L1", expiry="300101", production="250101"),
                            user=self.receiver)
        self.assertTrue(result["ok"], result)
        logs = self._logs(self.receipt)
        self.assertEqual(logs.mapped("outcome"), ["refused", "accepted"])
        self.assertEqual(logs.user_id, self.receiver)
        self.assertEqual(logs[1].product_id, self.syringe)
        self.assertIn("No product has the device identifier", logs[0].message)
        self.assertEqual(logs[0].code, "(01)00000000000000(10)X")
        # The record is the record: nobody rewrites or removes it.
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            logs[0].sudo().write({"outcome": "accepted"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            logs[0].sudo().unlink()

    def test_a_document_outside_the_task_is_refused(self):
        done = self._confirmed_receipt([(self.syringe, 1)])
        done.action_cancel()
        with self.assertRaisesRegex(UserError, "not open for the task"):
            self._scan("receive", done, label(SYRINGE, lot="L1"), user=self.receiver)
        with self.assertRaisesRegex(UserError, "has no button"):
            self.env["md.scanner"].with_user(self.receiver).md_action("receive", self.receipt.id, "unlink")


@tagged("post_install", "-at_install")
class TestScannerRpc(RpcCallMixin, ScannerCommon, HttpCase):
    """What a client may try over RPC: the scan record is the scanner's alone."""

    def test_scan_records_cannot_be_forged_or_edited(self):
        receipt = self._confirmed_receipt([(self.syringe, 5)])
        self.authenticate("md_receiver", "md_receiver")
        ok, result, _message = self._call("md.scanner", "md_scan", ["receive", receipt.id,
                                          label(SYRINGE, lot="R1", expiry="300101", production="250101")])
        self.assertTrue(ok, result)
        self.assertTrue(result["ok"], result)
        log = self.env["md.scan.log"].browse(result["log_id"])
        self.assertEqual((log.user_id, log.outcome), (self.receiver, "accepted"))
        ok, error, _message = self._call("md.scan.log", "create", [{
            "user_id": self.qa_user.id, "company_id": self.company.id, "task": "receive", "code": "x",
            "outcome": "accepted"}], context={"md_workflow": True})
        self.assertEqual((ok, error), (False, "odoo.exceptions.UserError"))
        self.assertFalse(self.env["md.scan.log"].search([("user_id", "=", self.qa_user.id)]))
        ok, error, _message = self._call("md.scan.log", "write", [[log.id], {"outcome": "refused"}])
        self.assertFalse(ok)
        ok, error, _message = self._call("md.scan.log", "unlink", [[log.id]])
        self.assertFalse(ok)
        self.assertEqual(log.exists().outcome, "accepted")
        # Another role's task, straight through RPC, is refused too.
        self.authenticate("md_picker", "md_picker")
        ok, error, _message = self._call("md.scanner", "md_scan", ["receive", receipt.id, "(01)" + SYRINGE])
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
