from odoo import fields, models


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    md_use_forecast = fields.Boolean(
        string="Min/Max from Forecast",
        help="The minimum and maximum are set from the demand forecast: demand over the lead time plus "
             "safety stock, and the maximum adds the demand of the review period.")
