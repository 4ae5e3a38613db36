from odoo import api, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    md_recall_lot_ids = fields.One2many("md.recall.lot", "lot_id", string="Recalls")

    @api.model
    def _md_quality_states(self):
        states = super()._md_quality_states()
        # A recall freezes lots where they stand; the reservation filter and the
        # movement guard keep them from leaving anywhere but to segregation, the
        # supplier or scrap.
        every_zone = set().union(*(spec["zones"] for spec in states.values()))
        states["recalled"] = {"label": self.env._("Recalled"), "zones": every_zone, "zone": None, "frees": False,
                              "holdable": False, "group": False, "sources": ()}
        return states

    def _md_active_recalls(self):
        """Started recalls that have this lot in their scope."""
        self.ensure_one()
        return self.env["md.recall.lot"].sudo().search(
            [("lot_id", "=", self.id), ("recall_id.state", "in", ("ongoing", "closed"))]).recall_id

    def _md_delivery_problems(self, product, lot):
        problems = super()._md_delivery_problems(product, lot)
        if not lot or lot.md_quality_state != "recalled":
            return problems
        recalls = lot._md_active_recalls()
        # The plain "not released" message does not tell the warehouse why or whom to ask.
        problems = [p for p in problems if p[0] != "lot_state"]
        names = ", ".join(f"{r.name} ({r._md_level_label()})" for r in recalls) or "-"
        problems.insert(0, ("lot_state", self.env._(
            "%(product)s %(lot)s is recalled under %(recalls)s and may not be reserved or delivered.",
            product=product.display_name, lot=lot.name, recalls=names)))
        return problems
