from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.tour import MdTourCase

from .common import NettingCommon


@tagged("post_install", "-at_install")
class TestNettingTours(NettingCommon, MdTourCase):
    """The buyer's journey: a hidden stock-out shows in the replenishment, with why."""

    def test_buyer_asks_why_this_quantity(self):
        planner = self._test_user("md_planner", name="Pan Planner",
                                  groups="base.group_user,stock.group_stock_manager,purchase.group_purchase_user")
        self._stock_lot(self.syringe, "TOUR-EXP", 10, days=-2)
        self._stock_lot(self.syringe, "TOUR-HOLD", 10, days=400, state="hold")
        self.assertEqual(self._numbers(), (0.0, 30.0))

        self.md_tour("/odoo/action-stock.action_replenishment", "md_procurement_replenishment_explanation",
                     user=planner, screenshot="replenishment_explanation")

        explanation = self.env["md.replenishment.explanation"].search([("create_uid", "=", planner.id)])
        self.assertRecordValues(explanation, [{"orderpoint_id": self.orderpoint.id, "qty_on_hand": 20.0,
                                               "unusable_qty": 20.0, "qty_forecast": 0.0, "qty_to_order": 30.0}])
