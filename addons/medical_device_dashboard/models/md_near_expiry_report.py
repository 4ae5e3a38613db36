from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class MdNearExpiryReport(models.Model):
    _inherit = "md.near.expiry.report"

    md_near_expiry = fields.Boolean(
        string="Within Near-Expiry Horizon", compute="_compute_md_near_expiry", search="_search_md_near_expiry",
        help="Not yet expired, and expiring within the near-expiry horizon of the stock's company "
             "(Settings, Medical Devices).")

    @api.depends("days_to_expiry", "company_id.md_near_expiry_days")
    def _compute_md_near_expiry(self):
        for row in self:
            row.md_near_expiry = 0 < row.days_to_expiry <= row.company_id.md_near_expiry_days

    def _search_md_near_expiry(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search near-expiry stock with = True or = False only."))
        # Each company has its own horizon: a static domain (a dashboard's) still follows the settings.
        within = expression.OR([
            [("company_id", "=", company.id), ("days_to_expiry", ">", 0),
             ("days_to_expiry", "<=", company.md_near_expiry_days)]
            for company in self.env["res.company"].sudo().search([])
        ])
        return within if (operator == "=") == value else ["!", *within]
