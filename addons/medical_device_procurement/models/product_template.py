from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    md_acceptance_lead_days = fields.Integer(
        string="Acceptance Lead Time (days)", default=2,
        help="How long quarantined goods take to be accepted and released: replenishment counts them "
             "as incoming stock available after this many days.")
