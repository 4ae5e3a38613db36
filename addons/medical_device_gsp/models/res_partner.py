from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    md_min_shelf_life_days = fields.Integer(
        string="Minimum Remaining Shelf Life (days)", tracking=True,
        help="Devices delivered to this customer must have at least this many days before expiry; "
             "the outbound review refuses shorter-dated lots. 0: no requirement.")
