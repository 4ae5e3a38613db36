from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.medical_device_capa.tests.common import CapaCommon
from odoo.addons.medical_device_returns.tests.common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestScorecardReturns(CapaCommon, ReturnsCommon):
    """With the returns add-on, the scorecard's quality returns component counts the supplier's quality returns."""

    def test_quality_returns_count_others_do_not(self):
        self.company.partner_id.tz = False
        lot = self._supplied_lot("SCR-1", 100)
        delivery = self._deliver({lot: 20})
        self._approve(self._return(delivery, {lot: 2}, "quality_defect", reason="Plunger sticks"))
        # Neither a commercial return nor a quality return still in draft is a supplier's quality problem.
        self._approve(self._return(delivery, {lot: 3}, "commercial"))
        self._return(delivery, {lot: 4}, "quality_defect")
        card = self.env["md.supplier.scorecard"].with_user(self.qa_user)._md_compute_scorecards(
            self.today - timedelta(days=15), self.today + timedelta(days=15), partners=self.supplier)
        self.assertEqual((card.qty_received, card.qty_returned, card.return_rate, card.score_returns),
                         (100.0, 2.0, 2.0, 60.0))
        # (30 × 100 + 25 × 100 + 20 × 60 + 15 × 100 + 10 × 100) / 100
        self.assertEqual((card.score, card.grade), (92.0, "A"))
        # Another supplier's returns are not this one's.
        other = self.env["res.partner"].create({"name": "Other Supplier Co.", "is_company": True,
                                                "md_supplier_approved": True})
        other_card = self.env["md.supplier.scorecard"].with_user(self.qa_user)._md_compute_scorecards(
            self.today - timedelta(days=15), self.today + timedelta(days=15), partners=other)
        self.assertEqual((other_card.qty_returned, other_card.score_returns), (0.0, 100.0))
