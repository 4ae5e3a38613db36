from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    md_quality_state = fields.Selection(selection_add=[("returned", "Returned")], ondelete={"returned": "set null"})
