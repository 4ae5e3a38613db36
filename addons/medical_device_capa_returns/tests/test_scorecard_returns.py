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
        # The approved return is not disposed of yet and has 30 days for it: service does not count it yet.
        self.assertEqual((card.service_due, card.score_service), (0, 100.0))
        # (25 × 100 + 20 × 100 + 15 × 60 + 10 × 100 + 10 × 100 + 10 × 100 + 10 × 100) / 100
        self.assertEqual((card.score, card.grade), (94.0, "A"))
        # Another supplier's returns are not this one's.
        other = self.env["res.partner"].create({"name": "Other Supplier Co.", "is_company": True,
                                                "md_supplier_approved": True})
        other_card = self.env["md.supplier.scorecard"].with_user(self.qa_user)._md_compute_scorecards(
            self.today - timedelta(days=15), self.today + timedelta(days=15), partners=other)
        self.assertEqual((other_card.qty_returned, other_card.score_returns), (0.0, 100.0))

    def test_quality_returns_disposed_of_on_time(self):
        """Service: a quality return of the supplier's lots counts once disposed of, or once its service days are
        past; on time when disposed of within them."""
        self.company.partner_id.tz = False
        self.company.md_score_service_days = 10
        lot = self._supplied_lot("SCR-2", 100)
        delivery = self._deliver({lot: 30})
        on_time, late, pending, commercial = returns = [
            self._return(delivery, {lot: qty}, grade, reason="Plunger sticks")
            for qty, grade in ((1, "quality_defect"), (2, "quality_defect"), (3, "quality_defect"), (4, "commercial"))]
        for record in returns:
            self._approve(record)
        now = self.now
        self.env.flush_all()
        # Created 20 days ago: disposed of on its 10th day, on time; not disposed of at all, late.
        for record, disposed in ((on_time, now - timedelta(days=10)), (late, None)):
            self.env.cr.execute("UPDATE md_return SET create_date = %s, disposed_on = %s WHERE id = %s",
                                (now - timedelta(days=20), disposed, record.id))
            self.env.cr.execute("UPDATE md_return_line SET date = %s WHERE return_id = %s",
                                (now - timedelta(days=20), record.id))
        self.env.invalidate_all()
        card = self.env["md.supplier.scorecard"].with_user(self.qa_user)._md_compute_scorecards(
            self.today - timedelta(days=25), self.today + timedelta(days=5), partners=self.supplier)
        # The one created today has its 10 days ahead; a commercial return is not the supplier's to answer.
        self.assertEqual((card.qty_returned, card.service_due, card.service_on_time, card.score_service),
                         (6.0, 2, 1, 50.0))
        self.assertTrue(pending.exists() and commercial.exists())
