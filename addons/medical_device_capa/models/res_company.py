from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCORE_WEIGHTS = ["md_score_weight_rejection", "md_score_weight_on_time", "md_score_weight_returns",
                 "md_score_weight_capa", "md_score_weight_lapses", "md_score_weight_price", "md_score_weight_service"]


class ResCompany(models.Model):
    _inherit = "res.company"

    md_ae_other_report_days = fields.Integer(
        string="Other Adverse Events: Report Within (days)", default=30,
        help="Events that caused neither death nor serious injury have no statutory deadline; "
             "this is the company's own.")
    md_capa_escalation_days = fields.Integer(
        string="Escalate CAPAs Overdue By (days)", default=0,
        help="A CAPA past its target date by more than this gets an activity for the QA manager.")
    # Quality, delivery, price and service (the dimensions of supplier evaluation), adding up to 100.
    md_score_weight_rejection = fields.Integer(string="Weight: Acceptance Rejections", default=25)
    md_score_weight_on_time = fields.Integer(string="Weight: On-Time Delivery", default=20)
    md_score_weight_returns = fields.Integer(string="Weight: Quality Returns", default=15)
    md_score_weight_capa = fields.Integer(string="Weight: Open CAPAs", default=10)
    md_score_weight_lapses = fields.Integer(string="Weight: Certificate/Licence Lapses", default=10)
    md_score_weight_price = fields.Integer(string="Weight: Price", default=10)
    md_score_weight_service = fields.Integer(string="Weight: Service", default=10)
    md_score_service_days = fields.Integer(
        string="Supplier Service: Answer Within (days)", default=30,
        help="Complaints about a supplier's devices and quality returns of its lots count as answered on time "
             "in its scorecard when closed (returns: disposed of) within this many days.")
    md_score_min_grade = fields.Selection(
        [("A", "A"), ("B", "B"), ("C", "C")], string="Requalify Below Grade", default="B",
        help="A scorecard graded below this raises an activity to requalify the supplier.")

    @api.constrains(*SCORE_WEIGHTS, "md_ae_other_report_days", "md_capa_escalation_days", "md_score_service_days")
    def _check_md_capa_settings(self):
        for company in self:
            weights = [company[name] for name in SCORE_WEIGHTS]
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(self.env._(
                    "Scorecard weights cannot be negative and at least one must be above zero."))
            if company.md_ae_other_report_days < 1 or company.md_capa_escalation_days < 0:
                raise ValidationError(self.env._(
                    "Adverse events need at least one day to be reported, and CAPA escalation cannot "
                    "start before the target date."))
            if company.md_score_service_days < 1:
                raise ValidationError(self.env._("Suppliers need at least one day to answer."))
