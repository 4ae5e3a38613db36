from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.medical_device_gsp.models.md_acceptance import float_repr_short


# One file per task, each adding its methods to the scanner: the registry's design, not an oversight.
class MdScanner(models.AbstractModel):
    """Pick: scan the location, then each unit or lot taken from it; the delivery's own scan decides.

    ``stock.picking._md_scan_outbound`` confirms the reserved lot or puts another one in its place when
    that lot may itself be delivered to this customer; here only the place is added: the lot must lie
    in the location scanned, which must be inside the delivery's source location.
    """

    _inherit = "md.scanner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _md_tasks(self):
        tasks = super()._md_tasks()
        tasks["pick"] = {"name": self.env._("Pick"), "model": "stock.picking", "icon": "fa-cart-arrow-down",
                         "sequence": 30, "groups": "stock.group_stock_user"}
        return tasks

    @api.model
    def _md_task_pick_domain(self):
        return [("picking_type_code", "=", "outgoing"), ("state", "in", ("confirmed", "waiting", "assigned")),
                ("move_ids.product_id.is_medical_device", "=", True)]

    @api.model
    def _md_task_pick_subtitle(self, picking):
        return " · ".join(filter(None, [picking.partner_id.display_name, picking.origin]))

    @api.model
    def _md_pick_location(self, picking, params):
        location = self.env["stock.location"].browse(params.get("location_id") or []).exists()
        return location.filtered(lambda loc: loc._child_of(picking.location_id))

    @api.model
    def _md_task_pick_screen(self, picking, params):
        location = self._md_pick_location(picking, params)
        lines = []
        for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
            scanned = move.move_line_ids.filtered("md_scanned_by")
            qty = sum(scanned.mapped("quantity"))
            reserved = ", ".join(f"{ml.lot_id.name or '-'} @ {ml.location_id.name}"
                                 for ml in move.move_line_ids - scanned)
            lines.append({
                "id": move.id, "title": move.product_id.display_name,
                "subtitle": reserved and self.env._("To pick: %s", reserved),
                "qty": qty, "expected": move.product_uom_qty, "uom": move.product_uom.name,
                "state": self._md_line_state(qty, move.product_uom_qty),
            })
        return {
            "subtitle": self._md_task_pick_subtitle(picking),
            "prompt": self.env._("Scan each unit or box taken from %s.", location.display_name) if location
            else self.env._("Scan the location you pick from."),
            "summary": location and self.env._("Location: %s", location.display_name) or "",
            "lines": lines,
        }

    @api.model
    def _md_task_pick_scan(self, picking, code, params):
        location = self.env["stock.location"].search([("barcode", "=", code)], limit=1)
        if location:
            if not location._child_of(picking.location_id):
                raise UserError(self.env._("%(location)s is not in %(parent)s, where %(picking)s is picked from.",
                                           location=location.display_name, parent=picking.location_id.display_name,
                                           picking=picking.name))
            return {"message": self.env._("Picking from %s.", location.display_name),
                    "params": {"location_id": location.id}, "location": location}
        location = self._md_pick_location(picking, params)
        if not location:
            raise UserError(self.env._("Scan the location first, then the goods you take from it."))
        found = self.env["stock.move.line"]._md_udi_found(code)
        lot = found["lot"]
        if lot and not self.env["stock.quant"].search_count(
                [("lot_id", "=", lot.id), ("location_id", "child_of", location.id), ("quantity", ">", 0)], limit=1):
            raise UserError(self.env._("%(lot)s is not in %(location)s.", lot=lot.display_name,
                                       location=location.display_name))
        line = picking._md_scan_outbound(code)
        if not line.location_id._child_of(location):
            # The reservation kept the lot where Odoo found it: the unit in hand is not that one.
            raise UserError(self.env._("%(lot)s is reserved for this delivery in %(reserved)s, not in %(location)s.",
                                       lot=line.lot_id.display_name, reserved=line.location_id.display_name,
                                       location=location.display_name))
        return {"message": self.env._("%(product)s %(lot)s: %(qty)s picked.", product=line.product_id.display_name,
                                      lot=line.lot_id.name or "", qty=float_repr_short(line.quantity)),
                "product": line.product_id, "lot": line.lot_id, "location": location}

    @api.model
    def _md_task_pick_action(self, picking, action, params):
        return True
