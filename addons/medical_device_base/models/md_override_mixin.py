from odoo import fields, models


class MdOverrideMixin(models.AbstractModel):
    """Orders whose compliance block a QA manager may override, once, with a reason."""

    _name = "md.override.mixin"
    _inherit = ["md.workflow.mixin"]
    _description = "Compliance Override Record"
    # Written only by a granted override (md.compliance._md_enforce) and cleared by resetting to draft.
    _md_workflow_fields = ("md_override_reason", "md_override_user_id", "md_override_date")

    md_override_reason = fields.Text(string="Compliance Override Reason", readonly=True, copy=False)
    md_override_user_id = fields.Many2one("res.users", string="Overridden By", readonly=True, copy=False)
    md_override_date = fields.Datetime(string="Overridden On", readonly=True, copy=False)

    def _md_compliance_destination(self):
        """The address the goods go to, for the checks that depend on where they are delivered."""
        return self.env["res.partner"]

    def action_md_override(self):
        self.ensure_one()
        return self.env["md.compliance"]._md_override_action(self)
