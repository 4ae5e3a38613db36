from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.medical_device_base.models.md_compliance import problems_error


class MdComplaint(models.Model):
    """After-sales feedback about a device: what the customer reported, the investigation and the answer."""

    _name = "md.complaint"
    _description = "Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.workflow.mixin", "md.capa.source.mixin"]
    _order = "id desc"

    _md_workflow_fields = ("state", "closed_on")

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.complaint"))
    title = fields.Char(string="Subject", required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, tracking=True, index=True)
    contact_name = fields.Char(string="Reported By")
    channel = fields.Selection([("phone", "Phone"), ("email", "E-mail"), ("visit", "Visit"), ("letter", "Letter"),
                                ("other", "Other")], default="phone", required=True)
    date_received = fields.Date(string="Received On", required=True, default=fields.Date.context_today,
                                tracking=True)
    product_id = fields.Many2one("product.product", string="Device", tracking=True, index=True)
    lot_ids = fields.Many2many("stock.lot", string="Lots/Serials")
    quantity = fields.Float(digits="Product Unit of Measure")
    description = fields.Text(required=True, tracking=True)
    investigation = fields.Text(tracking=True)
    resolution = fields.Text(string="Answer to the Customer", tracking=True)
    user_id = fields.Many2one("res.users", string="Handled By", default=lambda self: self.env.user, tracking=True)
    state = fields.Selection([("new", "New"), ("investigation", "Investigating"), ("closed", "Closed"),
                              ("cancel", "Cancelled")], string="Status", default="new", required=True,
                             readonly=True, tracking=True, index=True)
    closed_on = fields.Datetime(string="Closed On (UTC)", readonly=True, copy=False, tracking=True,
                                help="When the answer to the customer was recorded and the complaint closed.")
    adverse_event_ids = fields.One2many("md.adverse.event", "complaint_id", string="Adverse Events")
    adverse_event_count = fields.Integer(compute="_compute_adverse_event_count")

    @api.depends("adverse_event_ids")
    def _compute_adverse_event_count(self):
        for complaint in self:
            complaint.adverse_event_count = len(complaint.adverse_event_ids)

    # Workflow ------------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_only_new(self):
        if self.filtered(lambda c: c.state != "new"):
            raise UserError(self.env._("Only new complaints can be deleted; cancel the others."))

    def action_start_investigation(self):
        for complaint in self:
            if complaint.state != "new":
                raise UserError(self.env._("Only a new complaint can go into investigation; %s is not new.",
                                           complaint.name))
        self._md_workflow_write({"state": "investigation"})
        return True

    def _md_close_problems(self):
        self.ensure_one()
        # Odoo's message extraction reads the calls of "_": here "_" is self.env._ itself.
        # pylint: disable=prefer-env-translation
        _ = self.env._
        problems = []
        if self.state != "investigation":
            problems.append(_("Investigate the complaint before closing it."))
        if not (self.investigation or "").strip():
            problems.append(_("Record the investigation."))
        if not (self.resolution or "").strip():
            problems.append(_("Record the answer to the customer."))
        pending = self.adverse_event_ids.filtered(lambda e: e.state == "draft")
        if pending:
            problems.append(_("Report the adverse events %s first.", ", ".join(pending.mapped("name"))))
        return problems

    def action_close(self):
        for complaint in self:
            problems = complaint._md_close_problems()
            if problems:
                raise problems_error(self.env._("%s cannot be closed:", complaint.name), problems)
        self._md_workflow_write({"state": "closed", "closed_on": fields.Datetime.now()})
        return True

    def action_cancel(self):
        for complaint in self:
            if complaint.state in ("closed", "cancel"):
                raise UserError(self.env._("%s is closed or cancelled already; it stays on record as it is.",
                                           complaint.name))
        self._md_workflow_write({"state": "cancel"})
        return True

    # Adverse events ------------------------------------------------------------

    def action_report_adverse_event(self):
        self.ensure_one()
        problems = self._md_capa_problems("md.adverse.event")
        if problems:
            raise UserError("\n".join(problems))
        if not self.product_id:
            raise UserError(self.env._("Name the device of %s before reporting an adverse event.", self.name))
        event = self.env["md.adverse.event"].create({
            "complaint_id": self.id,
            "company_id": self.company_id.id,
            "product_id": self.product_id.id,
            "lot_ids": [Command.set(self.lot_ids.ids)],
            "reporter_partner_id": self.partner_id.id,
            "awareness_date": self._md_awareness(),
            "description": self.description,
        })
        return {"type": "ir.actions.act_window", "res_model": "md.adverse.event", "res_id": event.id,
                "view_mode": "form", "target": "current"}

    def _md_awareness(self):
        """When the company became aware through this complaint: when it was recorded, if that was on the day
        it came in; else (recorded later) the start of the day it came in, the earliest it may have been."""
        self.ensure_one()
        event = self.env["md.adverse.event"].with_company(self.company_id)
        recorded = self.create_date or fields.Datetime.now()
        start = event._md_start_of_day(self.date_received, self.company_id)
        return recorded if start <= recorded < start + timedelta(days=1) else start

    def action_view_adverse_events(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "name": self.env._("Adverse Events"),
                "res_model": "md.adverse.event", "view_mode": "list,form",
                "domain": [("complaint_id", "=", self.id)], "context": {"default_complaint_id": self.id}}

    # CAPA source -----------------------------------------------------------------

    def _md_capa_values(self):
        return self._md_own_capa_values(f"{self.name}: {self.title}")
