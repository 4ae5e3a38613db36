from odoo import api, models
from odoo.exceptions import UserError

# Screen modes: what a scan says of the lot in hand (None: every point not checked yet passes).
FAILED_POINTS = ("appearance", "packaging", "label")


# One file per task, each adding its methods to the scanner: the registry's design, not an oversight.
class MdScanner(models.AbstractModel):
    """Maintenance (养护): the storage keeper scans the lots in hand against the check, then completes it."""

    _inherit = "md.scanner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _md_tasks(self):
        tasks = super()._md_tasks()
        tasks["maintenance"] = {"name": self.env._("Maintenance Check"), "model": "md.maintenance.check",
                                "icon": "fa-medkit", "sequence": 60,
                                "groups": "medical_device_base.group_md_storage_keeper"}
        return tasks

    @api.model
    def _md_task_maintenance_domain(self):
        return [("state", "=", "draft")]

    @api.model
    def _md_task_maintenance_subtitle(self, check):
        return " · ".join(filter(None, [check.plan_id.display_name, str(check.date)]))

    @api.model
    def _md_task_maintenance_screen(self, check, params):
        labels = self.env["md.maintenance.check.line"]._md_result_labels()
        lines = []
        for line in check.line_ids:
            failed = [label for field, label in labels.items() if line[field] == "fail"]
            checked = all(line[field] for field in labels)
            lines.append({
                "id": line.id, "title": f"{line.product_id.display_name} {line.lot_id.name}",
                "subtitle": " · ".join([line.location_id.display_name] + failed),
                "qty": line.quantity, "expected": None, "uom": line.product_uom_id.name,
                "state": "error" if line.result == "fail" else ("done" if checked else "todo"),
            })
        mode = params.get("mode") or "pass"
        params["mode"] = mode
        return {
            "subtitle": self._md_task_maintenance_subtitle(check),
            "prompt": self.env._("Scan each lot in hand.") if mode == "pass"
            else self.env._("%s fails: describe the finding, then scan the lot.", labels[mode]),
            "lines": lines,
            "modes": [{"key": "pass", "label": self.env._("Pass")}]
            + [{"key": point, "label": labels[point]} for point in FAILED_POINTS],
            "mode": mode,
            "note": {"label": self.env._("Finding")},
            "summary": self.env._("%(todo)s of %(count)s lines to check, %(failed)s failed.",
                                  todo=check.todo_count, count=check.line_count, failed=check.fail_count),
            "actions": [{"key": "done", "label": self.env._("Done"), "style": "primary", "sign": False}],
        }

    @api.model
    def _md_task_maintenance_scan(self, check, code, params):
        mode = params.get("mode") or "pass"
        failed = mode if mode in FAILED_POINTS else None
        line = check.action_scan_udi(code, failed=failed, finding=params.get("note"))
        message = self.env._("%(product)s %(lot)s @ %(location)s: checked.", product=line.product_id.display_name,
                             lot=line.lot_id.name, location=line.location_id.display_name)
        # A finding describes one lot: the next lot needs its own.
        return {"message": message, "product": line.product_id, "lot": line.lot_id, "location": line.location_id,
                "params": {"note": ""} if failed else {}}

    @api.model
    def _md_task_maintenance_action(self, check, action, params):
        if action == "done":
            return check.action_done()
        raise UserError(self.env._("This screen has no button %s.", action))
