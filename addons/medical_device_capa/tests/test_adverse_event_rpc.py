"""Reports to the authorities through the web client's own channel: only the QA manager records them."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

WORKFLOW_KEYS = {"md_workflow": True, "md_evidence": "md.adverse.event.followup"}


@tagged("post_install", "-at_install")
class TestAdverseEventReportRpc(RpcCallMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        base = "base.group_user,stock.group_stock_user"
        cls.qa = new_test_user(cls.env, "md_ae_rpc_qa", password="md_ae_rpc_qa_pw",
                               groups=f"{base},medical_device_base.group_md_qa_manager")
        cls.seller = new_test_user(cls.env, "md_ae_rpc_seller", password="md_ae_rpc_seller_pw",
                                   groups="base.group_user,sales_team.group_sale_salesman")
        cls.keeper = new_test_user(cls.env, "md_ae_rpc_keeper", password="md_ae_rpc_keeper_pw",
                                   groups=f"{base},medical_device_base.group_md_storage_keeper")
        product = cls.env["product.product"].create({"name": "RPC Test Catheter"})
        cls.event = cls.env["md.adverse.event"].create({
            "product_id": product.id, "is_group_event": True, "seriousness": "serious_injury",
            "description": "Three patients with the same catheter lot developed fever within a day."})


    def _first_report(self):
        self.env.invalidate_all()
        return self.event.read(["first_report_on", "first_report_by", "first_report_channel", "first_report_to"])[0]

    @mute_logger("odoo.http")
    def test_only_qa_records_reports_through_rpc(self):
        before = self._first_report()
        event = self.event.id
        for login in ("md_ae_rpc_seller", "md_ae_rpc_keeper"):
            self.authenticate(login, f"{login}_pw")
            for context in ({}, WORKFLOW_KEYS):
                attempts = [
                    ("md.adverse.event", "action_record_first_report", [[event]], {}),
                    ("md.adverse.event", "action_add_followup", [[event]], {}),
                    ("md.adverse.event", "write", [[event], {"first_report_by": self.seller.id}], {}),
                    ("md.adverse.event", "write", [[event], {"first_report_on": "2026-11-02 10:00:00",
                                                            "first_report_channel": "phone"}], {}),
                    ("md.adverse.event.report.wizard", "create",
                     [{"event_id": event, "kind": "first", "first_channel": "phone", "recipient": "MPA"}], {}),
                    ("md.adverse.event.followup", "create",
                     [{"event_id": event, "reported_on": "2026-11-02 10:00:00", "reported_by": self.qa.id,
                       "content": "Forged"}], {}),
                    ("md.adverse.event", "_md_record_first_report", [[event], "phone", "MPA"], {}),
                ]
                for model, method, args, kwargs in attempts:
                    ok, error, message = self._call(model, method, args, kwargs, context)
                    self.assertFalse(ok, f"{login} {model}.{method} with {context}: accepted")
                    self.assertIn(error, ("odoo.exceptions.AccessError", "odoo.exceptions.UserError"),
                                  f"{login} {model}.{method}: {error}: {message}")
            # The button's own refusal says why.
            _ok, _error, message = self._call("md.adverse.event", "action_record_first_report", [[event]])
            self.assertIn("Only a QA manager records reports made to the authorities", message)
        self.assertEqual(self._first_report(), before)
        self.assertFalse(self.event.followup_ids)

        # Even the QA manager does not write the fields by hand, keys or not; the form records them.
        self.authenticate("md_ae_rpc_qa", "md_ae_rpc_qa_pw")
        ok, error, message = self._call("md.adverse.event", "write", [[event], {"first_report_by": self.seller.id}],
                                        context=WORKFLOW_KEYS)
        self.assertEqual((ok, error), (False, "odoo.exceptions.UserError"), message)
        ok, wizard, _message = self._call("md.adverse.event.report.wizard", "create", [{
            "event_id": event, "kind": "first", "first_channel": "fax", "recipient": "Provincial MPA, officer Wang"}])
        self.assertTrue(ok, wizard)
        ok, _result, message = self._call("md.adverse.event.report.wizard", "action_confirm", [[wizard]])
        self.assertTrue(ok, message)
        recorded = self._first_report()
        self.assertEqual((recorded["first_report_by"][0], recorded["first_report_channel"],
                          recorded["first_report_to"]), (self.qa.id, "fax", "Provincial MPA, officer Wang"))
        self.assertTrue(recorded["first_report_on"])
        # Once made, it is not made again, nor rewritten.
        ok, wizard, _message = self._call("md.adverse.event.report.wizard", "create", [{
            "event_id": event, "kind": "first", "first_channel": "phone", "recipient": "Someone else"}])
        ok, error, message = self._call("md.adverse.event.report.wizard", "action_confirm", [[wizard]])
        self.assertEqual((ok, error), (False, "odoo.exceptions.UserError"))
        self.assertIn("was made on", message)
        self.assertEqual(self._first_report(), recorded)
