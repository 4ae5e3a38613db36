from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    md_acceptance_segregation = fields.Boolean(related="company_id.md_acceptance_segregation", readonly=False)
    md_review_segregation = fields.Boolean(related="company_id.md_review_segregation", readonly=False)
    md_near_expiry_days = fields.Integer(related="company_id.md_near_expiry_days", readonly=False)
    md_storage_keeper_id = fields.Many2one(related="company_id.md_storage_keeper_id", readonly=False)
    md_excursion_grace_minutes = fields.Integer(related="company_id.md_excursion_grace_minutes", readonly=False)
    md_delivery_seal = fields.Image(related="company_id.md_delivery_seal", readonly=False)
