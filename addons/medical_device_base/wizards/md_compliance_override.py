from odoo import api, fields, models
from odoo.exceptions import UserError

CONFIRM_METHODS = {"purchase.order": "button_confirm", "sale.order": "action_confirm"}


class MdComplianceOverride(models.TransientModel):
    """Lets a QA manager confirm one blocked order with a written reason."""

    _name = "md.compliance.override"
    _description = "Compliance Override"

    res_model = fields.Char(required=True)
    res_id = fields.Integer(required=True)
    problems = fields.Text(compute="_compute_problems")
    reason = fields.Text(required=True)

    def _record(self):
        if self.res_model not in CONFIRM_METHODS:
            raise UserError(self.env._("Overrides apply to purchase and sale orders only."))
        return self.env[self.res_model].browse(self.res_id).exists()

    @api.depends("res_model", "res_id")
    def _compute_problems(self):
        for wizard in self:
            record = wizard._record()
            role = "supplier" if wizard.res_model == "purchase.order" else "customer"
            problems = self.env["md.compliance"]._md_order_problems(
                record.partner_id, record.order_line.product_id, fields.Date.context_today(self), role,
                destination=record._md_compliance_destination()) if record else []
            wizard.problems = "\n".join(f"• {p}" for p in problems) or self.env._("No compliance problem found.")

    def action_confirm(self):
        self.ensure_one()
        record = self._record()
        if not record:
            raise UserError(self.env._("The order no longer exists."))
        self.env["md.compliance"]._md_grant_override(record, self.reason)
        getattr(record, CONFIRM_METHODS[self.res_model])()
        return {"type": "ir.actions.act_window_close"}
