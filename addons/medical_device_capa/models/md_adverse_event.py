import math
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.medical_device_base.models.md_compliance import problems_error


SERIOUSNESS = [("death", "Death"), ("serious_injury", "Serious Injury"),
               ("may_cause_serious", "May Cause Serious Injury or Death"), ("other", "Other")]
FIRST_REPORT_CHANNELS = [("phone", "Phone"), ("fax", "Fax")]
QA_GROUP = "medical_device_base.group_md_qa_manager"
REPORT_ACTIVITY = "medical_device_capa.mail_activity_md_adverse_event_report"
OVERDUE_ACTIVITY = "medical_device_capa.mail_activity_md_adverse_event_overdue"
# SAMR Order No. 1 (医疗器械不良事件监测和再评价管理办法), art. 25 and 27: from awareness to the report, days for
# one event (death; serious injury or an event that may cause serious injury or death; overseas), hours for
# the first report of a group event (群体不良事件), made by phone or fax.
DEATH_DAYS, SERIOUS_DAYS, OVERSEAS_DAYS = 7, 20, 30
GROUP_HOURS = 12
SERIOUS = ("serious_injury", "may_cause_serious")
DUE_SOON_HOURS = 48
# What the national report says; a correction is a follow-up report, not an edit.
REPORTED_FIELDS = {"seriousness", "is_group_event", "overseas", "country_id", "event_date", "awareness_date",
                   "description", "product_id", "lot_ids", "report_number"}
# What the first report of a group event told the authority: it started the clock and stays as told.
FIRST_REPORTED_FIELDS = {"is_group_event", "awareness_date"}


