from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .md_compliance import problems_error

KEEPER_GROUP = "medical_device_base.group_md_storage_keeper"


class MdCalibration(models.Model):
    """计量: one calibration or verification of an instrument, with its measured points and certificate.

    The person who records it signs it; signed, it is frozen and a mistake is fixed by a correction.
    The instrument is any record of a model inheriting ``md.calibration.mixin``.
    """

    _name = "md.calibration"
    _description = "Calibration/Verification"
    _inherit = ["mail.thread", "md.signable.mixin", "md.workflow.mixin"]
    _order = "date desc, id desc"

    # Written at signing, from the instrument's own hook.
    _md_workflow_fields = ("impact_summary",)
    _md_signed_fields = ["res_model", "res_id", "date", "kind", "lab_id", "certificate_number", "certificate_file",
                         "point_ids", "result", "next_due_date", "notes"]
    _md_signature_groups = {"verified": KEEPER_GROUP}
    _md_required_signatures = []

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.calibration") or "/")
    res_model = fields.Char(string="Instrument Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(string="Instrument ID", model_field="res_model", required=True,
                                      readonly=True, index=True)
    instrument_ref = fields.Reference(string="Instrument Record", selection="_selection_instrument",
                                      compute="_compute_instrument_ref")
    instrument_name = fields.Char(string="Instrument", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 default=lambda self: self.env.company)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    kind = fields.Selection([("calibration", "Calibration"), ("verification", "Verification")],
                            required=True, default="calibration", tracking=True,
                            help="Verification (检定) is the legal check of a measuring instrument against its "
                                 "regulation; calibration (校准) reports the deviations found.")
    lab_id = fields.Many2one("res.partner", string="Laboratory", tracking=True,
                             help="The external metrology institute or laboratory that issued the certificate.")
    certificate_number = fields.Char(tracking=True)
    certificate_file = fields.Binary(string="Certificate", attachment=True)
    certificate_filename = fields.Char()
    point_ids = fields.One2many("md.calibration.point", "calibration_id", string="Measured Points", copy=True)
    result = fields.Selection([("pass", "Within Tolerance"), ("fail", "Out of Tolerance")],
                              compute="_compute_result", store=True, tracking=True,
                              help="Out of tolerance as soon as one measured point deviates beyond its tolerance.")
    next_due_date = fields.Date(string="Next Due", compute="_compute_next_due_date", store=True, readonly=False,
                                help="The date plus the instrument's interval; the certificate may state another.")
    notes = fields.Text()
    impact_summary = fields.Text(string="Impact", readonly=True, copy=False,
                                 help="What the instrument measured since its last good calibration, listed when "
                                      "this calibration was signed out of tolerance.")

    @api.model
    def _selection_instrument(self):
        return [(name, self.env[name]._description) for name in self.env["md.calibration.mixin"]._md_instrument_models()]

    @api.depends("res_model", "res_id")
    def _compute_instrument_ref(self):
        models_ = set(self.env["md.calibration.mixin"]._md_instrument_models())
        for calibration in self:
            calibration.instrument_ref = (f"{calibration.res_model},{calibration.res_id}"
                                          if calibration.res_model in models_ and calibration.res_id else False)

    @api.depends("point_ids.within_tolerance")
    def _compute_result(self):
        for calibration in self:
            points = calibration.point_ids
            calibration.result = (points and ("pass" if all(points.mapped("within_tolerance")) else "fail")) or False

    @api.depends("date", "res_model", "res_id")
    def _compute_next_due_date(self):
        for calibration in self:
            instrument = calibration._md_instrument()
            interval = instrument.md_calibration_interval_days if instrument else 0
            # Signed content stays as signed, whatever the instrument's interval has become.
            if calibration.md_signed or not (calibration.date and interval):
                calibration.next_due_date = calibration.next_due_date
            else:
                calibration.next_due_date = calibration.date + timedelta(days=interval)

    def _md_instrument(self):
        self.ensure_one()
        if self.res_model not in self.env["md.calibration.mixin"]._md_instrument_models() or not self.res_id:
            return None
        return self.env[self.res_model].browse(self.res_id).exists() or None

    def _md_field_value(self, name):
        if name == "point_ids":
            # What was measured, read from the points themselves: changing a point changes the signed content.
            return self.point_ids._md_summary()
        return super()._md_field_value(name)

    # Creation and changes ----------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        instrument_models = self.env["md.calibration.mixin"]._md_instrument_models()
        defaults = self.default_get(["res_model", "res_id"])
        for vals in vals_list:
            for name, value in defaults.items():
                vals.setdefault(name, value)
            if vals.get("res_model") not in instrument_models or not vals.get("res_id"):
                raise UserError(self.env._("A calibration belongs to an instrument that is subject to calibration."))
            instrument = self.env[vals["res_model"]].browse(vals["res_id"]).exists()
            if not instrument:
                raise UserError(self.env._("The instrument of this calibration no longer exists."))
            instrument.check_access("read")
            # Who the instrument belongs to decides, not the caller.
            vals["company_id"] = instrument.company_id.id or self.env.company.id
            vals["instrument_name"] = instrument.display_name
            vals.setdefault("lab_id", instrument.md_calibration_lab_id.id)
        return super().create(vals_list)

    def write(self, vals):
        fixed = [name for name in ("res_model", "res_id", "company_id", "instrument_name") if name in vals]
        if fixed and not self.env.su:
            current = {calibration.id: {"res_model": calibration.res_model, "res_id": calibration.res_id,
                                        "company_id": calibration.company_id.id,
                                        "instrument_name": calibration.instrument_name} for calibration in self}
            if any(values[name] != (vals[name] or False) for values in current.values() for name in fixed):
                raise UserError(self.env._("A calibration stays with the instrument it was recorded for."))
        return super().write(vals)

    def _md_create_correction(self, reason):
        correction = super()._md_create_correction(reason)
        instrument = self._md_instrument()
        if instrument:
            instrument._md_calibration_refresh()
        return correction

    # Signing ---------------------------------------------------------------------

    def action_md_sign(self):
        self.ensure_one()
        self._md_check_before_signing("verified")
        return self.action_sign("verified")

    def _md_check_before_signing(self, meaning):
        self.ensure_one()
        if self.md_signed:
            raise UserError(self.env._("%s is already signed.", self.name))
        problems = []
        if not self._md_instrument():
            problems.append(self.env._("the instrument no longer exists"))
        if not self.point_ids:
            problems.append(self.env._("no measured point: record at least one point of the certificate"))
        if not self.lab_id:
            problems.append(self.env._("the laboratory is missing"))
        if not (self.certificate_number or "").strip():
            problems.append(self.env._("the certificate number is missing"))
        if self.date and self.date > fields.Date.context_today(self):
            problems.append(self.env._("the date %(date)s lies in the future", date=self.date))
        for point in self.point_ids.filtered(lambda p: p.tolerance < 0):
            problems.append(self.env._("%(point)s: the tolerance cannot be negative", point=point.name))
        if problems:
            raise problems_error(self.env._("%(calibration)s cannot be signed:", calibration=self.name), problems)

    def _md_sign(self, meaning, comment=None):
        instrument = self._md_instrument()
        # What counted as the last good calibration before this one bounds the impact of a failure.
        since = instrument.md_last_calibration_date if instrument else False
        signature = super()._md_sign(meaning, comment)
        if instrument:
            instrument = instrument.sudo()
            instrument._md_calibration_refresh()
            if self.result == "fail":
                impact = instrument._md_calibration_impact(since, fields.Datetime.now())
                self._md_workflow_env().write({"impact_summary": self._md_impact_text(since, impact)})
                instrument._md_calibration_failed(self)
            else:
                instrument._md_calibration_close_activities(
                    self.env._("%(calibration)s within tolerance.", calibration=self.name))
        return signature

    def _md_impact_text(self, since, impact):
        lines = [self.env._("Since the last good calibration (%(date)s):",
                            date=since or self.env._("none recorded"))]
        for records in impact:
            if records:
                names = ", ".join(records[:10].mapped("display_name"))
                more = "…" if len(records) > 10 else ""
                lines.append(self.env._("%(count)s %(what)s: %(names)s%(more)s", count=len(records),
                                        what=records._description, names=names, more=more))
        if len(lines) == 1:
            lines.append(self.env._("nothing measured."))
        return "\n".join(lines)

    def action_md_open_instrument(self):
        self.ensure_one()
        instrument = self._md_instrument()
        if not instrument:
            raise UserError(self.env._("The instrument of this calibration no longer exists."))
        return {"type": "ir.actions.act_window", "res_model": instrument._name, "res_id": instrument.id,
                "view_mode": "form", "target": "current"}

    # Reminders -------------------------------------------------------------------

    @api.model
    def _cron_md_calibration_due(self):
        """Daily: reminders of calibrations falling due, and the overdue ones taken out of service."""
        for name in self.env["md.calibration.mixin"]._md_instrument_models():
            self.env[name]._md_calibration_cron()
