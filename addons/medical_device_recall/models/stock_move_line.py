from odoo import api, fields, models
from odoo.tools.sql import column_exists, create_column

from odoo.addons.medical_device_gsp.models.stock_location import SEGREGATED_ZONES


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    md_consignee_id = fields.Many2one(
        "res.partner", string="Consignee", compute="_compute_md_consignee_id", store=True,
        help="The commercial partner the goods went to or came from (the transfer's partner, else the move's).")

    @api.depends("picking_id.partner_id.commercial_partner_id", "move_id.partner_id.commercial_partner_id")
    def _compute_md_consignee_id(self):
        for line in self:
            line.md_consignee_id = (line.picking_id.partner_id or line.move_id.partner_id).commercial_partner_id

    def _auto_init(self):
        # On a warehouse with millions of lines, computing the consignee through
        # the ORM at installation would take hours: one SQL update does it.
        cr = self.env.cr
        if not column_exists(cr, "stock_move_line", "md_consignee_id"):
            create_column(cr, "stock_move_line", "md_consignee_id", "int4")
            cr.execute("""
                UPDATE stock_move_line ml
                   SET md_consignee_id = COALESCE(partner.commercial_partner_id, partner.id)
                  FROM res_partner partner
                 WHERE partner.id = COALESCE((SELECT partner_id FROM stock_picking WHERE id = ml.picking_id),
                                             (SELECT partner_id FROM stock_move WHERE id = ml.move_id))
            """)
        return super()._auto_init()

    def init(self):
        res = super().init()
        # The recall trace reads a lot's lines from this index alone, so its time
        # follows the lot's own lines and not the size of the table.
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS stock_move_line_md_trace_company_index ON stock_move_line (lot_id)
                INCLUDE (state, company_id, location_id, location_dest_id, picking_id, move_id, md_consignee_id,
                         quantity_product_uom, date)
             WHERE lot_id IS NOT NULL
        """)
        return res

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
