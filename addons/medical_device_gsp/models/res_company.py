from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    md_delivery_seal = fields.Image(
        string="Delivery Note Seal", max_width=512, max_height=512,
        help="Image of the company's delivery seal printed in the seal box of delivery notes; "
             "leave empty to stamp the printed note by hand.")
    md_acceptance_segregation = fields.Boolean(
        string="Receiver May Not Accept", default=True,
        help="The user who validated a receipt may not sign its acceptance (segregation of duties).")
    md_review_segregation = fields.Boolean(
        string="Picker May Not Review", default=True,
        help="A user who picked a delivery may not sign its outbound review.")
    md_near_expiry_days = fields.Integer(
        string="Near-Expiry Horizon (days)", default=90,
        help="Lots expiring within this many days appear in the near-expiry list and raise one "
             "activity per product for the storage keepers. A product's own alert time "
             "(Inventory tab, Alert Date) wins where it is set.")
    md_storage_keeper_id = fields.Many2one(
        "res.users", string="Storage Keeper",
        help="Receives the near-expiry activities; when empty, every storage keeper does.")
    md_excursion_grace_minutes = fields.Integer(
        string="Excursion Grace Time (min)", default=15,
        help="Default for new sensors: readings out of range for longer than this, or no reading for "
             "longer than the sensor's interval plus this, open an excursion.")

    def write(self, vals):
        result = super().write(vals)
        if "md_near_expiry_days" in vals:
            # The lots' alert dates follow the horizon; products with their own alert time keep theirs.
            Lot = self.env["stock.lot"]
            for company in self:
                Lot._md_recompute_alert_dates(
                    [("company_id", "in", (company.id, False)), ("product_id.alert_time", "=", 0)], company)
        return result
