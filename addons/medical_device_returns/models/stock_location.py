from odoo import api, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    @api.model
    def _md_zone_states(self):
        # Returned units wait in the returns zone whatever their lot's status:
        # the zone, not the status, keeps them from being sold before QA's disposition.
        states = super()._md_zone_states()
        states["returns"] = set(states["returns"]) | {"returned", "released"}
        return states
