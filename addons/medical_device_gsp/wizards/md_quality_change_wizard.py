from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.medical_device_base.models.md_compliance import MIN_REASON_LENGTH


class MdQualityChangeWizard(models.TransientModel):
    _name = "md.quality.change.wizard"
    _description = "Change Lot Quality Status"

    lot_ids = fields.Many2many("stock.lot", string="Lots/Serials", required=True)
    new_state = fields.Selection(
        lambda self: self.env["stock.lot"]._md_quality_state_selection(manual=True),
        string="New Status", required=True, default="hold")
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "stock.lot" and "lot_ids" in fields_list:
            values["lot_ids"] = [fields.Command.set(self.env.context.get("active_ids") or [])]
        return values

    def action_apply(self):
        self.ensure_one()
        spec = self.env["stock.lot"]._md_quality_states()[self.new_state]
        group, sources = spec["group"], spec["sources"]
        labels = self.env["stock.lot"]._md_quality_labels()
        if not self.env.user.has_group(group):
            raise AccessError(self.env._("Only members of %(group)s may set lots to %(state)s.",
                                         group=self.env.ref(group).sudo().full_name, state=labels[self.new_state]))
        reason = self.env["md.compliance"]._md_required_reason(
            self.reason, self.env._("Explain the status change in at least %s characters.", MIN_REASON_LENGTH))
        wrong = self.lot_ids.filtered(lambda lot: lot.md_quality_state not in sources)
        if wrong:
            if self.new_state == "released" and "quarantine" in wrong.mapped("md_quality_state"):
                hint = self.env._("A quarantined lot is released by signing its acceptance.")
            else:
                hint = self.env._("Allowed from: %s.", ", ".join(labels[s] for s in sources))
            raise UserError(self.env._("%(lots)s cannot be set to %(state)s from their current status. %(hint)s",
                                       lots=", ".join(wrong.mapped("display_name")), state=labels[self.new_state],
                                       hint=hint))
        if self.new_state == "released":
            change = self.lot_ids._md_request_quality_state("released", reason, origin=self.env._("Manual release"))
            return change.action_sign("released")
        self.lot_ids._md_change_quality_state(self.new_state, reason, origin=self.env._("Manual change"))
        return {"type": "ir.actions.act_window_close"}
