from odoo import api, fields, models
from odoo.exceptions import UserError


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    md_destruction_id = fields.Many2one("md.destruction", string="Destruction Record", readonly=True, index=True,
                                        copy=False, check_company=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("md_destruction_id") for vals in vals_list):
            raise UserError(self.env._("A scrap order is linked to a destruction record only by its signature."))
        return super().create(vals_list)

    def write(self, vals):
        if "md_destruction_id" in vals and not self.env.su:
            raise UserError(self.env._("A scrap order is linked to a destruction record only by its signature."))
        return super().write(vals)
