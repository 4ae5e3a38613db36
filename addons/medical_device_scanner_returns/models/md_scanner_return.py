from odoo import api, models

from odoo.addons.medical_device_gsp.models.md_acceptance import float_repr_short


class MdScanner(models.AbstractModel):
    """Customer returns: each scan counts a lot in hand against the lots the customer declared; receiving
    validates the return transfer once the count agrees."""

    _inherit = "md.scanner"

    @api.model
    def _md_tasks(self):
        tasks = super()._md_tasks()
        tasks["return"] = {"name": self.env._("Customer Returns"), "model": "md.return", "icon": "fa-undo",
                           "sequence": 70, "groups": "medical_device_base.group_md_receiver"}
        return tasks

    @api.model
    def _md_task_return_domain(self):
        return [("return_type", "=", "customer"), ("state", "=", "approved"),
                ("return_picking_id.state", "not in", ("done", "cancel"))]

    @api.model
    def _md_task_return_subtitle(self, record):
        return " · ".join(filter(None, [record.partner_id.display_name, record.origin_picking_id.name,
                                        record.grade_id.name]))

    @api.model
    def _md_task_return_screen(self, record, params):
        lines = [{
            "id": line.id, "title": line.product_id.display_name, "subtitle": line.lot_id.name,
            "qty": line.qty_counted, "expected": line.quantity, "uom": line.uom_id.name,
            "state": self._md_line_state(line.qty_counted, line.quantity),
        } for line in record.line_ids]
        return {
            "subtitle": self._md_task_return_subtitle(record),
            "prompt": self.env._("Scan each returned unit or box."),
            "lines": lines,
            "actions": [{"key": "receive", "label": self.env._("Receive"), "style": "primary", "sign": False}],
        }

    @api.model
    def _md_task_return_scan(self, record, code, params):
        line = record.md_scan_udi(code)
        return {"message": self.env._("%(product)s %(lot)s: %(counted)s of %(declared)s counted.",
                                      product=line.product_id.display_name, lot=line.lot_id.name,
                                      counted=float_repr_short(line.qty_counted),
                                      declared=float_repr_short(line.quantity)),
                "product": line.product_id, "lot": line.lot_id}

    @api.model
    def _md_task_return_action(self, record, action, params):
        if action == "receive":
            return record.action_md_receive_counted()
        return True
