import logging

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.web.controllers.utils import clean_action

_logger = logging.getLogger(__name__)

LABEL_REPORTS = {
    "stock.location": "medical_device_scanner.action_report_md_location_label",
    "stock.lot": "medical_device_scanner.action_report_md_lot_label",
    "stock.move.line": "medical_device_scanner.action_report_md_move_line_label",
}

# What a refused scan may raise: the message goes to the screen, the scan's changes are rolled back.
REFUSALS = (UserError, ValidationError, AccessError)


class MdScanner(models.AbstractModel):
    """The server side of the GSP Scanner app: a registry of tasks and one way to run a scan.

    A task is a key of :meth:`_md_tasks`; its behaviour lives in methods named after it, which an add-on
    or a bridge adds with ``_inherit = "md.scanner"``:

    - ``_md_task_<key>_domain()``: the open documents of the task (a domain on the task's model);
    - ``_md_task_<key>_screen(record, params)``: what the screen shows (see :meth:`_md_screen_values`);
    - ``_md_task_<key>_scan(record, code, params)``: run one scan; it calls the same model methods the
      forms use and raises ``UserError``/``ValidationError`` to refuse. It returns a dict with any of
      ``message``, ``params`` (the screen's new parameters, e.g. the location scanned), ``product``,
      ``lot``, ``location`` (records, for the scan record);
    - ``_md_task_<key>_action(record, action, params)``: a button of the screen (``actions`` of the
      screen); it returns ``True`` or an action for the web client (the signature prompt, a label).

    The public methods below are what the app calls over RPC. They run as the user, so the user's
    access rights and record rules apply to every read and write; only the scan record is written as
    superuser, and only here.
    """

    _name = "md.scanner"
    _description = "GSP Scanner"

    # Registry ------------------------------------------------------------------

    @api.model
    def _md_tasks(self):
        """{key: {"name", "model", "icon", "sequence", "groups"}} of every task; add-ons add theirs."""
        return {
            "receive": {"name": self.env._("Receive"), "model": "stock.picking", "icon": "fa-truck",
                        "sequence": 10, "groups": "medical_device_base.group_md_receiver"},
        }

    @api.model
    def _md_task(self, task):
        spec = self._md_tasks().get(task)
        if not spec:
            raise UserError(self.env._("The scanner has no task %s.", task))
        if spec.get("groups") and not self.env.user.has_groups(spec["groups"]):
            raise AccessError(self.env._("You may not do this task: %s.", spec["name"]))
        return spec

    @api.model
    def _md_record(self, task, res_id):
        spec = self._md_task(task)
        record = self.env[spec["model"]].browse(int(res_id)).exists()
        if not record or not record.filtered_domain(self._md_call(task, "domain")):
            raise UserError(self.env._("This document is not open for the task %s.", spec["name"]))
        return record

    @api.model
    def _md_call(self, task, hook, *args):
        name = f"_md_task_{task}_{hook}"
        if not hasattr(self, name):
            raise UserError(self.env._("The scanner's task %(task)s cannot %(hook)s.", task=task, hook=hook))
        return getattr(self, name)(*args)

    # Public API (RPC) ----------------------------------------------------------

    @api.model
    def md_tasks(self):
        """The tasks this user may do, with the number of open documents of each."""
        result = []
        for key, spec in sorted(self._md_tasks().items(), key=lambda item: item[1]["sequence"]):
            if spec.get("groups") and not self.env.user.has_groups(spec["groups"]):
                continue
            Model = self.env[spec["model"]]
            if not Model.has_access("read"):
                continue
            result.append({"key": key, "name": spec["name"], "icon": spec["icon"],
                           "count": Model.search_count(self._md_call(key, "domain"))})
        return result

    @api.model
    def md_records(self, task, search=None, limit=40):
        """Open documents of ``task`` to pick from: [{"id", "name", "subtitle"}]."""
        spec = self._md_task(task)
        domain = list(self._md_call(task, "domain"))
        if search:
            domain.append(("display_name", "ilike", search))
        records = self.env[spec["model"]].search(domain, limit=limit)
        return [{"id": record.id, "name": record.display_name, "subtitle": self._md_subtitle(task, record)}
                for record in records]

    @api.model
    def _md_subtitle(self, task, record):
        hook = getattr(self, f"_md_task_{task}_subtitle", None)
        return hook(record) if hook else ""

    @api.model
    def md_find(self, task, code):
        """The open document of ``task`` whose name is ``code`` (a scanned document barcode), or False."""
        spec = self._md_task(task)
        code = (code or "").strip()
        record = self.env[spec["model"]].search(
            self._md_call(task, "domain") + [(self.env[spec["model"]]._rec_name or "name", "=", code)], limit=1)
        return record.id or False

    @api.model
    def md_screen(self, task, res_id, params=None):
        record = self._md_record(task, res_id)
        return self._md_screen_values(task, record, dict(params or {}))

    @api.model
    def md_scan(self, task, res_id, code, params=None):
        """Run one scan; every outcome is recorded. Returns:

        ``{"ok": bool, "message": str, "problems": [str], "params": dict, "screen": dict, "log_id": int}``
        """
        params = dict(params or {})
        record = self._md_record(task, res_id)
        code = (code or "").strip()
        if not code:
            raise UserError(self.env._("Nothing was scanned."))
        try:
            with self.env.cr.savepoint():
                outcome = self._md_call(task, "scan", record, code, params) or {}
                self.env.flush_all()
        except REFUSALS as error:
            self.env.invalidate_all()
            message = error.args[0] if error.args else str(error)
            lines = [line.strip("• ").strip() for line in message.splitlines() if line.strip()]
            log = self._md_log(task, record, code, "refused", message)
            return {"ok": False, "message": lines[0] if lines else message, "problems": lines[1:],
                    "params": params, "screen": self._md_screen_values(task, record, params), "log_id": log.id}
        params.update(outcome.get("params") or {})
        message = outcome.get("message") or self.env._("Scanned.")
        log = self._md_log(task, record, code, "accepted", message, outcome)
        return {"ok": True, "message": message, "problems": [], "params": params,
                "screen": self._md_screen_values(task, record, params), "log_id": log.id}

    @api.model
    def md_action(self, task, res_id, action, params=None):
        """A button of the screen: ``{"ok", "message", "action", "screen"}``."""
        params = dict(params or {})
        record = self._md_record(task, res_id)
        if action not in {a["key"] for a in self._md_screen_values(task, record, params).get("actions", [])}:
            raise UserError(self.env._("This screen has no button %s.", action))
        result = self._md_call(task, "action", record, action, params)
        record.invalidate_recordset()
        screen = self._md_screen_values(task, record, params) if record.filtered_domain(
            self._md_call(task, "domain")) else False
        # An action made by a model method (the signature prompt) gets its views as a button's would.
        action = clean_action(result, self.env) if isinstance(result, dict) else False
        return {"ok": True, "action": action, "screen": screen}

    # Helpers -------------------------------------------------------------------

    @api.model
    def _md_screen_values(self, task, record, params):
        """The task's screen: ``{"title", "subtitle", "prompt", "lines", "actions", "modes", "mode",
        "params", "summary"}``. A line is ``{"id", "title", "subtitle", "qty", "expected", "uom", "state"}``
        with ``state`` one of ``todo``, ``partial``, ``done``, ``error``; an action is
        ``{"key", "label", "style", "sign"}``; a mode ``{"key", "label"}``.
        """
        values = {"title": record.display_name, "subtitle": "", "prompt": "", "lines": [], "actions": [],
                  "modes": [], "mode": params.get("mode"), "summary": ""}
        values.update(self._md_call(task, "screen", record, params))
        values["params"] = params
        return values

    @api.model
    def _md_log(self, task, record, code, outcome, message, found=None):
        found = found or {}
        return self.env["md.scan.log"].sudo().create({
            "user_id": self.env.uid,
            "company_id": (record.company_id if "company_id" in record._fields and record.company_id
                           else self.env.company).id,
            "task": task,
            "res_model": record._name,
            "res_id": record.id,
            "reference": record.display_name,
            "code": code,
            "outcome": outcome,
            "message": message,
            "product_id": found.get("product") and found["product"].id,
            "lot_id": found.get("lot") and found["lot"].id,
            "location_id": found.get("location") and found["location"].id,
        })

    @api.model
    def _md_line_state(self, qty, expected):
        if expected is None or expected is False:
            return "done" if qty else "todo"
        if qty > expected:
            return "error"
        if qty and qty == expected:
            return "done"
        return "partial" if qty else "todo"

    # Labels --------------------------------------------------------------------

    @api.model
    def _md_label_action(self, records):
        """The report action printing the labels of ``records`` (locations, lots or scanned move lines).

        The screens return it from their ``_md_task_<key>_action`` and the client runs it. The user's
        read access is checked here and again when the PDF is made; a label that cannot be printed is
        refused here, where the screen shows why.
        """
        if not records:
            raise UserError(self.env._("There is nothing to print labels of."))
        report = LABEL_REPORTS.get(records._name)
        if not report:
            raise UserError(self.env._("There are no labels of %s.", records._description))
        records.check_access("read")
        self.env["md.label"]._md_labels(records)
        return self.env.ref(report).report_action(records, config=False)