class MdAdverseEvent(models.Model):
    """A suspected adverse event (不良事件, SAMR Order 1) and its reporting deadline."""

    _name = "md.adverse.event"
    _description = "Adverse Event"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.workflow.mixin", "md.capa.source.mixin"]
    _order = "report_deadline, id desc"

    _md_workflow_fields = ("state", "reported_on", "reported_by", "mah_notified_on", "mah_notified_by",
                           "first_report_on", "first_report_by", "first_report_channel", "first_report_to")

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
    awareness_date = fields.Datetime(string="Aware On", required=True, default=fields.Datetime.now,
                                     tracking=True, help="When the company first learned of the event: the "
                                                         "reporting clock starts here.")
    seriousness = fields.Selection(SERIOUSNESS, required=True, default="other", tracking=True)
    is_group_event = fields.Boolean(
        string="Group Event", tracking=True,
        help="A group (cluster) adverse event: several patients harmed by the same device or lot in a short "
             "time. The first report goes to the authorities by phone or fax within 12 hours.")
    overseas = fields.Boolean(string="Occurred Overseas", tracking=True)
    country_id = fields.Many2one("res.country", tracking=True)
    patient_age = fields.Integer(aggregator="avg")
    patient_gender = fields.Selection([("female", "Female"), ("male", "Male"), ("unknown", "Unknown")])
    description = fields.Text(string="Event Description", required=True, tracking=True)
    outcome = fields.Text(string="Patient Outcome", tracking=True)
    report_deadline = fields.Datetime(
        string="Report By", compute="_compute_report_deadline", store=True, index=True,
        help="Aware on plus 12 hours for the first report of a group event; otherwise 7 days for a death, "
             "20 days for a serious injury or an event that may cause one or death, 30 days overseas, the "
             "company's own days for other events.")
    hours_left = fields.Integer(compute="_compute_deadline_status",
                                help="Hours until the report is due; negative once overdue.")
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
    first_report_on = fields.Datetime(string="First Report On (UTC)", readonly=True, copy=False, tracking=True)
    first_report_by = fields.Many2one("res.users", readonly=True, copy=False)
    first_report_channel = fields.Selection(FIRST_REPORT_CHANNELS, readonly=True, copy=False, tracking=True)
    first_report_to = fields.Char(readonly=True, copy=False, tracking=True,
                                  help="The authorities, and the person, the first report was made to.")
    followup_ids = fields.One2many("md.adverse.event.followup", "event_id", string="Follow-up Reports")

    # Deadline --------------------------------------------------------------------

    # Not on the company's own days: changing that setting must not move the deadline of events already recorded.
    @api.depends("awareness_date", "seriousness", "is_group_event", "overseas", "company_id")
    def _compute_report_deadline(self):
        for event in self:
            event.report_deadline = event.awareness_date and event.awareness_date + event._md_report_delay()

    def _md_report_delay(self):
        """Time from awareness to the report due: the first report of a group event is the most urgent of all,
        wherever it happened."""
        self.ensure_one()
        if self.is_group_event:
            return timedelta(hours=GROUP_HOURS)
        if self.overseas:
            return timedelta(days=OVERSEAS_DAYS)
        if self.seriousness == "death":
            return timedelta(days=DEATH_DAYS)
        if self.seriousness in SERIOUS:
            return timedelta(days=SERIOUS_DAYS)
        return timedelta(days=self.company_id.md_ae_other_report_days)

    def _md_clock_stopped(self):
        """The report the deadline asks for is made: the national report, or the first report of a group
        event."""
        self.ensure_one()
        return self.state in ("reported", "closed") or bool(self.is_group_event and self.first_report_on)

    @api.depends("state", "report_deadline", "is_group_event", "first_report_on")
    def _compute_deadline_status(self):
        now = fields.Datetime.now()
        for event in self:
            left = event.report_deadline - now if event.report_deadline else timedelta()
            event.hours_left = math.floor(left.total_seconds() / 3600)
            if event.state == "cancel" or not event.report_deadline:
                event.deadline_status = False
            elif event._md_clock_stopped():
                event.deadline_status = "reported"
            # Time is up at the deadline itself: "within 12 hours" leaves no 13th.
            elif left <= timedelta():
                event.deadline_status = "overdue"
            elif left <= timedelta(hours=DUE_SOON_HOURS):
                event.deadline_status = "due_soon"
            else:
                event.deadline_status = "on_time"

    @api.constrains("awareness_date")
    def _check_awareness_date(self):
        # A little leeway for the clocks of the browser and the server.
        latest = fields.Datetime.now() + timedelta(minutes=5)
        future = self.filtered(lambda e: e.awareness_date and e.awareness_date > latest)
        if future:
            raise ValidationError(self.env._(
                "%s: the company cannot have become aware of an event in the future.",
                ", ".join(future.mapped("name"))))

    def _md_local_date(self, moment):
        """The day of ``moment`` (UTC) in the company's time zone (UTC when it has none)."""
        self.ensure_one()
        tz = pytz.timezone(self.company_id.partner_id.tz or "UTC")
        return pytz.utc.localize(moment).astimezone(tz).date()

    @api.model
    def _md_start_of_day(self, day, company):
        """The UTC moment the company's day ``day`` starts (in its time zone, UTC when it has none)."""
        tz = pytz.timezone(company.partner_id.tz or "UTC")
        return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

    def _md_seriousness_label(self):
        return dict(self._fields["seriousness"]._description_selection(self.env)).get(self.seriousness, "")

    def _md_event_label(self):
        """The seriousness, and whether it is a group event: what decides the clock."""
        label = self._md_seriousness_label()
        return self.env._("group event, %s", label) if self.is_group_event else label

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
        def labels(names):
            return ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))

        frozen = REPORTED_FIELDS & set(vals)
        if frozen:
            reported = self.filtered(lambda e: e.state in ("reported", "closed"))
            if reported:
                raise UserError(self.env._(
                    "%(events)s has been reported: %(fields)s can no longer be changed; corrections go as a "
                    "follow-up report.", events=", ".join(reported.mapped("name")), fields=labels(frozen)))
        frozen = FIRST_REPORTED_FIELDS & set(vals)
        first_reported = frozen and self.filtered("first_report_on")
        if first_reported:
            raise UserError(self.env._(
                "The first report of %(events)s has been made: %(fields)s can no longer be changed; corrections "
                "go as a follow-up report.", events=", ".join(first_reported.mapped("name")), fields=labels(frozen)))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_unreported(self):
        reported = self.filtered(lambda e: e.state in ("reported", "closed") or e.first_report_on)
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
        if self.is_group_event and not self.first_report_on:
            problems.append(_("Record the first report of the group event (phone or fax) first."))
        if not (self.report_number or "").strip():
            problems.append(_("Enter the national report number."))
        if not (self.description or "").strip():
            problems.append(_("Describe the event."))
        return problems

    def action_mark_reported(self):
        # The report to the national system is the company's word to the authority, as the first report is.
        self._md_check_reporter()
        for event in self:
            problems = event._md_report_problems()
            if problems:
                raise problems_error(self.env._("%s cannot be marked as reported:", event.name), problems)
        self._md_workflow_write({"state": "reported", "reported_on": fields.Date.context_today(self),
                    "reported_by": self.env.user.id})
        self.activity_feedback([REPORT_ACTIVITY, OVERDUE_ACTIVITY],
                               feedback=self.env._("Reported to the national system."))
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
            if event.first_report_on:
                raise UserError(self.env._(
                    "The first report of %s has been made to the authorities: it stays on record; report the "
                    "outcome as a follow-up report.", event.name))
        self._md_workflow_write({"state": "cancel"})
        self.activity_unlink([REPORT_ACTIVITY, OVERDUE_ACTIVITY])
        return True

    # First report of a group event, follow-up reports ----------------------------

    def _md_check_reporter(self):
        """Only the QA manager speaks to the authorities for the company."""
        if not self.env["md.compliance"]._md_is_qa_manager():
            raise AccessError(self.env._("Only a QA manager records reports made to the authorities."))

    def _md_first_report_problems(self, channel=None, recipient=None, check_input=False):
        self.ensure_one()
        # Odoo's message extraction reads the calls of "_": here "_" is self.env._ itself.
        # pylint: disable=prefer-env-translation
        _ = self.env._
        if self.state == "cancel":
            return [_("%s is cancelled.", self.name)]
        problems = []
        if not self.is_group_event:
            problems.append(_("%s is not a group event: it is reported through the national system.", self.name))
        if self.first_report_on:
            problems.append(_("The first report of %(event)s was made on %(date)s UTC by %(user)s.",
                              event=self.name, date=self.first_report_on, user=self.first_report_by.name))
        if check_input:
            if channel not in dict(FIRST_REPORT_CHANNELS):
                problems.append(_("Say whether the first report was made by phone or by fax."))
            if not (recipient or "").strip():
                problems.append(_("Name the authorities and the person the first report was made to."))
        return problems

    def _md_followup_problems(self, content=None, check_input=False):
        self.ensure_one()
        # Odoo's message extraction reads the calls of "_": here "_" is self.env._ itself.
        # pylint: disable=prefer-env-translation
        _ = self.env._
        if self.state == "cancel":
            return [_("%s is cancelled.", self.name)]
        problems = []
        if self.state == "draft" and not self.first_report_on:
            problems.append(_("%s has not been reported yet: a follow-up report follows a report.", self.name))
        if check_input and not (content or "").strip():
            problems.append(_("Say what the follow-up report told the authorities."))
        return problems

    def _md_open_report_wizard(self, kind):
        self.ensure_one()
        self._md_check_reporter()
        problems = self._md_first_report_problems() if kind == "first" else self._md_followup_problems()
        if problems:
            raise problems_error(self.env._("%s:", self.name), problems)
        return {"type": "ir.actions.act_window", "res_model": "md.adverse.event.report.wizard",
                "view_mode": "form", "target": "new",
                "name": self.env._("First Report") if kind == "first" else self.env._("Follow-up Report"),
                "context": {"default_event_id": self.id, "default_kind": kind}}

    def action_record_first_report(self):
        return self._md_open_report_wizard("first")

    def action_add_followup(self):
        return self._md_open_report_wizard("followup")

    def _md_record_first_report(self, channel, recipient):
        """The first report of a group event, made by phone or fax now, by the current user."""
        self.ensure_one()
        self._md_check_reporter()
        problems = self._md_first_report_problems(channel, recipient, check_input=True)
        if problems:
            raise problems_error(self.env._("The first report of %s cannot be recorded:", self.name), problems)
        self._md_workflow_write({"first_report_on": fields.Datetime.now(), "first_report_by": self.env.user.id,
                                 "first_report_channel": channel, "first_report_to": recipient.strip()})
        self.activity_feedback([REPORT_ACTIVITY, OVERDUE_ACTIVITY],
                               feedback=self.env._("First report made to the authorities."))
        return True

    def _md_add_followup(self, channel, recipient, content):
        """A follow-up report made now by the current user; it stays on record as made."""
        self.ensure_one()
        self._md_check_reporter()
        problems = self._md_followup_problems(content, check_input=True)
        if problems:
            raise problems_error(self.env._("The follow-up report of %s cannot be recorded:", self.name),
                                 problems)
        self.check_access("write")
        return self.env["md.adverse.event.followup"]._md_evidence_create([{
            "event_id": self.id, "reported_on": fields.Datetime.now(), "reported_by": self.env.user.id,
            "channel": channel or False, "recipient": (recipient or "").strip() or False,
            "content": content.strip()}])

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
                 _("Event Date"), _("Aware On (UTC)"), _("Report By (UTC)"), _("Seriousness"), _("Group Event"),
                 _("Occurred Overseas"),
                 _("Country"), _("Patient Age"), _("Patient Gender"), _("Event Description"),
                 _("Patient Outcome"), _("Where It Happened"), _("Reporter"), _("Reported On")]]
        for event in self:
            product = event.product_id
            rows.append([
                event.report_number or "", event.name, product.display_name, product.md_certificate_id.name or "",
                product.md_certificate_id.model_spec or "", ", ".join(event.lot_ids.mapped("name")),
                product.md_udi_di or "", event.mah_partner_id.display_name or "", str(event.event_date or ""),
                str(event.awareness_date), str(event.report_deadline or ""), event._md_seriousness_label(),
                _("Yes") if event.is_group_event else _("No"), _("Yes") if event.overseas else _("No"), event.country_id.name or "", event.patient_age or "",
                genders.get(event.patient_gender, ""), event.description, event.outcome or "",
                event.reporter_partner_id.display_name or "", event.company_id.name,
                str(event.reported_on or ""),
            ])
        return [(_("Adverse Events"), rows)]

    # Deadlines cron --------------------------------------------------------------

    @api.model
    def _cron_md_adverse_event_deadlines(self):
        """Hourly: one reporting activity per event due within two days, and one more the hour its deadline
        passes unreported, for the QA manager. A group event's 12 hours are caught within the hour."""
        now = fields.Datetime.now()
        due = self.search([("state", "=", "draft"), ("report_deadline", "<=", now + timedelta(hours=DUE_SOON_HOURS)),
                           "|", ("is_group_event", "=", False), ("first_report_on", "=", False)])
        overdue = due.filtered(lambda event: event.report_deadline <= now)
        compliance = self.env["md.compliance"]
        qa = compliance._md_qa_user_by_company(due.company_id)

        def values(summary):
            return lambda event: {
                "date_deadline": event._md_local_date(event.report_deadline),
                "summary": summary(event),
                # Whoever recorded the event hears of it when the company has no QA manager.
                "user_id": (qa[event.company_id] or event.create_uid).id}

        # Once per event and kind: an activity still open, or one already marked done.
        compliance._md_batch_activities(REPORT_ACTIVITY, due, once=True, values=values(lambda event: self.env._(
            "Report %(event)s (%(seriousness)s) by %(deadline)s UTC", event=event.name,
            seriousness=event._md_event_label(), deadline=event.report_deadline)))
        compliance._md_batch_activities(OVERDUE_ACTIVITY, overdue, once=True, values=values(lambda event: self.env._(
            "Report of %(event)s (%(seriousness)s) overdue since %(deadline)s UTC", event=event.name,
            seriousness=event._md_event_label(), deadline=event.report_deadline)))

    # CAPA source -----------------------------------------------------------------

    def _md_capa_values(self):
        return self._md_own_capa_values(f"{self.name}: {self.product_id.display_name} ({self._md_seriousness_label()})")
