from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _md_supplier_scores(self, partners):
        """{partner id: supplier score} of ``partners`` that have one; the bid comparison shows it.

        Procurement keeps no scores itself: an add-on that rates suppliers fills this in.
        """
        return {}
