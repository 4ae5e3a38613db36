from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


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

    def _md_demo_set_currency(self, currency_id):
        """Demo data only: make the currency ``currency_id`` the company's currency although journal items exist.

        Odoo's accounting demo has posted its sample invoices in the default currency before this add-on's
        demo data loads, and accounting refuses a currency change once journal items exist. A real company is
        created in its own currency before its first entry; in the demo the sample entries take the new
        currency's label (their amounts are samples), and the fields stored from the company's currency are
        recomputed by the ORM.
        """
        if not self.env.su:
            raise AccessError(self.env._("Only the demo data loader may change a company's currency this way."))
        currency = self.env["res.currency"].browse(currency_id)
        currency.active = True
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_company SET currency_id = %s WHERE id IN %s", (currency.id, tuple(self.ids)))
        self.invalidate_recordset(["currency_id"])
        self.modified(["currency_id"])
        self.env.flush_all()
