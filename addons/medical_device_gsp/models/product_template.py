from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    md_receipt_min_shelf_life_days = fields.Integer(
        string="Minimum Shelf Life at Receipt (days)", default=180, tracking=True,
        help="A lot whose remaining shelf life at receipt is shorter is refused at receiving. 0: only "
             "expired lots are refused.")

    def write(self, vals):
        result = super().write(vals)
        if "alert_time" in vals:
            # Existing lots take the new alert time (or the company horizon when it is cleared).
            devices = self.filtered("is_medical_device")
            if devices:
                self.env["stock.lot"]._md_recompute_alert_dates([("product_id.product_tmpl_id", "in", devices.ids)])
        return result
