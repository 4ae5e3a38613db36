import unittest

from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.i18n_scan import activate_zh_cn
from odoo.addons.medical_device_scanner.tests.common import ScannerTourCase


@tagged("post_install", "-at_install")
class TestRecallScreens(ScannerTourCase):
    """Recall retrieval on a phone, in 简体中文, on the demo recall of stent batch B2404 (the README's picture)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        recall = cls.env.ref("medical_device_recall.demo_recall_stent", raise_if_not_found=False)
        if not recall:
            raise unittest.SkipTest("no demo data")
        activate_zh_cn(cls.env)
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.lang = "zh_CN"
        ningbo = cls.env.ref("medical_device_recall.demo_partner_hospital_ningbo")
        cls.notice = recall.notice_ids.filtered(lambda n: n.partner_id == ningbo)
        # The hospital sends its stents back: the coordinator prepares the retrieval transfer.
        cls.notice.action_create_return()

    def test_recall_retrieval_on_a_phone(self):
        self.assertTrue(self.notice.picking_ids)
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action",
                     "md_scanner_docs_recall", user=self.admin, screenshot="scanner_recall")
        self.assertTrue(self.env["md.scan.log"].search([("res_model", "=", "md.recall.notice"),
                                                        ("res_id", "=", self.notice.id)]))
