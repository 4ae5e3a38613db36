from odoo import api, models

from odoo.addons.medical_device_base.models.md_compliance import problems_error


# One file per task, each adding its methods to the scanner: the registry's design, not an oversight.
class MdScanner(models.AbstractModel):
    """Receive: each UDI scan adds or counts a line of the receipt; validating runs the receiving gate."""

    _inherit = "md.scanner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _md_task_receive_domain(self):
        return [("picking_type_code", "=", "incoming"), ("state", "in", ("confirmed", "waiting", "assigned")),
                ("move_ids.product_id.is_medical_device", "=", True)]

    @api.model
    def _md_task_receive_subtitle(self, picking):
        return " · ".join(filter(None, [picking.partner_id.display_name, picking.origin]))

    @api.model
    def _md_task_receive_screen(self, picking, params):
        lines = []
        for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
            scanned = move.move_line_ids.filtered("md_udi")
            qty = sum(scanned.mapped("quantity"))
            lots = [ml.lot_id.name or ml.lot_name for ml in scanned]
            lines.append({
                "id": move.id, "title": move.product_id.display_name,
                "subtitle": ", ".join(lot for lot in lots if lot),
                "qty": qty, "expected": move.product_uom_qty, "uom": move.product_uom.name,
                "state": self._md_line_state(qty, move.product_uom_qty),
            })
        actions = [{"key": "validate", "label": self.env._("Validate"), "style": "primary", "sign": False}]
        if self._md_receive_labelled_lines(picking):
            actions.append({"key": "labels", "label": self.env._("Labels"), "style": "secondary", "sign": False})
        return {
            "subtitle": self._md_task_receive_subtitle(picking),
            "prompt": self.env._("Scan the UDI of each unit or box."),
            "lines": lines,
            "actions": actions,
        }

    @api.model
    def _md_receive_labelled_lines(self, picking):
        """The scanned lines with a lot or serial: one label each, for goods relabelled at receipt."""
        return picking.move_line_ids.filtered(lambda ml: ml.md_udi and (ml.lot_id or ml.lot_name))

    @api.model
    def _md_task_receive_scan(self, picking, code, params):
        # The receipt's own scan: product on the order, serial not twice, dates from the code.
        line = picking.md_scan_udi(code)
        # Then the receiving gate's checks of that lot, at the scan rather than at validation.
        problems = line._md_receipt_lot_problems()
        if problems:
            raise problems_error(self.env._("%s is refused at receiving:", line.lot_id.name or line.lot_name),
                                 problems)
        return {"message": self.env._("%(product)s %(lot)s: %(qty)s on the receipt.",
                                      product=line.product_id.display_name, lot=line.lot_id.name or line.lot_name
                                      or "", qty=line.quantity),
                "product": line.product_id, "lot": line.lot_id}

    @api.model
    def _md_task_receive_action(self, picking, action, params):
        if action == "validate":
            return picking.button_validate()
        if action == "labels":
            return self._md_label_action(self._md_receive_labelled_lines(picking))
        return True
