from odoo import api, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    @api.returns("stock.move.line", lambda line: line.id)
    def md_scan_udi(self, code):
        """One scan on a receipt: fill the next open line of that product or add one.

        Returns the move line that took the scan (its id to an RPC client).
        """
        self.ensure_one()
        MoveLine = self.env["stock.move.line"]
        vals = MoveLine._md_udi_values(code, self)
        product_lines = self.move_line_ids.filtered(lambda ml: ml.product_id.id == vals["product_id"])
        lot_name = vals.get("lot_name")
        if lot_name:
            same_lot = product_lines.filtered(lambda ml: (ml.lot_id.name or ml.lot_name) == lot_name)
            if same_lot and same_lot[0].product_id.tracking == "serial":
                raise UserError(self.env._("Serial number %(serial)s of %(product)s is already on %(picking)s.",
                                           serial=lot_name, product=same_lot[0].product_id.display_name,
                                           picking=self.display_name))
            if same_lot:
                line = same_lot[0]
                line.write({"quantity": line.quantity + vals["quantity"], "picked": True})
                return line
        # The placeholder line Odoo makes for a confirmed receipt takes the first scan.
        blank = product_lines.filtered(lambda ml: not ml.lot_id and not ml.lot_name and not ml.md_udi)
        vals["picked"] = True
        if blank:
            blank[0].write(vals)
            return blank[0]
        move = self.move_ids.filtered(lambda m: m.product_id.id == vals["product_id"]
                                      and m.state not in ("done", "cancel"))[:1]
        vals.update(picking_id=self.id, move_id=move.id, location_id=move.location_id.id or self.location_id.id,
                    location_dest_id=move.location_dest_id.id or self.location_dest_id.id,
                    product_uom_id=move.product_uom.id)
        return MoveLine.create(vals)
