from odoo import Command
from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.tour import MdTourCase

from .common import NettingCommon, TenderCommon


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


@tagged("post_install", "-at_install")
class TestTenderTour(TenderCommon, MdTourCase):
    """The buyer compares the bids of a call for tenders and awards one, in the browser."""

    def test_buyer_awards_from_the_comparison(self):
        tender = self.env["purchase.requisition"].create({
            "requisition_type": "purchase_template",
            "line_ids": [Command.create({"product_id": self.syringe.id, "product_qty": 10})]})
        tender.action_confirm()
        fast = self._bid(self.supplier, [(self.syringe, 10, 5.2, 3, 600)], requisition=tender)
        cheap = self._bid(self.supplier2, [(self.syringe, 10, 4.9, 9, 600)], requisition=tender)

        self.md_tour(f"/odoo/action-purchase_requisition.action_purchase_requisition/{tender.id}",
                     "md_procurement_tender_award", user=self.buyer, screenshot="tender_award")

        award = self.env["md.tender.award"].search([("requisition_id", "=", tender.id)])
        self.assertRecordValues(award, [{
            "order_id": fast.id, "cheapest_order_id": cheap.id, "awarded_amount": 52.0, "cheapest_amount": 49.0,
            "state": "awarded", "md_signed": True, "awarded_by": self.buyer.id,
            "reason": "Three days' lead time instead of nine: the ward runs out next week"}])
        self.assertEqual((fast.state, cheap.state), ("purchase", "cancel"))
        self.assertEqual(tender.md_award_count, 1)
