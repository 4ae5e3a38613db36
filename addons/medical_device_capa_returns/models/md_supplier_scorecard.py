from odoo import api, models


class MdSupplierScorecard(models.Model):
    _inherit = "md.supplier.scorecard"

    @api.model
    def _md_returned_by_supplier(self, start, end, scope):
        """Units of the supplier's lots on returns graded quality-related, approved, received or done, created in
        the period: the figure of the scorecard's quality returns component."""
        return self._md_sum_by_supplier(
            "md.return.line",
            [("company_id", "=", self.env.company.id), ("grade_id.quality_related", "=", True),
             ("state", "in", ("approved", "received", "done")), ("date", ">=", start), ("date", "<", end)]
            + scope("supplier_id"),
            "supplier_id", ["quantity:sum"], "commercial_partner_id")
