from odoo import fields, models
from odoo.tools import float_round

from odoo.addons.medical_device_base.models.md_compliance import problems_error

from ..utils.forecast import reorder_levels


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    md_use_forecast = fields.Boolean(
        string="Min/Max from Forecast",
        help="The minimum and maximum are set from the demand forecast: demand over the lead time plus "
             "safety stock, and the maximum adds the demand of the review period.")
    # What the last min/max from the forecast was made of, so that a buyer can check it.
    md_lead_days = fields.Integer(string="Lead Time (days)", readonly=True)
    md_lead_demand = fields.Float(string="Demand over Lead Time", digits="Product Unit of Measure", readonly=True)
    md_safety_stock = fields.Float(
        string="Safety Stock", digits="Product Unit of Measure", readonly=True,
        help="z(service level) x daily standard deviation x sqrt(lead time days): the minimum is the demand "
             "over the lead time plus this.")

    def action_md_apply_forecast(self):
        """Button: set the min/max of these reordering rules from their product's forecast."""
        self.env["md.demand.forecast"]._md_check_planner()
        self.check_access("read")
        rates = self.env["md.demand.forecast"]._md_rates(self.product_id, self.warehouse_id)
        problems = [self.env._("%(rule)s does not take its min/max from the forecast.", rule=op.display_name)
                    for op in self if not op.md_use_forecast]
        problems += [self.env._("%(product)s has no forecast in %(warehouse)s yet: compute the forecasts first.",
                                product=op.product_id.display_name, warehouse=op.warehouse_id.name)
                     for op in self if op.md_use_forecast and (op.product_id.id, op.warehouse_id.id) not in rates]
        if problems:
            raise problems_error(self.env._("The min/max were not set from the forecast:"), problems)
        self.sudo()._md_apply_forecast()
        return True

    def _md_apply_forecast(self):
        """Min/max of the forecast-fed rules among these, from the forecasts (no forecast: no demand)."""
        orderpoints = self.filtered("md_use_forecast")
        rates = self.env["md.demand.forecast"]._md_rates(orderpoints.product_id, orderpoints.warehouse_id)
        today = fields.Date.today()  # Odoo's lead days date counts from it
        for op in orderpoints:
            daily, sigma = rates.get((op.product_id.id, op.warehouse_id.id), (0.0, 0.0))
            lead_days = (op.lead_days_date - today).days if op.lead_days_date else 0
            category = op.product_id.categ_id
            safety, lead_demand, minimum, maximum = reorder_levels(
                daily, sigma, lead_days, category.md_review_days, category.md_service_level)
            rounding = op.product_uom.rounding
            # Rounded up: a rule never plans on less than the demand it expects.
            op.write({
                "md_lead_days": lead_days,
                "md_lead_demand": float_round(lead_demand, precision_rounding=rounding),
                "md_safety_stock": float_round(safety, precision_rounding=rounding),
                "product_min_qty": float_round(minimum, precision_rounding=rounding, rounding_method="UP"),
                "product_max_qty": float_round(maximum, precision_rounding=rounding, rounding_method="UP"),
            })
