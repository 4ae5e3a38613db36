from odoo import api, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    @api.model
    def _md_zone_states(self):
        # A recall freezes lots where they stand; the reservation filter and the
        # movement guard keep them from leaving anywhere but to segregation,
        # the supplier or scrap.
        states = super()._md_zone_states()
        return {zone: set(accepted) | {"recalled"} for zone, accepted in states.items()}
