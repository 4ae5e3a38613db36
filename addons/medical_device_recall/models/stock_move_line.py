from odoo import fields, models

from odoo.addons.medical_device_gsp.models.stock_location import SEGREGATED_ZONES


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # The trace reads a lot's done lines by lot: without an index every recall
    # would scan the whole move-line table.
    lot_id = fields.Many2one(index="btree_not_null")

    def _md_movement_problems(self, lines, existing_lots):
        problems = super()._md_movement_problems(lines, existing_lots)
        for line in lines:
            lot = line.lot_id
            if not lot or lot.md_quality_state != "recalled":
                continue
            source, dest = line.location_id, line.location_dest_id
            # Segregated recalled goods may not go back among saleable stock.
            if dest.usage == "internal" and dest.md_zone in ("released", "dispatch") \
                    and (source.usage != "internal" or source.md_zone in SEGREGATED_ZONES):
                recalls = lot._md_active_recalls()
                problems.append(self.env._(
                    "%(lot)s is recalled under %(recalls)s and cannot be put into %(location)s: recalled goods "
                    "stay segregated until they go back to the supplier or are scrapped.",
                    lot=lot.display_name, recalls=", ".join(recalls.mapped("name")) or "-",
                    location=dest.display_name))
        return problems
