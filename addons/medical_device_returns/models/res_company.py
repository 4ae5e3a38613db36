from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    md_return_rate_threshold = fields.Float(
        string="Supplier Quality Return Rate Threshold (%)", default=2.0,
        help="A supplier whose quality returns over the last 12 months exceed this share of what was received "
             "from it gets an activity for QA to requalify it.")
