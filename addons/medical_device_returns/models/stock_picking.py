from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    md_return_id = fields.Many2one("md.return", string="Return Case", readonly=True, copy=False, index="btree_not_null")

    def _action_done(self):
        result = super()._action_done()
        for picking in self.filtered(lambda p: p.md_return_id and p.state == "done"):
            picking.md_return_id.sudo()._md_on_transfer_done(picking)
        return result

    def action_md_open_return(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "md.return", "res_id": self.md_return_id.id,
                "view_mode": "form"}
