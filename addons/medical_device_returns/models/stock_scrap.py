from odoo import api, fields, models
from odoo.exceptions import UserError


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    md_return_id = fields.Many2one("md.return", string="Return Case", readonly=True, copy=False,
                                   index="btree_not_null")

    # Set by the signed disposition of the return (as superuser), never typed.
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("md_return_id") for vals in vals_list):
            raise UserError(self.env._("A scrap is linked to a return only by the return's signed disposition."))
        return super().create(vals_list)

    def write(self, vals):
        if "md_return_id" in vals and not self.env.su:
            raise UserError(self.env._("A scrap is linked to a return only by the return's signed disposition."))
        return super().write(vals)
