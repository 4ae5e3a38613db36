from odoo.tests import new_test_user

from odoo.addons.medical_device_recall.tests.common import RecallCommon
from odoo.addons.medical_device_returns.tests.common import ReturnsCommon


class CapaCommon(ReturnsCommon, RecallCommon):
    """The GSP, returns and recall worlds plus an action owner for CAPAs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineer = new_test_user(
            cls.env, "md_capa_engineer", name="En Engineer", email="engineer@example.com",
            groups="base.group_user,stock.group_stock_user")
