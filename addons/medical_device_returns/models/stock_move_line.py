from odoo import models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _md_movement_problems(self, lines, existing_lots):
        problems = super()._md_movement_problems(lines, existing_lots)
        # Only the signed disposition, running as superuser, sets the flag: a client's context alone does not.
        if self.env.su and self.env.context.get("md_return_disposition"):
            return problems
        for line in lines:
            source, dest = line.location_id, line.location_dest_id
            if source.md_zone != "returns" or dest.md_zone in ("returns", "nonconforming") \
                    or dest.usage in ("supplier", "inventory"):
                continue
            problems.append(self.env._(
                "%(lot)s is returned goods in %(location)s: it leaves the returns zone only by the QA "
                "disposition of its return (re-release after signed re-inspection, return to supplier, scrap).",
                lot=line.lot_id.display_name or line.product_id.display_name, location=source.display_name))
        return problems
