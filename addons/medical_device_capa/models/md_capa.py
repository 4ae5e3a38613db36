from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.medical_device_base.models.md_compliance import MIN_REASON_LENGTH

from .md_capa_source_mixin import SOURCE_MODELS

STAGES = [
    ("draft", "Draft"),
    ("investigation", "Investigation"),
    ("action", "Action"),
    ("effectiveness", "Effectiveness Check"),
    ("closed", "Closed"),
    ("cancel", "Cancelled"),
]
RATINGS = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")]
QA_GROUP = "medical_device_base.group_md_qa_manager"
OVERDUE_ACTIVITY = "medical_device_capa.mail_activity_md_capa_overdue"
# The stage each button-driven stage is entered from.
PREVIOUS_STAGE = {"investigation": "draft", "action": "investigation", "effectiveness": "action"}


class MdCapa(models.Model):
    """Corrective or preventive action (ISO 13485 8.5.2/8.5.3) from problem to signed, verified closure."""

    _name = "md.capa"
    _description = "CAPA"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.signable.mixin", "md.workflow.mixin",
                "md.capa.sourced.mixin"]
    _order = "id desc"

    _md_signed_fields = ["capa_type", "title", "description", "severity", "occurrence", "investigation",
                         "root_cause_method", "root_cause", "action_ids", "effectiveness_criteria",
                         "effectiveness_result", "effectiveness_notes"]
    _md_signature_groups = {"closed": QA_GROUP}
    _md_required_signatures = [([("stage", "=", "closed")], "closed")]
    # The record of who moved the CAPA where: written by the stage buttons only.
    _md_workflow_fields = ("stage", "closed_by", "closed_on")

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.capa"))
    title = fields.Char(required=True, tracking=True)
    capa_type = fields.Selection([("corrective", "Corrective"), ("preventive", "Preventive")], string="Type",
                                 required=True, default="corrective", tracking=True)
    stage = fields.Selection(STAGES, default="draft", required=True, readonly=True, tracking=True, index=True,
                             group_expand=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user,
                              tracking=True)
    source_ref = fields.Reference(SOURCE_MODELS, string="Source", readonly=True, index=True, copy=False)
    nonconformance_ids = fields.Many2many("md.nonconformance", "md_capa_nonconformance_rel", "capa_id",
                                          "nonconformance_id", string="Nonconformances", copy=False)
    nonconformance_count = fields.Integer(compute="_compute_nonconformance_count")
    product_id = fields.Many2one("product.product", string="Device", tracking=True, index=True)
    lot_ids = fields.Many2many("stock.lot", string="Lots/Serials")
    partner_id = fields.Many2one("res.partner", string="Supplier", tracking=True, index=True)
    description = fields.Text(string="Problem", required=True, tracking=True)
    severity = fields.Selection(RATINGS, default="3", required=True, tracking=True,
                                help="1 negligible … 5 death or serious injury possible.")
    occurrence = fields.Selection(RATINGS, default="3", required=True, tracking=True,
                                  help="1 improbable … 5 frequent.")
    risk_score = fields.Integer(string="Risk", compute="_compute_risk", store=True, aggregator="avg")
    risk_level = fields.Selection([("low", "Low"), ("medium", "Medium"), ("high", "High")],
                                  compute="_compute_risk", store=True)
    investigation = fields.Text(tracking=True)
    root_cause_method = fields.Selection(
        [("5why", "5 Whys"), ("fishbone", "Fishbone (Ishikawa)"), ("fault_tree", "Fault Tree"),
         ("other", "Other")], tracking=True)
    root_cause = fields.Text(string="Root Cause Findings", tracking=True)
    action_ids = fields.One2many("md.capa.action", "capa_id", string="Actions")
    action_open_count = fields.Integer(string="Open Actions", compute="_compute_action_open_count")
    date_deadline = fields.Date(string="Target Date", tracking=True)
    overdue = fields.Boolean(compute="_compute_overdue")
    effectiveness_date = fields.Date(string="Effectiveness Check On", tracking=True)
    effectiveness_criteria = fields.Text(tracking=True)
    effectiveness_result = fields.Selection(
        [("pending", "Pending"), ("effective", "Effective"), ("not_effective", "Not Effective")],
        default="pending", required=True, tracking=True, copy=False)
    effectiveness_notes = fields.Text(string="Effectiveness Evidence", tracking=True)
    cancel_reason = fields.Text(string="Cancellation Reason", copy=False,
                                help="Required to cancel the CAPA; it goes to the chatter.")
    closed_by = fields.Many2one("res.users", readonly=True, copy=False)
    closed_on = fields.Datetime(string="Closed On (UTC)", readonly=True, copy=False)

    @api.depends("severity", "occurrence")
    def _compute_risk(self):
        for capa in self:
            capa.risk_score = int(capa.severity or 0) * int(capa.occurrence or 0)
            capa.risk_level = "high" if capa.risk_score >= 12 else "medium" if capa.risk_score >= 5 else "low"

    @api.depends("nonconformance_ids")
    def _compute_nonconformance_count(self):
        for capa in self:
            capa.nonconformance_count = len(capa.nonconformance_ids)

    @api.depends("action_ids.state")
    def _compute_action_open_count(self):
        for capa in self:
            capa.action_open_count = len(capa.action_ids.filtered(lambda a: a.state == "open"))

    @api.depends("date_deadline", "stage")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for capa in self:
            capa.overdue = bool(capa.stage not in ("closed", "cancel") and capa.date_deadline
                                and capa.date_deadline < today)

    # Locks -----------------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda c: c.stage != "draft"):
            raise UserError(self.env._("Only draft CAPAs can be deleted; cancel the others with a reason."))

    # Stages -------------------------------------------------------------------------

    def _md_check_qa(self):
        if not self.env.user.has_group(QA_GROUP):
            raise AccessError(self.env._("Only QA managers run CAPAs."))

    def _md_stage_label(self, stage=None):
        return dict(self._fields["stage"]._description_selection(self.env))[stage or self.stage]

    def _md_stage_problems(self, target):
        """What keeps this CAPA from entering ``target``; empty when it may."""
        self.ensure_one()
        if self.stage != PREVIOUS_STAGE[target]:
            return [self.env._("It is at stage %(stage)s; it enters %(target)s only from %(previous)s.",
                               stage=self._md_stage_label(), target=self._md_stage_label(target),
                               previous=self._md_stage_label(PREVIOUS_STAGE[target]))]
        problems = []
        if target == "investigation":
            if not (self.description or "").strip():
                problems.append(self.env._("Describe the problem."))
            if not self.user_id:
                problems.append(self.env._("Name the person responsible."))
        elif target == "action":
            if not (self.investigation or "").strip():
                problems.append(self.env._("Write up the investigation."))
            if not self.root_cause_method:
                problems.append(self.env._("Choose the root cause method."))
            if not (self.root_cause or "").strip():
                problems.append(self.env._("Record the root cause findings."))
            if not self.action_ids.filtered(lambda a: a.state != "cancel"):
                problems.append(self.env._("Plan at least one action, with its owner and due date."))
        elif target == "effectiveness":
            problems += self._md_open_action_problems()
            if not self.action_ids.filtered(lambda a: a.state == "done"):
                problems.append(self.env._("At least one action must be done."))
            if not self.effectiveness_date:
                problems.append(self.env._("Set the date of the effectiveness check."))
            if not (self.effectiveness_criteria or "").strip():
                problems.append(self.env._("State the effectiveness criteria."))
        return problems

    def _md_open_action_problems(self):
        still_open = self.action_ids.filtered(lambda a: a.state == "open")
        if not still_open:
            return []
        return [self.env._("%(count)s action(s) still open: %(names)s.", count=len(still_open),
                           names=", ".join(still_open.mapped("name")))]

    def _md_raise_problems(self, header, problems_by_capa):
        """One error listing every problem of every CAPA, or nothing."""
        lines = []
        for capa, problems in problems_by_capa:
            if problems:
                lines += [header(capa)] + [f"• {problem}" for problem in problems]
        if lines:
            raise UserError("\n".join(lines))

    def _md_set_stage(self, stage, values=None):
        self._md_workflow_write(dict(values or {}, stage=stage))

    def _md_advance(self, target, values=None):
        self._md_check_qa()
        self._md_raise_problems(
            lambda capa: self.env._("%(capa)s cannot move to %(target)s:", capa=capa.name,
                                    target=self._md_stage_label(target)),
            [(capa, capa._md_stage_problems(target)) for capa in self])
        self._md_set_stage(target, values)
        return True

    def action_start_investigation(self):
        return self._md_advance("investigation")

    def action_start_actions(self):
        return self._md_advance("action")

    def action_check_effectiveness(self):
        # A new check starts without a verdict, also after a failed one.
        return self._md_advance("effectiveness", {"effectiveness_result": "pending"})

    def action_effectiveness_failed(self):
        """The actions did not work: back to planning with the failed check on record."""
        self._md_check_qa()
        problems = []
        for capa in self:
            capa_problems = []
            if capa.stage != "effectiveness":
                capa_problems.append(self.env._("It is not at the effectiveness check."))
            if len((capa.effectiveness_notes or "").strip()) < MIN_REASON_LENGTH:
                capa_problems.append(self.env._(
                    "Record the evidence that the actions were not effective in at least %s characters.",
                    MIN_REASON_LENGTH))
            problems.append((capa, capa_problems))
        self._md_raise_problems(
            lambda capa: self.env._("%s cannot be recorded as not effective:", capa.name), problems)
        self._md_set_stage("action", {"effectiveness_result": "not_effective"})
        for capa in self:
            capa._md_log(self.env._(
                "Effectiveness check failed: %s\nPlan further actions, then check effectiveness again.",
                capa.effectiveness_notes.strip()))
        return True

    def action_cancel(self, reason=None):
        self._md_check_qa()
        problems = []
        for capa in self:
            capa_problems = []
            if capa.stage in ("closed", "cancel"):
                capa_problems.append(self.env._("It is already %s.", capa._md_stage_label()))
            if len((reason or capa.cancel_reason or "").strip()) < MIN_REASON_LENGTH:
                capa_problems.append(self.env._("Give the reason for the cancellation in at least %s characters.",
                                                MIN_REASON_LENGTH))
            problems.append((capa, capa_problems))
        self._md_raise_problems(lambda capa: self.env._("%s cannot be cancelled:", capa.name), problems)
        self.action_ids.filtered(lambda a: a.state == "open")._md_cancel()
        for capa in self:
            text = (reason or capa.cancel_reason).strip()
            capa._md_set_stage("cancel", {"cancel_reason": text})
            capa._md_log(self.env._("Cancelled: %s", text))
        self.activity_unlink([OVERDUE_ACTIVITY])
        return True

    # Closure ---------------------------------------------------------------------------

    def action_close(self):
        self.ensure_one()
        self._md_check_can_sign("closed")
        self._md_check_before_signing("closed")
        return self.action_sign("closed")

    def _md_check_before_signing(self, meaning):
        super()._md_check_before_signing(meaning)
        if meaning != "closed":
            return
        problems = []
        if self.stage != "effectiveness":
            problems.append(self.env._("It is at stage %s; only a CAPA at the effectiveness check can be closed.",
                                       self._md_stage_label()))
        problems += self._md_open_action_problems()
        if self.effectiveness_result == "not_effective":
            problems.append(self.env._(
                "The effectiveness check failed: use \"Effectiveness Failed\" to plan further actions."))
        elif self.effectiveness_result != "effective":
            problems.append(self.env._("Record the result of the effectiveness check."))
        self._md_raise_problems(lambda capa: self.env._("%s cannot be closed:", capa.name), [(self, problems)])

    def _md_sign(self, meaning, comment=None):
        signature = super()._md_sign(meaning, comment)
        if meaning == "closed":
            self._md_set_stage("closed", {"closed_by": self.env.user.id, "closed_on": signature.signed_at})
            self.activity_ids.action_feedback(feedback=self.env._("CAPA closed."))
        return signature

    # Escalation ------------------------------------------------------------------------

    @api.model
    def _cron_md_capa_escalate(self):
        """One activity for QA per CAPA overdue by more than the company's grace days, while it is open."""
        today = fields.Date.context_today(self)
        capas = self.search([("stage", "not in", ("closed", "cancel")), ("date_deadline", "<", today)])
        late = capas.filtered(
            lambda c: c.date_deadline < today - timedelta(days=c.company_id.md_capa_escalation_days))
        if not late:
            return
        compliance = self.env["md.compliance"]
        users = compliance._md_qa_user_by_company(late.company_id)
        # Once per CAPA while it is open: QA marking the activity done has seen it.
        compliance._md_batch_activities(OVERDUE_ACTIVITY, late, once=True, values=lambda capa: {
            "user_id": (users[capa.company_id] or capa.user_id).id,
            "date_deadline": today,
            "summary": self.env._("CAPA overdue"),
            "note": self.env._("%(capa)s (%(stage)s) was due on %(date)s.", capa=capa.name,
                               stage=capa._md_stage_label(), date=capa.date_deadline)})

    # Smart buttons ---------------------------------------------------------------------

    def action_view_nonconformances(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Nonconformances"),
            "res_model": "md.nonconformance",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.nonconformance_ids.ids)],
            "context": {"create": False},
        }
