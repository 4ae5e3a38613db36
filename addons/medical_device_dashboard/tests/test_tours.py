import os

from odoo.tests import new_test_user, tagged

from odoo.addons.medical_device_base.tests.i18n_scan import activate_zh_cn
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
        # For the README's picture the whole interface, Odoo's own words included, is in Chinese.
        activate_zh_cn(self.env, None if os.environ.get("MD_SCREENSHOTS_DIR") else ["medical_device_dashboard"])
        qa = new_test_user(self.env, "md_dash_tour_zh", groups=QA_GROUPS, name="邱质量", lang="zh_CN")
        self.md_tour(DASHBOARDS_URL, "md_dashboard_gsp_overview_zh", user=qa, screenshot="dashboard_gsp_overview")
