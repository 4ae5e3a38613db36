from odoo import SUPERUSER_ID, api

# Device lots now have one near-expiry rule: the alert date is the product's alert time before expiry, else
# the company's near-expiry horizon. Lots made before follow it from this version on.


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Lot = env["stock.lot"]
    # pylint: disable-next=no-search-all
    for company in env["res.company"].search([]):
        Lot._md_recompute_alert_dates([("company_id", "=", company.id)], company)
    Lot._md_recompute_alert_dates([("company_id", "=", False)])
