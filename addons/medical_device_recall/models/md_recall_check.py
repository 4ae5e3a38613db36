from odoo import api, fields, models
from odoo.exceptions import UserError


class MdRecallCheck(models.Model):
    """An effectiveness check: did the consignees get the notice and act on it?"""

    _name = "md.recall.check"
    _description = "Recall Effectiveness Check"
    _inherit = ["md.workflow.mixin"]
    _order = "date desc, id desc"

    # Who checked is whoever records the check.
    _md_workflow_fields = ("user_id",)

    recall_id = fields.Many2one("md.recall", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    partner_id = fields.Many2one("res.partner", string="Consignee Checked")
    method = fields.Selection([("phone", "Phone"), ("visit", "Visit"), ("email", "E-mail"),
                               ("document", "Document Review")], required=True, default="phone")
    result = fields.Selection([("effective", "Effective"), ("not_effective", "Not Effective")], required=True)
    note = fields.Text(required=True)
    user_id = fields.Many2one("res.users", string="Checked By", required=True, readonly=True,
                              default=lambda self: self.env.user)

    def _md_check_open(self, recalls):
        closed = recalls.filtered(lambda r: r.state != "ongoing")
        if closed:
            raise UserError(self.env._("Effectiveness checks are recorded while the recall is ongoing (%s).",
                                       ", ".join(closed.mapped("name"))))

    @api.model_create_multi
    def create(self, vals_list):
        self._md_check_open(self.env["md.recall"].browse({vals.get("recall_id") for vals in vals_list}))
        return super().create(vals_list)

    def write(self, vals):
        self._md_check_open(self.recall_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_while_open(self):
        self._md_check_open(self.recall_id)
