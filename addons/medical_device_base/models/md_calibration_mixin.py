from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

# A calibration falling due within this many days raises an activity.
CALIBRATION_NOTICE_DAYS = 30
# Computed by the mechanism, written by nobody else.
COMPUTED_FIELDS = ("md_last_calibration_date", "md_calibration_due_date", "md_calibration_failed",
                   "md_calibration_overdue_notified")


class MdCalibrationMixin(models.AbstractModel):
    """An instrument subject to calibration or verification (计量).

    Its last good calibration, due date and state come from its signed ``md.calibration`` records. The
    instrument model reacts through hooks, each called once per event: ``_md_calibration_failed`` when a
    signed calibration is out of tolerance, ``_md_calibration_overdue`` when the daily cron finds it
    overdue; ``_md_calibration_impact`` lists what it measured since its last good calibration.
    The instrument model is a ``mail.thread`` with ``mail.activity.mixin`` (listed before this mixin) and has
    ``company_id``; ``_md_calibration_user`` names who gets the activities.
    """

    _name = "md.calibration.mixin"
    _description = "Instrument Subject to Calibration"

    md_calibration_required = fields.Boolean(string="Subject to Calibration", tracking=True)
    md_calibration_interval_days = fields.Integer(string="Calibration Interval (days)", default=365,
                                                  tracking=True)
    md_calibration_lab_id = fields.Many2one("res.partner", string="Calibration Laboratory", tracking=True)
    md_calibration_start_date = fields.Date(
        string="Calibrated Before (no record)", tracking=True,
        help="The last calibration done before its certificates were recorded here; a signed calibration "
             "record supersedes it.")
    md_calibration_initial_due_date = fields.Date(
        string="Initial Due Date", tracking=True,
        help="When the first calibration falls due, for an instrument without a calibration record yet.")
    md_last_calibration_date = fields.Date(
        string="Last Calibration", compute="_compute_md_calibration", store=True, readonly=True,
        help="The date of the last signed calibration within tolerance.")
    md_calibration_due_date = fields.Date(string="Calibration Due", compute="_compute_md_calibration",
                                          store=True, readonly=True, index=True)
    md_calibration_failed = fields.Boolean(
        string="Calibration Failed", compute="_compute_md_calibration", store=True, readonly=True,
        help="The last signed calibration is out of tolerance: out of service until calibrated again.")
    md_calibration_overdue_notified = fields.Date(string="Lapse Handled For", readonly=True, copy=False,
                                                  help="The due date whose lapse was already handled.")
    md_calibration_state = fields.Selection(
        [("ok", "Calibrated"), ("due_soon", "Due Soon"), ("overdue", "Overdue"), ("failed", "Failed")],
        string="Calibration Status", compute="_compute_md_calibration_state",
        search="_search_md_calibration_state")
    md_calibration_ids = fields.Many2many("md.calibration", compute="_compute_md_calibration_ids",
                                          string="Calibrations")
    md_calibration_count = fields.Integer(compute="_compute_md_calibration_ids", string="Calibration Count")

    def _valid_field_parameter(self, field, name):
        # The instruments are mail threads, which track these fields.
        return name == "tracking" or super()._valid_field_parameter(field, name)

    @api.model
    def _md_instrument_models(self):
        return sorted(name for name in self._inherit_children
                      if name in self.env and not self.env[name]._abstract and not self.env[name]._transient)

    def _md_calibration_records(self):
        """Signed calibrations still in force of these instruments, newest first."""
        ids = [rid for rid in self._origin.ids if isinstance(rid, int)]
        if not ids:
            return self.env["md.calibration"]
        return self.env["md.calibration"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "in", ids),
            ("md_signed", "=", True), ("md_corrected", "=", False)], order="date desc, id desc")

    @api.depends("md_calibration_start_date", "md_calibration_initial_due_date", "md_calibration_interval_days")
    def _compute_md_calibration(self):
        # The calibrations are not a relation the ORM can follow: signing and correcting call
        # _md_calibration_refresh, which asks for this compute again.
        by_instrument = {}
        for calibration in self._md_calibration_records():
            by_instrument.setdefault(calibration.res_id, []).append(calibration)
        for instrument in self:
            records = by_instrument.get(instrument._origin.id, [])
            good = next((cal for cal in records if cal.result == "pass"), None)
            instrument.md_calibration_failed = bool(records) and records[0].result == "fail"
            if good:
                instrument.md_last_calibration_date = good.date
                instrument.md_calibration_due_date = good.next_due_date or (
                    good.date + timedelta(days=instrument.md_calibration_interval_days))
            else:
                start = instrument.md_calibration_start_date
                instrument.md_last_calibration_date = start
                instrument.md_calibration_due_date = instrument.md_calibration_initial_due_date or (
                    start + timedelta(days=instrument.md_calibration_interval_days)
                    if start and instrument.md_calibration_interval_days else False)

    def _md_calibration_refresh(self):
        for name in ("md_last_calibration_date", "md_calibration_due_date", "md_calibration_failed"):
            self.env.add_to_compute(self._fields[name], self)
        self.flush_recordset()

    @api.depends("md_calibration_required", "md_calibration_failed", "md_calibration_due_date")
    @api.depends_context("tz")
    def _compute_md_calibration_state(self):
        today = fields.Date.context_today(self)
        for instrument in self:
            instrument.md_calibration_state = instrument._md_calibration_state_on(today)

    def _md_calibration_state_on(self, today):
        self.ensure_one()
        due = self.md_calibration_due_date
        if not self.md_calibration_required:
            return False
        if self.md_calibration_failed:
            return "failed"
        if due and due < today:
            return "overdue"
        if due and due <= today + timedelta(days=CALIBRATION_NOTICE_DAYS):
            return "due_soon"
        return "ok"

    def _search_md_calibration_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the calibration status."))
        values = {value} if operator in ("=", "!=") else set(value)
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=CALIBRATION_NOTICE_DAYS)
        live = [("md_calibration_required", "=", True), ("md_calibration_failed", "=", False)]
        domains = {
            "failed": [("md_calibration_required", "=", True), ("md_calibration_failed", "=", True)],
            "overdue": live + [("md_calibration_due_date", "<", today)],
            "due_soon": live + [("md_calibration_due_date", ">=", today), ("md_calibration_due_date", "<=", soon)],
            "ok": live + ["|", ("md_calibration_due_date", "=", False), ("md_calibration_due_date", ">", soon)],
        }
        domains[False] = [("md_calibration_required", "=", False)]
        chosen = [domains[state] for state in values if state in domains]
        domain = expression.OR(chosen) if chosen else expression.FALSE_DOMAIN
        return ["!"] + domain if operator in ("!=", "not in") else domain

    def _compute_md_calibration_ids(self):
        Calibration = self.env["md.calibration"]
        ids = [rid for rid in self._origin.ids if isinstance(rid, int)]
        records = Calibration.search([("res_model", "=", self._name), ("res_id", "in", ids)]) if ids else Calibration
        for instrument in self:
            mine = records.filtered(lambda cal, rid=instrument._origin.id: cal.res_id == rid)
            instrument.md_calibration_ids = mine
            instrument.md_calibration_count = len(mine)

    # What the mechanism writes ----------------------------------------------------

    def write(self, vals):
        touched = set(COMPUTED_FIELDS) & set(vals)
        if touched and not self.env.su:
            labels = sorted(self._fields[name]._description_string(self.env) for name in touched)
            raise UserError(self.env._("%(fields)s follow the signed calibrations and cannot be set by hand.",
                                       fields=", ".join(labels)))
        return super().write(vals)

    # Buttons ------------------------------------------------------------------------

    def action_md_record_calibration(self):
        """A new calibration of this instrument, its points laid out as on the last certificate."""
        self.ensure_one()
        last = self.env["md.calibration"].search([("res_model", "=", self._name), ("res_id", "=", self.id)],
                                                 limit=1)
        points = [(0, 0, {"sequence": p.sequence, "name": p.name, "nominal": p.nominal,
                          "tolerance": p.tolerance, "unit": p.unit}) for p in last.point_ids]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Calibration"),
            "res_model": "md.calibration",
            "view_mode": "form",
            "target": "current",
            "context": {"default_res_model": self._name, "default_res_id": self.id,
                        "default_lab_id": self.md_calibration_lab_id.id, "default_point_ids": points},
        }

    def action_md_calibrations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Calibrations"),
            "res_model": "md.calibration",
            "view_mode": "list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    # Hooks -----------------------------------------------------------------------

    def _md_calibration_user(self):
        """Who gets this instrument's calibration activities; instrument models name their responsible."""
        self.ensure_one()
        return self.env.user

    def _md_calibration_failed(self, calibration):
        """A signed calibration of this instrument is out of tolerance: out of service, impact to assess."""
        self.ensure_one()
        lines = [self.env._("Out of service: %(calibration)s is out of tolerance.", calibration=calibration.name)]
        lines += (calibration.impact_summary or "").splitlines()
        self._message_log(body=Markup("<br/>").join(lines))
        self.activity_schedule(
            "medical_device_base.mail_activity_md_calibration",
            date_deadline=fields.Date.context_today(self), user_id=self._md_calibration_user().id,
            summary=self.env._("Calibration failed: repair or replace, assess the impact"),
            note=self.env._("%(instrument)s failed calibration %(calibration)s. Assess what it measured since "
                            "its last good calibration (see the calibration) and open a CAPA where needed.",
                            instrument=self.display_name, calibration=calibration.name))

    def _md_calibration_overdue(self):
        """The calibration of these instruments lapsed (called once per due date by the daily cron)."""
        for instrument in self:
            instrument._message_log(body=self.env._(
                "Out of service: the calibration was due on %(date)s.", date=instrument.md_calibration_due_date))

    def _md_calibration_impact(self, date_from, date_to):
        """What this instrument measured between ``date_from`` (its last good calibration, may be False) and
        ``date_to``: a list of recordsets. Instruments that record measurements override it."""
        self.ensure_one()
        return []

    # Reminders -----------------------------------------------------------------------

    @api.model
    def _md_calibration_cron(self):
        today = fields.Date.context_today(self)
        due = self.search([("md_calibration_required", "=", True), ("md_calibration_due_date", "!=", False),
                           ("md_calibration_due_date", "<=", today + timedelta(days=CALIBRATION_NOTICE_DAYS))])
        due._md_calibration_schedule()
        lapsed = due.filtered(lambda i: i.md_calibration_due_date < today
                              and i.md_calibration_overdue_notified != i.md_calibration_due_date)
        for instrument in lapsed:
            instrument._md_calibration_overdue()
            instrument.sudo().md_calibration_overdue_notified = instrument.md_calibration_due_date

    def _md_calibration_schedule(self):
        """One calibration activity per instrument, while none is open."""
        if not self:
            return
        activity_type = self.env.ref("medical_device_base.mail_activity_md_calibration")
        open_ids = set(self.env["mail.activity"].search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids),
            ("activity_type_id", "=", activity_type.id)]).mapped("res_id"))
        for instrument in self.filtered(lambda r: r.id not in open_ids):
            instrument.activity_schedule(
                "medical_device_base.mail_activity_md_calibration",
                date_deadline=instrument.md_calibration_due_date,
                user_id=instrument._md_calibration_user().id,
                note=self.env._("Calibration/verification of %(name)s is due on %(date)s.",
                                name=instrument.display_name, date=instrument.md_calibration_due_date))

    def _md_calibration_close_activities(self, feedback):
        activity_type = self.env.ref("medical_device_base.mail_activity_md_calibration")
        self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).action_feedback(
            feedback=feedback)
