from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.medical_device_base.models.md_compliance import problems_error


SERIOUSNESS = [("death", "Death"), ("serious_injury", "Serious Injury"), ("other", "Other")]
QA_GROUP = "medical_device_base.group_md_qa_manager"
REPORT_ACTIVITY = "medical_device_capa.mail_activity_md_adverse_event_report"
# SAMR Order No. 1, art. 25: days from awareness to the report.
DEATH_DAYS, SERIOUS_DAYS, OVERSEAS_DAYS = 7, 20, 30
DUE_SOON_DAYS = 2
# What the national report says; a correction is a follow-up report, not an edit.
REPORTED_FIELDS = {"seriousness", "overseas", "country_id", "event_date", "awareness_date", "description",
                   "product_id", "lot_ids", "report_number"}


class MdAdverseEvent(models.Model):
    """A suspected adverse event (不良事件, SAMR Order 1) and its reporting deadline."""

    _name = "md.adverse.event"
    _description = "Adverse Event"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.workflow.mixin", "md.capa.source.mixin"]
    _order = "report_deadline, id desc"

    _md_workflow_fields = ("state", "reported_on", "reported_by", "mah_notified_on", "mah_notified_by")

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.adverse.event"))
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    complaint_id = fields.Many2one("md.complaint", index=True, ondelete="restrict")
    product_id = fields.Many2one("product.product", string="Device", required=True, tracking=True, index=True)
    lot_ids = fields.Many2many("stock.lot", string="Lots/Serials")
    mah_partner_id = fields.Many2one("res.partner", string="Marketing Authorisation Holder", tracking=True,
                                     help="The registrant/filer to notify; from the device's certificate.")
    reporter_partner_id = fields.Many2one("res.partner", string="Where It Happened", tracking=True)
    event_date = fields.Date(tracking=True)
    awareness_date = fields.Date(string="Aware On", required=True, default=fields.Date.context_today,
                                 tracking=True, help="The day the company first learned of the event.")
    seriousness = fields.Selection(SERIOUSNESS, required=True, default="other", tracking=True)
    overseas = fields.Boolean(string="Occurred Overseas", tracking=True)
    country_id = fields.Many2one("res.country", tracking=True)
    patient_age = fields.Integer(aggregator="avg")
    patient_gender = fields.Selection([("female", "Female"), ("male", "Male"), ("unknown", "Unknown")])
    description = fields.Text(string="Event Description", required=True, tracking=True)
    outcome = fields.Text(string="Patient Outcome", tracking=True)
    report_deadline = fields.Date(string="Report By", compute="_compute_report_deadline", store=True,
                                  index=True)
    days_left = fields.Integer(compute="_compute_deadline_status", help="Days until the report is due.")
    deadline_status = fields.Selection([("on_time", "On Time"), ("due_soon", "Due Soon"), ("overdue", "Overdue"),
                                        ("reported", "Reported")], compute="_compute_deadline_status")
    state = fields.Selection([("draft", "To Report"), ("reported", "Reported"), ("closed", "Closed"),
                              ("cancel", "Cancelled")], string="Status", default="draft", required=True,
                             readonly=True, tracking=True, index=True)
    reported_on = fields.Date(readonly=True, copy=False, tracking=True)
    reported_by = fields.Many2one("res.users", readonly=True, copy=False)
    report_number = fields.Char(string="National Report No.", copy=False, tracking=True)
    mah_notified_on = fields.Datetime(string="MAH Notified On (UTC)", readonly=True, copy=False, tracking=True)
    mah_notified_by = fields.Many2one("res.users", string="MAH Notified By", readonly=True, copy=False)
    mah_reference = fields.Char(string="MAH Reference", copy=False, tracking=True)

    # Deadline --------------------------------------------------------------------

    # Not on the company's own days: changing that setting must not move the deadline of events already recorded.
    @api.depends("awareness_date", "seriousness", "overseas", "company_id")
    def _compute_report_deadline(self):
        for event in self:
            if not event.awareness_date:
                event.report_deadline = False
                continue
            if event.overseas:
                days = OVERSEAS_DAYS
            elif event.seriousness == "death":
                days = DEATH_DAYS
            elif event.seriousness == "serious_injury":
                days = SERIOUS_DAYS
            else:
                days = event.company_id.md_ae_other_report_days
            event.report_deadline = event.awareness_date + timedelta(days=days)

    @api.depends("state", "report_deadline")
    def _compute_deadline_status(self):
        today = fields.Date.context_today(self)
        for event in self:
            event.days_left = (event.report_deadline - today).days if event.report_deadline else 0
            if event.state in ("reported", "closed"):
                event.deadline_status = "reported"
            elif event.state == "cancel" or not event.report_deadline:
                event.deadline_status = False
            elif event.days_left < 0:
                event.deadline_status = "overdue"
            elif event.days_left <= DUE_SOON_DAYS:
                event.deadline_status = "due_soon"
            else:
                event.deadline_status = "on_time"

    def _md_seriousness_label(self):
        return dict(self._fields["seriousness"]._description_selection(self.env)).get(self.seriousness, "")

    # CRUD ------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "mah_partner_id" not in vals and vals.get("product_id"):
                vals["mah_partner_id"] = self.env["product.product"].browse(vals["product_id"]).md_registrant_id.id
        return super().create(vals_list)

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id.md_registrant_id:
            self.mah_partner_id = self.product_id.md_registrant_id

    def write(self, vals):
        frozen = REPORTED_FIELDS & set(vals)
        if frozen:
            reported = self.filtered(lambda e: e.state in ("reported", "closed"))
            if reported:
                raise UserError(self.env._(
                    "%(events)s has been reported: %(fields)s can no longer be changed; corrections go as a "
                    "follow-up report.", events=", ".join(reported.mapped("name")),
                    fields=", ".join(sorted(self._fields[name]._description_string(self.env) for name in frozen))))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_unreported(self):
        reported = self.filtered(lambda e: e.state in ("reported", "closed"))
        if reported:
            raise UserError(self.env._("%s has been reported and stays on record.",
                                       ", ".join(reported.mapped("name"))))

    # Workflow --------------------------------------------------------------------

    def action_mark_mah_notified(self):
        for event in self:
            if event.state == "cancel":
                raise UserError(self.env._("%s is cancelled.", event.name))
            if not event.mah_partner_id:
                raise UserError(self.env._("Name the marketing authorisation holder of %s first.", event.name))
            if event.mah_notified_on:
                raise UserError(self.env._("The marketing authorisation holder of %(event)s was notified on "
                                           "%(date)s UTC.", event=event.name, date=event.mah_notified_on))
        self._md_workflow_write({"mah_notified_on": fields.Datetime.now(), "mah_notified_by": self.env.user.id})
        return True

    def _md_report_problems(self):
        self.ensure_one()
        # Odoo's message extraction reads the calls of "_": here "_" is self.env._ itself.
        # pylint: disable=prefer-env-translation
        _ = self.env._
        if self.state == "cancel":
            return [_("%s is cancelled.", self.name)]
        if self.state != "draft":
            return [_("%(event)s was reported on %(date)s.", event=self.name, date=self.reported_on)]
        problems = []
        if not (self.report_number or "").strip():
            problems.append(_("Enter the national report number."))
        if not (self.description or "").strip():
            problems.append(_("Describe the event."))
        return problems

    def action_mark_reported(self):
        for event in self:
            problems = event._md_report_problems()
            if problems:
                raise problems_error(self.env._("%s cannot be marked as reported:", event.name), problems)
        self._md_workflow_write({"state": "reported", "reported_on": fields.Date.context_today(self),
                    "reported_by": self.env.user.id})
        self.activity_feedback([REPORT_ACTIVITY], feedback=self.env._("Reported to the national system."))
        return True

    def action_close(self):
        for event in self:
            if event.state != "reported":
                raise UserError(self.env._("Only a reported event can be closed; %s is not.", event.name))
            if not event.mah_notified_on:
                raise UserError(self.env._("Notify the marketing authorisation holder of %s first.", event.name))
        self._md_workflow_write({"state": "closed"})
        return True

    def action_cancel(self):
        for event in self:
            if event.state != "draft":
                raise UserError(self.env._("%s is no longer to report and cannot be cancelled.", event.name))
        self._md_workflow_write({"state": "cancel"})
        self.activity_unlink([REPORT_ACTIVITY])
        return True

    def action_view_complaint(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "md.complaint", "res_id": self.complaint_id.id,
                "view_mode": "form", "target": "current"}

    # Export ----------------------------------------------------------------------

    def action_export_report(self):
        if not self:
            raise UserError(self.env._("Select the adverse events to export."))
        filename = self.name.replace("/", "-") if len(self) == 1 else self.env._("Adverse Events")
        return self.env["md.compliance"]._md_xlsx_action(self._md_report_sheets(), f"{filename}.xlsx")

    def _md_report_sheets(self):
        """The fields of the national form 可疑医疗器械不良事件报告, one row per event."""
        # Odoo's message extraction reads the calls of "_": here "_" is self.env._ itself.
        # pylint: disable=prefer-env-translation
        _ = self.env._
        genders = dict(self._fields["patient_gender"]._description_selection(self.env))
        rows = [[_("Report No."), _("Reference"), _("Device Name"), _("Registration/Filing No."),
                 _("Model/Specification"), _("Lots/Serials"), _("UDI-DI"), _("Marketing Authorisation Holder"),
                 _("Event Date"), _("Aware On"), _("Report By"), _("Seriousness"), _("Occurred Overseas"),
                 _("Country"), _("Patient Age"), _("Patient Gender"), _("Event Description"),
                 _("Patient Outcome"), _("Where It Happened"), _("Reporter"), _("Reported On")]]
        for event in self:
            product = event.product_id
            rows.append([
                event.report_number or "", event.name, product.display_name, product.md_certificate_id.name or "",
                product.md_certificate_id.model_spec or "", ", ".join(event.lot_ids.mapped("name")),
                product.md_udi_di or "", event.mah_partner_id.display_name or "", str(event.event_date or ""),
                str(event.awareness_date), str(event.report_deadline or ""), event._md_seriousness_label(),
                _("Yes") if event.overseas else _("No"), event.country_id.name or "", event.patient_age or "",
                genders.get(event.patient_gender, ""), event.description, event.outcome or "",
                event.reporter_partner_id.display_name or "", event.company_id.name,
                str(event.reported_on or ""),
            ])
        return [(_("Adverse Events"), rows)]

    # Deadlines cron --------------------------------------------------------------

    @api.model
    def _cron_md_adverse_event_deadlines(self):
        """One reporting activity per event due within two days or overdue, for the QA manager."""
        today = fields.Date.context_today(self)
        due = self.search([("state", "=", "draft"),
                           ("report_deadline", "<=", today + timedelta(days=DUE_SOON_DAYS))])
        compliance = self.env["md.compliance"]
        qa = compliance._md_qa_user_by_company(due.company_id)
        # Once per event: an activity still open, or one already marked done.
        compliance._md_batch_activities(REPORT_ACTIVITY, due, once=True, values=lambda event: {
            "date_deadline": event.report_deadline,
            "summary": self.env._("Report %(event)s (%(seriousness)s) by %(deadline)s", event=event.name,
                                  seriousness=event._md_seriousness_label(), deadline=event.report_deadline),
            # Whoever recorded the event hears of it when the company has no QA manager.
            "user_id": (qa[event.company_id] or event.create_uid).id})

    # CAPA source -----------------------------------------------------------------

    def _md_capa_values(self):
        return self._md_own_capa_values(f"{self.name}: {self.product_id.display_name} ({self._md_seriousness_label()})")
