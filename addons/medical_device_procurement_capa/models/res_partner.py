from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _md_supplier_scores(self, partners):
        # The score of each supplier's latest scorecard in the current company, as the partner shows it.
        scores = super()._md_supplier_scores(partners)
        suppliers = partners.commercial_partner_id
        scores.update({partner.id: partner.md_supplier_score for partner in suppliers
                       if partner.md_scorecard_count})
        return scores
