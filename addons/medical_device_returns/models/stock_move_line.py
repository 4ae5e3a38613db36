from odoo import models

# {(lot id, location id)} that the signed disposition of a return re-releases in this transaction.
RELEASE_GRANTS = "md.return.release"


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _md_movement_problems(self, lines, existing_lots):
        problems = super()._md_movement_problems(lines, existing_lots)
        granted = self.env.cr.precommit.data.get(RELEASE_GRANTS, set())
        for line in lines:
            source, dest = line.location_id, line.location_dest_id
            if source.md_zone != "returns" or dest.md_zone in ("returns", "nonconforming") \
                    or dest.usage in ("supplier", "inventory") or (line.lot_id.id, source.id) in granted:
                continue
            problems.append(self.env._(
                "%(lot)s is returned goods in %(location)s: it leaves the returns zone only by the QA "
                "disposition of its return (re-release after signed re-inspection, return to supplier, scrap).",
                lot=line.lot_id.display_name or line.product_id.display_name, location=source.display_name))
        return problems
