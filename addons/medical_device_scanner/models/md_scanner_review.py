from odoo import api, models
from odoo.exceptions import UserError


# One file per task, each adding its methods to the scanner: the registry's design, not an oversight.
class MdScanner(models.AbstractModel):
    """Review (出库复核): the storage keeper scans each device of a picked delivery and signs the review."""

    _inherit = "md.scanner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _md_tasks(self):
        tasks = super()._md_tasks()
        tasks["review"] = {"name": self.env._("Outbound Review"), "model": "md.outbound.review",
                           "icon": "fa-search", "sequence": 40,
                           "groups": "medical_device_base.group_md_storage_keeper"}
        return tasks

    @api.model
    def _md_task_review_domain(self):
        return [("state", "=", "draft"), ("md_correction_reason", "=", False),
                ("picking_id.state", "not in", ("draft", "done", "cancel"))]

    @api.model
    def _md_task_review_subtitle(self, review):
        picking = review.picking_id
        return " · ".join(filter(None, [review.partner_id.display_name, picking.name, picking.origin]))

    @api.model
    def _md_task_review_screen(self, review, params):
        lines = []
        for line in review.line_ids:
            if line.qty_checked != line.quantity:
                state = "error"
            else:
                state = "done" if line.scanned else "todo"
            lines.append({
                "id": line.id, "title": f"{line.product_id.display_name} {line.lot_id.name or ''}".strip(),
                "subtitle": self.env._("Scanned") if line.scanned else self.env._("Not scanned yet"),
                "qty": line.qty_checked, "expected": line.quantity, "uom": line.uom_id.name, "state": state,
            })
        problems = review.problem_ids.filtered(lambda p: not p.resolved)
        return {
            "subtitle": self._md_task_review_subtitle(review),
            "prompt": self.env._("Scan the UDI of each device of the delivery."),
            "lines": lines,
            "summary": self.env._("%(scanned)s of %(count)s lines scanned; %(problems)s problem(s) open.",
                                  scanned=review.scanned_count, count=len(review.line_ids),
                                  problems=len(problems)),
            "actions": [{"key": "sign", "label": self.env._("Sign Review"), "style": "primary", "sign": True}],
        }

    @api.model
    def _md_task_review_scan(self, review, code, params):
        line = self.env["stock.move.line"].browse(review.action_scan_udi(code))
        return {"message": self.env._("%(product)s %(lot)s: confirmed.", product=line.product_id.display_name,
                                      lot=line.lot_id.name or ""),
                "product": line.product_id, "lot": line.lot_id, "location": line.location_id}

    @api.model
    def _md_task_review_action(self, review, action, params):
        if action == "sign":
            return review.action_sign_review()
        raise UserError(self.env._("This screen has no button %s.", action))
