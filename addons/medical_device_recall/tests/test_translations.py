from odoo.tests import TransactionCase, tagged

from odoo.addons.medical_device_base.tests.i18n_scan import english_shown_to_zh_cn
from odoo.addons.medical_device_base.tests.common import untranslated_zh_cn

MODULE = "medical_device_recall"


@tagged("post_install", "-at_install")
class TestRecallTranslations(TransactionCase):

    def test_zh_cn_complete(self):
        missing = untranslated_zh_cn(self.env, MODULE)
        self.assertFalse(missing, f"{len(missing)} untranslated term(s) in {MODULE}/i18n/zh_CN.po: {missing[:20]}")

    def test_nothing_english_for_a_chinese_user(self):
        """Views, menus, labels, selection values and messages read by a 简体中文 user."""
        found = english_shown_to_zh_cn(self.env, MODULE)
        self.assertFalse(found, "\n".join(f"{where}: {text!r}" for where, text in found[:30]))

    def test_recalled_status_and_levels_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"], overwrite=True)
        env = self.env(context={"lang": "zh_CN"})
        labels = dict(env["stock.lot"]._fields["md_quality_state"]._description_selection(env))
        self.assertEqual(labels["recalled"], "已召回")
        levels = dict(env["md.recall"]._fields["level"]._description_selection(env))
        self.assertEqual(levels["1"][:2], "一级")
