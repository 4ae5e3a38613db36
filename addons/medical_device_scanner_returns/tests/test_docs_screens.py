import unittest

from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.i18n_scan import activate_zh_cn
from odoo.addons.medical_device_scanner.tests.common import ScannerTourCase


@tagged("post_install", "-at_install")
class TestReturnScreens(ScannerTourCase):
    """A customer return counted on arrival on a phone, in 简体中文, on the demo data (the README's picture)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("medical_device_gsp.demo_story_po_syringe", raise_if_not_found=False):
            raise unittest.SkipTest("no demo data")
        activate_zh_cn(cls.env)
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.lang = "zh_CN"

    def test_return_on_a_phone(self):
        returns = self.env["md.return"].search(self.env["md.scanner"]._md_task_return_domain())
        if not returns:
            self.skipTest("no customer return waiting for its goods in the demo data")
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action",
                     "md_scanner_docs_return", user=self.admin, screenshot="scanner_return")
        self.assertTrue(self.env["md.scan.log"].search([("res_model", "=", "md.return"),
                                                        ("res_id", "in", returns.ids)]))
