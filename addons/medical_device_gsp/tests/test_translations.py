from odoo.tests import TransactionCase, tagged

from odoo.addons.medical_device_base.tests.i18n_scan import ZhCnChecks

MODULE = "medical_device_gsp"


@tagged("post_install", "-at_install")
class TestGspTranslations(ZhCnChecks, TransactionCase):
    module = MODULE

    def test_messages_translated_at_runtime(self):
        env = self.zh_env()
        labels = dict(env["stock.lot"]._fields["md_quality_state"]._description_selection(env))
        self.assertEqual(labels["quarantine"], "待验")
        self.assertEqual(labels["rejected"], "不合格")
