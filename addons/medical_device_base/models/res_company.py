from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    md_expiry_horizon_long = fields.Integer(
        string="First Expiry Warning (days)", default=90,
        help="Certificates and licences expiring within this many days raise a first activity.")
    md_expiry_horizon_short = fields.Integer(
        string="Second Expiry Warning (days)", default=30,
        help="A second activity is raised within this many days of expiry.")
    md_qa_responsible_id = fields.Many2one(
        "res.users", string="QA Responsible",
        help="Receives expiry activities; when empty, every QA manager does.")

    @api.constrains("md_expiry_horizon_long", "md_expiry_horizon_short")
    def _check_md_horizons(self):
        for company in self:
            if not 0 < company.md_expiry_horizon_short < company.md_expiry_horizon_long:
                raise ValidationError(self.env._(
                    "Expiry warnings: the second horizon must be positive and shorter than the first."))
