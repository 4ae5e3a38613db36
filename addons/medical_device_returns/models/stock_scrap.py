from odoo import fields, models


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    md_return_id = fields.Many2one("md.return", string="Return Case", readonly=True, copy=False,
                                   index="btree_not_null")
