from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.medical_device_procurement.tests.common import TenderCommon


@tagged("post_install", "-at_install")
class TestSupplierScore(TenderCommon):
    """The comparison of bids shows the score of each supplier's latest scorecard."""

    def _card(self, partner, days_ago, score):
        card = self.env["md.supplier.scorecard"].create({
            "partner_id": partner.id, "date_from": self.today - timedelta(days=days_ago + 30),
            "date_to": self.today - timedelta(days=days_ago)})
        # Scores come from the computation of the period; here they are set as it would.
        card._md_workflow_env().write({"score": score})
        return card

    def test_latest_score_in_the_comparison(self):
        self._card(self.supplier, 60, 70.0)
        self._card(self.supplier, 10, 88.4)
        first, _second = self._tender()
        self.assertEqual(self.env["res.partner"]._md_supplier_scores(self.supplier | self.supplier2 | self.maker),
                         {self.supplier.id: 88.4})
        action = first.with_user(self.buyer).action_md_compare_bids()
        lines = self.env["purchase.order.line"].with_user(self.buyer).search(action["domain"])
        self.assertEqual(sorted(set((line.partner_id.name, line.md_supplier_score) for line in lines)),
                         [("Second Supplier Co.", 0.0), ("Test Supplier Co.", 88.4)])
