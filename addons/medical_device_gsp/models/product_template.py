from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    md_receipt_min_shelf_life_days = fields.Integer(
        string="Minimum Shelf Life at Receipt (days)", default=180, tracking=True,
        help="A lot whose remaining shelf life at receipt is shorter is refused at receiving. 0: only "
             "expired lots are refused.")
