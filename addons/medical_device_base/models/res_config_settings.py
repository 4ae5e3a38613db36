from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    md_expiry_horizon_long = fields.Integer(related="company_id.md_expiry_horizon_long", readonly=False)
    md_expiry_horizon_short = fields.Integer(related="company_id.md_expiry_horizon_short", readonly=False)
    md_qa_responsible_id = fields.Many2one(related="company_id.md_qa_responsible_id", readonly=False)
