from odoo.tests import TransactionCase, tagged

from odoo.addons.medical_device_base.tests.i18n_scan import ZhCnChecks

MODULE = "medical_device_capa"


@tagged("post_install", "-at_install")
class TestCapaTranslations(ZhCnChecks, TransactionCase):
    module = MODULE

    def test_stages_and_seriousness_in_chinese(self):
        env = self.zh_env()
        seriousness = dict(env["md.adverse.event"]._fields["seriousness"]._description_selection(env))
        self.assertEqual(seriousness["death"], "死亡")
        self.assertEqual(seriousness["serious_injury"], "严重伤害")
        stages = dict(env["md.capa"]._fields["stage"]._description_selection(env))
        self.assertEqual(stages["closed"], "已关闭")
