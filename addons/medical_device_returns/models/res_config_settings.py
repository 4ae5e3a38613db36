from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    md_return_rate_threshold = fields.Float(related="company_id.md_return_rate_threshold", readonly=False)
