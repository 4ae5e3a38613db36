from odoo.tests import TransactionCase, tagged

from odoo.addons.medical_device_base.tests.i18n_scan import ZhCnChecks


@tagged("post_install", "-at_install")
class TestEquipmentTranslations(ZhCnChecks, TransactionCase):
    module = "medical_device_equipment"
