import os

from odoo.tests import new_test_user, tagged

from odoo.addons.medical_device_base.tests.tour import MdTourCase

DASHBOARDS_URL = "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action"
QA_GROUPS = "base.group_user,medical_device_base.group_md_qa_manager"


@tagged("post_install", "-at_install")
class TestGspOverviewTour(MdTourCase):
    """A QA manager opens the dashboard; every cell of it evaluates (the tour fails on any cell in error)."""

    def test_qa_manager_opens_gsp_overview(self):
        qa = new_test_user(self.env, "md_dash_tour_qa", groups=QA_GROUPS, name="Qiu QA")
        self.md_tour(DASHBOARDS_URL, "md_dashboard_gsp_overview", user=qa)

    def test_qa_manager_reads_it_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        modules = ["medical_device_dashboard"]
        if os.environ.get("MD_SCREENSHOTS_DIR"):
            # For the README's picture the whole interface, Odoo's own words included, is in Chinese.
            modules = self.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        self.env["ir.module.module"]._load_module_terms(modules, ["zh_CN"], overwrite=True)
        qa = new_test_user(self.env, "md_dash_tour_zh", groups=QA_GROUPS, name="邱质量", lang="zh_CN")
        self.md_tour(DASHBOARDS_URL, "md_dashboard_gsp_overview_zh", user=qa, screenshot="dashboard_gsp_overview")
