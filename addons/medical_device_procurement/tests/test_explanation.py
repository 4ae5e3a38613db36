from odoo.tests import tagged

from .common import LEAD_DAYS, NettingCommon


@tagged("post_install", "-at_install")
class TestReplenishmentExplanation(NettingCommon):
    """Why this quantity: the lots, the discounts and their reasons, with the rule's own numbers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hold = cls._stock_lot(cls.syringe, "WHY-HOLD", 5, days=400, state="hold")
        cls.short = cls._stock_lot(cls.syringe, "WHY-SHORT", 10, days=3)
        cls.long = cls._stock_lot(cls.syringe, "WHY-LONG", 3, days=400)
        cls.quarantined = cls._stock_lot(cls.syringe, "WHY-QUA", 4, days=400, state="quarantine",
                                         location=cls.quarantine)

    def _explain(self, user=None):
        action = self.orderpoint.with_user(user or self.picker).action_md_explain()
        self.assertEqual((action["res_model"], action["target"]), ("md.replenishment.explanation", "new"))
        return self.env["md.replenishment.explanation"].browse(action["res_id"])

    def test_numbers_are_the_rule_s(self):
        forecast, to_order = self._numbers()
        # 18 on hand for Odoo; - 5 on hold - 4 of the short lot not sold in time + 4 in quarantine.
        self.assertEqual((forecast, to_order), (13.0, 0.0))
        explanation = self._explain()
        self.assertRecordValues(explanation, [{
            "orderpoint_id": self.orderpoint.id, "product_id": self.syringe.id, "company_id": self.company.id,
            "lead_days": LEAD_DAYS, "daily_demand": 2.0, "lead_demand": 10.0, "acceptance_lead_days": 2,
            "min_shelf_life_days": 0, "qty_on_hand": 18.0, "incoming_qty": 0.0, "outgoing_qty": 0.0,
            "odoo_forecast": 18.0, "in_progress_qty": 0.0, "unusable_qty": 5.0, "expiry_discount_qty": 4.0,
            "quarantine_qty": 4.0, "net_adjustment": -5.0, "qty_forecast": forecast,
            "product_min_qty": 10.0, "product_max_qty": 30.0, "qty_to_order": to_order}])
        self.assertRecordValues(explanation.line_ids, [
            {"lot_id": self.short.id, "origin": "stock", "quality_state": "released", "qty": 10.0, "odoo_qty": 10.0,
             "net_qty": 6.0, "discounted_qty": 4.0, "reason": "unsold"},
            {"lot_id": self.hold.id, "origin": "stock", "quality_state": "hold", "qty": 5.0, "odoo_qty": 5.0,
             "net_qty": 0.0, "discounted_qty": 5.0, "reason": "status"},
            {"lot_id": self.long.id, "origin": "stock", "quality_state": "released", "qty": 3.0, "odoo_qty": 3.0,
             "net_qty": 3.0, "discounted_qty": 0.0, "reason": False},
            {"lot_id": self.quarantined.id, "origin": "quarantine", "quality_state": "quarantine", "qty": 4.0,
             "odoo_qty": 0.0, "net_qty": 4.0, "discounted_qty": 0.0, "reason": False},
        ])
        self.assertEqual(explanation.line_ids[0].sell_by_date, self.short.expiration_date.date())

    def test_numbers_follow_an_order_to_place(self):
        # The RFQ Odoo keeps in progress shows as such; forecast and quantity stay the rule's.
        self.quarantined.sudo().quant_ids.unlink()
        # An automatic rule stays after ordering (a manual one is removed once replenished).
        self.orderpoint.write({"product_min_qty": 20, "trigger": "auto"})
        forecast, to_order = self._numbers()
        self.assertEqual((forecast, to_order), (9.0, 21.0))
        self.orderpoint.action_replenish()
        forecast, to_order = self._numbers()
        self.assertEqual((forecast, to_order), (30.0, 0.0))
        explanation = self._explain()
        self.assertRecordValues(explanation, [{"odoo_forecast": 18.0, "in_progress_qty": 21.0, "net_adjustment": -9.0,
                                               "qty_forecast": 30.0, "qty_to_order": 0.0}])
