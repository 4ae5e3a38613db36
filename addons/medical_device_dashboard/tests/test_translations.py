import json

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import code_translations, extract_spreadsheet_terms
from odoo.tools.misc import file_open

from odoo.addons.medical_device_base.tests.i18n_scan import ZhCnChecks

MODULE = "medical_device_dashboard"
JSON_PATH = f"{MODULE}/data/files/gsp_overview_dashboard.json"


@tagged("post_install", "-at_install")
class TestDashboardTranslations(ZhCnChecks, TransactionCase):
    module = MODULE

    def test_spreadsheet_terms_reach_the_web_client_in_chinese(self):
        """Titles and labels of the spreadsheet (_t formulas, chart titles) are served to the browser translated."""
        with file_open(JSON_PATH, "rb") as f:
            terms = {term for _line, _func, term, _comments in extract_spreadsheet_terms(f, [], [], {})}
        self.assertIn("Open CAPAs by age", terms)
        self.assertIn("Quantity by month of expiry", terms)  # a chart title
        served = {m["id"]: m["string"] for m in code_translations.get_web_translations(MODULE, "zh_CN")["messages"]}
        self.assertFalse(terms - set(served), "spreadsheet terms the browser would show in English")
        self.assertEqual(served["Open CAPAs by age"], "未关闭 CAPA（按已开启时长）")
        # Every _t("...") in a cell is a plain string literal, the only form the term extraction reads.
        with file_open(JSON_PATH, "rb") as f:
            data = json.load(f)
        for sheet in data["sheets"]:
            for ref, cell in sheet["cells"].items():
                if "_t(" in cell["content"]:
                    self.assertRegex(cell["content"], r'^=_t\("[^"]+"\)$', f"{sheet['name']}!{ref}")

    def test_dashboard_and_group_names_in_chinese(self):
        env = self.zh_env()
        dashboard = env.ref(f"{MODULE}.spreadsheet_dashboard_gsp_overview")
        self.assertEqual(dashboard.name, "GSP 概览")
        self.assertEqual(dashboard.dashboard_group_id.name, "医疗器械")
