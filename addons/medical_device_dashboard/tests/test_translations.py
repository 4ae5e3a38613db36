import json

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import code_translations, extract_spreadsheet_terms
from odoo.tools.misc import file_open

from odoo.addons.medical_device_base.tests.common import untranslated_zh_cn
from odoo.addons.medical_device_base.tests.i18n_scan import english_shown_to_zh_cn

MODULE = "medical_device_dashboard"
JSON_PATH = f"{MODULE}/data/files/gsp_overview_dashboard.json"


@tagged("post_install", "-at_install")
class TestDashboardTranslations(TransactionCase):

    def test_zh_cn_complete(self):
        missing = untranslated_zh_cn(self.env, MODULE)
        self.assertFalse(missing, f"{len(missing)} untranslated term(s) in {MODULE}/i18n/zh_CN.po: {missing[:20]}")

    def test_nothing_english_for_a_chinese_user(self):
        """The dashboard's texts, names and labels as a 简体中文 user reads them."""
        found = english_shown_to_zh_cn(self.env, MODULE)
        self.assertFalse(found, "\n".join(f"{where}: {text!r}" for where, text in found[:30]))

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
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"], overwrite=True)
        dashboard = self.env.ref(f"{MODULE}.spreadsheet_dashboard_gsp_overview").with_context(lang="zh_CN")
        self.assertEqual(dashboard.name, "GSP 概览")
        self.assertEqual(dashboard.dashboard_group_id.name, "医疗器械")
        field = self.env["md.near.expiry.report"].with_context(lang="zh_CN").fields_get(["md_near_expiry"])
        self.assertEqual(field["md_near_expiry"]["string"], "在近效期预警范围内")
