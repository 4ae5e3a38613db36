from odoo.tests import TransactionCase, tagged

from odoo.addons.medical_device_base.tests.i18n_scan import ZhCnChecks

MODULE = "medical_device_recall"


@tagged("post_install", "-at_install")
class TestRecallTranslations(ZhCnChecks, TransactionCase):
    module = MODULE

    def test_recalled_status_and_levels_in_chinese(self):
        env = self.zh_env()
        labels = dict(env["stock.lot"]._fields["md_quality_state"]._description_selection(env))
        self.assertEqual(labels["recalled"], "已召回")
        levels = dict(env["md.recall"]._fields["level"]._description_selection(env))
        self.assertEqual(levels["1"][:2], "一级")
