from collections import defaultdict
from datetime import datetime, timedelta

from odoo import api, models


class MdSupplierScorecard(models.Model):
    _inherit = "md.supplier.scorecard"

    @api.model
    def _md_returned_by_supplier(self, start, end, scope):
        """Of the returns graded quality-related, approved, received or done, created in the period, per
        supplier of their lots: the units (the quality returns component) and, for the service component, the
        returns counted (disposed of, or with their service days past) and those disposed of within the
        company's service days."""
        company = self.env.company
        domain = [("company_id", "=", company.id), ("grade_id.quality_related", "=", True),
                  ("state", "in", ("approved", "received", "done")), ("date", ">=", start), ("date", "<", end)] \
            + scope("supplier_id")
        result = defaultdict(lambda: [0.0, 0, 0])
        for supplier, (quantity,) in self._md_sum_by_supplier(
                "md.return.line", domain, "supplier_id", ["quantity:sum"], "commercial_partner_id").items():
            result[supplier][0] = quantity
        today = datetime.now(self._md_timezone()).date()
        days = timedelta(days=company.md_score_service_days)
        for supplier, returned in self.env["md.return.line"]._read_group(domain, ["supplier_id", "return_id"]):
            if not supplier:
                continue
            on_time = self._md_answered_on_time(self._md_local_day(returned.create_date) + days,
                                                returned.disposed_on, today)
            if on_time is not None:
                counts = result[supplier.commercial_partner_id]
                counts[1] += 1
                counts[2] += on_time
        return result
