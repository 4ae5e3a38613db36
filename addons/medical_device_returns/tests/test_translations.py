from odoo.tests import TransactionCase, tagged

from odoo.addons.medical_device_base.tests.i18n_scan import ZhCnChecks

MODULE = "medical_device_returns"


@tagged("post_install", "-at_install")
class TestReturnsTranslations(ZhCnChecks, TransactionCase):
    module = MODULE

    def test_returned_status_and_grades_in_chinese(self):
        env = self.zh_env()
        labels = dict(env["stock.lot"]._fields["md_quality_state"]._description_selection(env))
        self.assertEqual(labels["returned"], "已退货")
        self.assertEqual(env.ref("medical_device_returns.grade_transport_damage").name, "运输破损")
