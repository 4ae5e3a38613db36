from odoo import api, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _md_quality_states(self):
        states = super()._md_quality_states()
        # Returned units wait in the returns zone whatever their lot's status: the
        # zone, not the status, keeps them from being sold before QA's disposition.
        states["released"] = dict(states["released"], zones=states["released"]["zones"] | {"returns"})
        states["returned"] = {"label": self.env._("Returned"), "zones": {"returns"}, "zone": None, "frees": False,
                              "holdable": False, "group": False, "sources": ()}
        return states
