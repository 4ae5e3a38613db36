from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.medical_device_gsp.models.md_acceptance import float_repr_short

# Buttons recording a check on every line: {action: (keyword arguments of action_record_checks)}.
CHECK_ACTIONS = {
    "checks_pass": {"packaging": "pass", "label": "pass", "delivery_note": "pass"},
    "packaging_fail": {"packaging": "fail"},
    "label_fail": {"label": "fail"},
    "note_missing": {"delivery_note": "missing"},
}


# One file per task, each adding its methods to the scanner: the registry's design, not an oversight.
class MdScanner(models.AbstractModel):
    """Accept: the inspector counts each lot as accepted or rejected by scanning, records the checks, signs."""

    _inherit = "md.scanner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _md_tasks(self):
        tasks = super()._md_tasks()
        tasks["accept"] = {"name": self.env._("Accept"), "model": "md.acceptance", "icon": "fa-check-square-o",
                           "sequence": 20, "groups": "medical_device_base.group_md_inspector"}
        return tasks

    @api.model
    def _md_task_accept_domain(self):
        return [("state", "=", "draft"), ("md_correction_reason", "=", False)]

    @api.model
    def _md_task_accept_subtitle(self, acceptance):
        picking = acceptance.picking_id
        return " · ".join(filter(None, [acceptance.partner_id.display_name, picking.name, picking.origin]))

    @api.model
    def _md_task_accept_screen(self, acceptance, params):
        checks = {"pass": "✓", "fail": "✗", "mismatch": "✗", "missing": "✗"}
        lines = []
        for line in acceptance.line_ids:
            counted = line.qty_accepted + line.qty_rejected
            marks = " ".join(f"{label} {checks.get(line[field], '?')}" for field, label in (
                ("packaging_check", self.env._("Pack")), ("label_check", self.env._("Label")),
                ("delivery_note_check", self.env._("Delivery Note"))))
            lines.append({
                "id": line.id, "title": f"{line.product_id.display_name} {line.lot_id.name}",
                "subtitle": self.env._("%(accepted)s accepted, %(rejected)s rejected · %(checks)s",
                                       accepted=float_repr_short(line.qty_accepted),
                                       rejected=float_repr_short(line.qty_rejected),
                                       checks=marks),
                "qty": counted, "expected": line.qty_received, "uom": line.uom_id.name,
                "state": self._md_line_state(counted, line.qty_received),
            })
        mode = params.get("mode") or "accept"
        params["mode"] = mode
        return {
            "subtitle": self._md_task_accept_subtitle(acceptance),
            "prompt": self.env._("Scan each unit or box accepted.") if mode == "accept"
            else self.env._("Scan each unit or box rejected, with the reason."),
            "lines": lines,
            "modes": [{"key": "accept", "label": self.env._("Accept")},
                      {"key": "reject", "label": self.env._("Reject")}],
            "mode": mode,
            "note": {"label": self.env._("Reason (rejection, failed check)")},
            "summary": self.env._("%(accepted)s accepted, %(rejected)s rejected of %(received)s received",
                                  accepted=float_repr_short(acceptance.qty_accepted),
                                  rejected=float_repr_short(acceptance.qty_rejected),
                                  received=float_repr_short(acceptance.qty_received)),
            "actions": [
                {"key": "checks_pass", "label": self.env._("Packaging, label, delivery note pass"),
                 "style": "secondary", "sign": False},
                {"key": "packaging_fail", "label": self.env._("Packaging fails"), "style": "outline-danger",
                 "sign": False},
                {"key": "label_fail", "label": self.env._("Label fails"), "style": "outline-danger", "sign": False},
                {"key": "note_missing", "label": self.env._("No delivery note"), "style": "outline-danger",
                 "sign": False},
                {"key": "sign", "label": self.env._("Sign Acceptance"), "style": "primary", "sign": True},
            ],
        }

    @api.model
    def _md_task_accept_scan(self, acceptance, code, params):
        mode = params.get("mode") or "accept"
        line = acceptance.action_scan_udi(code, outcome=mode, reason=params.get("note"))
        message = (self.env._("%(product)s %(lot)s: %(qty)s accepted.", product=line.product_id.display_name,
                              lot=line.lot_id.name, qty=float_repr_short(line.qty_accepted)) if mode == "accept"
                   else self.env._("%(product)s %(lot)s: %(qty)s rejected.", product=line.product_id.display_name,
                                   lot=line.lot_id.name, qty=float_repr_short(line.qty_rejected)))
        return {"message": message, "product": line.product_id, "lot": line.lot_id,
                "location": line.location_id}

    @api.model
    def _md_task_accept_action(self, acceptance, action, params):
        if action in CHECK_ACTIONS:
            return acceptance.action_record_checks(reason=params.get("note"), **CHECK_ACTIONS[action])
        if action == "sign":
            return acceptance.action_sign_acceptance()
        raise UserError(self.env._("This screen has no button %s.", action))
