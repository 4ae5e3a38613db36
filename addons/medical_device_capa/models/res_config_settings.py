from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    md_ae_other_report_days = fields.Integer(related="company_id.md_ae_other_report_days", readonly=False)
    md_capa_escalation_days = fields.Integer(related="company_id.md_capa_escalation_days", readonly=False)
    md_score_weight_rejection = fields.Integer(related="company_id.md_score_weight_rejection", readonly=False)
    md_score_weight_on_time = fields.Integer(related="company_id.md_score_weight_on_time", readonly=False)
    md_score_weight_returns = fields.Integer(related="company_id.md_score_weight_returns", readonly=False)
    md_score_weight_capa = fields.Integer(related="company_id.md_score_weight_capa", readonly=False)
    md_score_weight_lapses = fields.Integer(related="company_id.md_score_weight_lapses", readonly=False)
    md_score_weight_price = fields.Integer(related="company_id.md_score_weight_price", readonly=False)
    md_score_weight_service = fields.Integer(related="company_id.md_score_weight_service", readonly=False)
    md_score_service_days = fields.Integer(related="company_id.md_score_service_days", readonly=False)
    md_score_min_grade = fields.Selection(related="company_id.md_score_min_grade", readonly=False)
