from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import clean_context

from odoo.addons.medical_device_base.models.md_compliance import MIN_REASON_LENGTH, problems_error

from .md_capa_source_mixin import SOURCE_MODELS

DISPOSITIONS = [
    ("use_as_is", "Use As Is (Concession)"),
    ("rework", "Rework"),
    ("return", "Return to Supplier"),
    ("scrap", "Scrap"),
]
QA_GROUP = "medical_device_base.group_md_qa_manager"
# Statuses containment leaves alone: the lot is already kept from use.
BLOCKED_STATES = ("hold", "rejected", "recalled")


class MdNonconformance(models.Model):
    """Nonconforming product (ISO 13485 8.3): what, where from, contained how, and the signed disposition."""

    _name = "md.nonconformance"
    _description = "Nonconformance"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.signable.mixin", "md.workflow.mixin",
                "md.capa.source.mixin", "md.capa.sourced.mixin"]
    _order = "id desc"

    _md_signed_fields = ["source_ref", "product_id", "lot_ids", "quantity", "description", "containment",
                         "disposition", "justification"]
    _md_signature_groups = {"approved": QA_GROUP}
    _md_required_signatures = [([("state", "=", "done")], "approved")]
    _md_workflow_fields = ("state", "quality_change_ids", "dispositioned_by", "dispositioned_on", "user_id")

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False,
                       default=lambda self: self.env["ir.sequence"].next_by_code("md.nonconformance"))
    title = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    source_ref = fields.Reference(SOURCE_MODELS, string="Source", readonly=True, index=True, copy=False)
    source_model = fields.Selection(SOURCE_MODELS, string="Source Type", compute="_compute_source_model",
                                    store=True)
    product_id = fields.Many2one("product.product", string="Device", tracking=True, index=True)
    lot_ids = fields.Many2many("stock.lot", string="Lots/Serials")
    partner_id = fields.Many2one("res.partner", string="Supplier", tracking=True, index=True)
    quantity = fields.Float(digits="Product Unit of Measure")
    description = fields.Text(required=True, tracking=True)
    containment = fields.Text(string="Immediate Containment", tracking=True)
    quality_change_ids = fields.Many2many("md.quality.change", string="Holds", readonly=True, copy=False)
    disposition = fields.Selection(DISPOSITIONS, tracking=True)
    justification = fields.Text(tracking=True, help="Why this disposition; a concession names who accepts the "
                                                    "risk and on what evidence.")
    state = fields.Selection([("draft", "Draft"), ("open", "Contained"), ("done", "Dispositioned"),
                              ("cancel", "Cancelled")], string="Status", default="draft", required=True,
                             readonly=True, tracking=True, index=True)
    capa_ids = fields.Many2many("md.capa", "md_capa_nonconformance_rel", "nonconformance_id", "capa_id",
                                string="CAPAs", copy=False)
    capa_count = fields.Integer(string="CAPAs Linked", compute="_compute_capa_count")
    lot_count = fields.Integer(compute="_compute_lot_count")
    user_id = fields.Many2one("res.users", string="Reported By", default=lambda self: self.env.user, readonly=True)
    date = fields.Date(string="Found On", default=fields.Date.context_today, required=True)
    dispositioned_by = fields.Many2one("res.users", readonly=True, copy=False)
    dispositioned_on = fields.Datetime(string="Dispositioned On (UTC)", readonly=True, copy=False)

    @api.depends("source_ref")
    def _compute_source_model(self):
        for nc in self:
            nc.source_model = nc.source_ref._name if nc.source_ref else False

    @api.depends("capa_ids")
    def _compute_capa_count(self):
        for nc in self:
            nc.capa_count = len(nc.capa_ids)

    @api.depends("lot_ids")
    def _compute_lot_count(self):
        for nc in self:
            nc.lot_count = len(nc.lot_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        # A contained NC has put lots on hold: it stays as the record of why.
        if self.filtered(lambda nc: nc.state != "draft"):
            raise UserError(self.env._("Only draft nonconformances can be deleted; cancel the others."))

    # Containment -----------------------------------------------------------------

    def action_contain(self):
        """Record the containment and put the lots that can still be used on hold, in one change."""
        self.ensure_one()
        nc = self.with_context(clean_context(self.env.context))
        if nc.state != "draft":
            raise UserError(self.env._("%s has already been contained or closed.", nc.name))
        containment = self.env["md.compliance"]._md_required_reason(nc.containment, self.env._(
            "Describe the immediate containment in at least %s characters.", MIN_REASON_LENGTH))
        to_hold = nc.lot_ids.filtered(lambda lot: lot.md_is_device and lot.md_quality_state not in BLOCKED_STATES)
        values = {"state": "open"}
        if to_hold:
            change = to_hold._md_change_quality_state(
                "hold", self.env._("%(nc)s: %(containment)s", nc=nc.name, containment=containment), origin=nc.name)
            values["quality_change_ids"] = [Command.link(change.id)]
        nc._md_workflow_write(values)
        skipped = nc.lot_ids - to_hold
        body = self.env._("Contained: %s", containment)
        if to_hold:
            body += "\n" + self.env._("Put on hold: %s", ", ".join(to_hold.mapped("display_name")))
        if skipped:
            body += "\n" + self.env._("Left as they are (already kept from use or not devices): %s",
                                      ", ".join(skipped.mapped("display_name")))
        nc._md_log(body)
        return True

    # Disposition -----------------------------------------------------------------

    def action_sign_disposition(self):
        self.ensure_one()
        self._md_check_can_sign("approved")
        self._md_check_before_signing("approved")
        return self.action_sign("approved")

    def _md_check_before_signing(self, meaning):
        res = super()._md_check_before_signing(meaning)
        problems = []
        if self.state != "open":
            problems.append(self.env._(
                "%(nc)s is %(state)s; only a contained nonconformance can be dispositioned.",
                nc=self.name, state=dict(self._fields["state"]._description_selection(self.env))[self.state]))
        if not self.disposition:
            problems.append(self.env._("Choose the disposition."))
        if len((self.justification or "").strip()) < MIN_REASON_LENGTH:
            if self.disposition == "use_as_is":
                problems.append(self.env._(
                    "A concession (use as is) must name who accepts the risk and on what evidence, "
                    "in at least %s characters.", MIN_REASON_LENGTH))
            else:
                problems.append(self.env._("Justify the disposition in at least %s characters.",
                                           MIN_REASON_LENGTH))
        if problems:
            raise problems_error(self.env._("%s cannot be signed:", self.name), problems)
        return res

    def _md_sign(self, meaning, comment=None):
        signature = super()._md_sign(meaning, comment)
        self._md_workflow_write({"state": "done", "dispositioned_by": self.env.user.id,
                           "dispositioned_on": signature.signed_at})
        return signature

    def action_cancel(self):
        for nc in self:
            if nc.md_signed or nc.state == "done":
                raise UserError(self.env._("%s has a signed disposition and cannot be cancelled.", nc.name))
            if nc.state == "cancel":
                raise UserError(self.env._("%s is already cancelled.", nc.name))
        self._md_workflow_write({"state": "cancel"})
        for nc in self.filtered("quality_change_ids"):
            # Holds stay: giving lots back their status takes QA's decision on each lot.
            nc._md_log(self.env._("Cancelled; the lots put on hold stay on hold until QA decides on them."))
        return True

    # CAPA source -----------------------------------------------------------------

    def _md_capa_values(self):
        self.ensure_one()
        return {
            "title": f"{self.name}: {self.title}",
            "description": self.description,
            "product_id": self.product_id.id,
            "lot_ids": self.lot_ids.ids,
            "partner_id": self.partner_id.id,
            "quantity": self.quantity,
            "company_id": self.company_id.id,
        }

    def _md_capa_problems(self, model):
        if model == "md.nonconformance":
            return [self.env._("%s is itself a nonconformance; open a CAPA from it instead.", self.name)]
        return super()._md_capa_problems(model)

    def _md_open_from_source(self, model):
        action = super()._md_open_from_source(model)
        if model == "md.capa":
            action["context"]["default_nonconformance_ids"] = [Command.set(self.ids)]
        return action

    # Smart buttons ---------------------------------------------------------------

    def action_view_capas(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("CAPAs"),
            "res_model": "md.capa",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.capa_ids.ids)],
            "context": {"create": False},
        }

    def action_view_lots(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lots/Serials"),
            "res_model": "stock.lot",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.lot_ids.ids)],
            "context": {"create": False},
        }
