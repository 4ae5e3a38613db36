from odoo import api, models
from odoo.exceptions import UserError

QA_GROUP = "medical_device_base.group_md_qa_manager"


class MdScanner(models.AbstractModel):
    """Cycle count: scan a location of the count, then each unit or box of its lots.

    The count itself (who may count, the recount by another person, the thresholds, applying the
    inventory) is the count's business (``md.count.md_count_unit`` and its buttons); this task reads
    the codes and shows the lines. Counts are blind: the screen shows what was scanned, not what the
    records expect, so that the counter counts the shelf rather than confirming a number.
    """

    _inherit = "md.scanner"

    @api.model
    def _md_tasks(self):
        tasks = super()._md_tasks()
        tasks["count"] = {"name": self.env._("Cycle Count"), "model": "md.count", "icon": "fa-calculator",
                          "sequence": 60, "groups": "stock.group_stock_user"}
        return tasks

    @api.model
    def _md_task_count_domain(self):
        return [("state", "in", ("draft", "counting", "recount", "to_approve"))]

    @api.model
    def _md_task_count_subtitle(self, count):
        states = dict(count._fields["state"]._description_selection(self.env))
        return " · ".join(filter(None, [states.get(count.state), ", ".join(
            count._md_scope_locations().mapped("display_name"))]))

    @api.model
    def _md_count_location(self, count, params):
        location = self.env["stock.location"].browse(int(params.get("location_id") or 0)).exists()
        return location if location and count._md_in_scope(location) else self.env["stock.location"]

    @api.model
    def _md_task_count_screen(self, count, params):
        location = self._md_count_location(count, params)
        recount = count.state == "recount"
        lines = count.line_ids
        if recount:
            lines = lines.filtered("recount_required")
        if location:
            lines = lines.filtered(lambda line: line.location_id == location)
        screen_lines = []
        for line in lines:
            qty = line.recounted if recount else line.counted
            screen_lines.append({
                "id": line.id, "title": line.product_id.display_name,
                "subtitle": " · ".join(filter(None, [line.lot_id.name, line.location_id.display_name])),
                "qty": qty, "expected": None, "uom": line.uom_id.name,
                "state": self._md_line_state(qty, None),
            })
        actions = []
        if count.state == "draft":
            prompt = self.env._("Start the count, then scan a location.")
            actions.append({"key": "start", "label": self.env._("Start Counting"), "style": "primary",
                            "sign": False})
        elif count.state in ("counting", "recount"):
            if location:
                prompt = self.env._("Scan each unit or box in %s, or another location.", location.display_name)
            else:
                prompt = self.env._("Scan a location of the count.")
            if recount:
                actions.append({"key": "finish_recount", "label": self.env._("Finish Recount"),
                                "style": "primary", "sign": False})
            else:
                actions.append({"key": "finish", "label": self.env._("Finish Counting"), "style": "primary",
                                "sign": False})
        else:
            prompt = self.env._("The recount confirmed variances: QA explains them and signs the approval.")
            if self.env.user.has_group(QA_GROUP):
                actions.append({"key": "sign", "label": self.env._("Approve"), "style": "primary",
                                "sign": True})
        return {
            "subtitle": self._md_task_count_subtitle(count),
            "prompt": prompt,
            "lines": screen_lines,
            "actions": actions,
            "summary": location.display_name if location else "",
        }

    @api.model
    def _md_task_count_scan(self, count, code, params):
        location = self.env["stock.location"].search(
            [("barcode", "=", code), ("company_id", "in", [count.company_id.id, False])], limit=1)
        if location:
            if not count._md_in_scope(location):
                raise UserError(self.env._("%(location)s is not in the scope of %(count)s.",
                                           location=location.display_name, count=count.name))
            return {"message": self.env._("%s: scan its units.", location.display_name),
                    "params": {"location_id": location.id}, "location": location}
        location = self._md_count_location(count, params)
        if not location:
            raise UserError(self.env._("Scan the barcode of a location of the count first."))
        MoveLine = self.env["stock.move.line"]
        found = MoveLine._md_udi_read(code)
        product, parsed, lot_name, lot = found["product"], found["parsed"], found["lot_name"], found["lot"]
        if lot_name and not lot:
            raise UserError(self.env._(
                "Lot %(lot)s of %(product)s is not in the records: set the units aside and tell QA.",
                lot=lot_name, product=product.display_name))
        if lot:
            MoveLine._md_udi_check_lot(lot, product, parsed)
        line = count.md_count_unit(location, product, lot, found["units"])
        qty = line.recounted if count.state == "recount" else line.counted
        return {"message": self.env._("%(product)s %(lot)s: %(qty)s counted in %(location)s.",
                                      product=product.display_name, lot=lot.name or "", qty=qty,
                                      location=location.display_name),
                "product": product, "lot": lot, "location": location}

    @api.model
    def _md_task_count_action(self, count, action, params):
        if action == "start":
            return count.action_start()
        if action == "finish":
            return count.action_finish_count()
        if action == "finish_recount":
            return count.action_finish_recount()
        if action == "sign":
            return count.action_sign_approval()
        return True
