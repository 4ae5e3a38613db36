from odoo import api, models

from odoo.addons.medical_device_gsp.models.md_acceptance import float_repr_short


class MdScanner(models.AbstractModel):
    """Recall retrieval: each scan counts a lot in hand against the recall notice's open retrieval transfers;
    receiving validates them once the count agrees."""

    _inherit = "md.scanner"

    @api.model
    def _md_tasks(self):
        tasks = super()._md_tasks()
        tasks["recall"] = {"name": self.env._("Recall Retrieval"), "model": "md.recall.notice",
                           "icon": "fa-exclamation-triangle", "sequence": 80,
                           "groups": "medical_device_base.group_md_receiver"}
        return tasks

    @api.model
    def md_find(self, task, code):
        # A notice has no reference of its own: the paper that comes with the goods is the retrieval transfer.
        if task != "recall":
            return super().md_find(task, code)
        self._md_task(task)
        notice = self.env["md.recall.notice"].search(
            self._md_task_recall_domain() + [("picking_ids.name", "=", (code or "").strip())], limit=1)
        return notice.id or False

    @api.model
    def _md_task_recall_domain(self):
        return [("recall_id.state", "=", "ongoing"), ("state", "in", ("sent", "acknowledged")),
                ("picking_ids.state", "in", ("draft", "waiting", "confirmed", "assigned"))]

    @api.model
    def _md_task_recall_subtitle(self, notice):
        return " · ".join(filter(None, [notice.recall_id.title, *notice._md_open_retrievals().mapped("name")]))

    @api.model
    def _md_task_recall_screen(self, notice, params):
        expected = notice._md_expected_back()
        lines = [{
            "id": line.id, "title": line.product_id.display_name, "subtitle": line.lot_id.name,
            "qty": line.qty_counted, "expected": expected.get(line.lot_id, 0.0), "uom": line.uom_id.name,
            "state": self._md_line_state(line.qty_counted, expected.get(line.lot_id, 0.0)),
        } for line in notice.line_ids if line.qty_counted or expected.get(line.lot_id)]
        return {
            "subtitle": self._md_task_recall_subtitle(notice),
            "prompt": self.env._("Scan each recalled unit or box that came back."),
            "lines": lines,
            "actions": [{"key": "receive", "label": self.env._("Receive"), "style": "primary", "sign": False}],
        }

    @api.model
    def _md_task_recall_scan(self, notice, code, params):
        line = notice.md_scan_udi(code)
        expected = notice._md_expected_back().get(line.lot_id, 0.0)
        return {"message": self.env._("%(product)s %(lot)s: %(counted)s of %(expected)s retrieved.",
                                      product=line.product_id.display_name, lot=line.lot_id.name,
                                      counted=float_repr_short(line.qty_counted), expected=float_repr_short(expected)),
                "product": line.product_id, "lot": line.lot_id}

    @api.model
    def _md_task_recall_action(self, notice, action, params):
        if action == "receive":
            return notice.action_md_receive_counted()
        return True
