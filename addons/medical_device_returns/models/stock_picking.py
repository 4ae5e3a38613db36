from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    md_return_id = fields.Many2one("md.return", string="Return Case", readonly=True, copy=False, index="btree_not_null")

    # Set by the return's own buttons (as superuser), never typed: validating the transfer moves the return on.
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("md_return_id") for vals in vals_list):
            raise UserError(self.env._("A transfer is linked to a return only by the return's buttons."))
        return super().create(vals_list)

    def write(self, vals):
        if "md_return_id" in vals and not self.env.su:
            raise UserError(self.env._("A transfer is linked to a return only by the return's buttons."))
        return super().write(vals)

    def _action_done(self):
        result = super()._action_done()
        for picking in self.filtered(lambda p: p.md_return_id and p.state == "done"):
            picking.md_return_id.sudo()._md_on_transfer_done(picking)
        return result

    def action_md_open_return(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "md.return", "res_id": self.md_return_id.id,
                "view_mode": "form"}
