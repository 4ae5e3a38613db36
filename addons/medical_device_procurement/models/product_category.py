from odoo import fields, models

from .md_demand_forecast import METHODS


class ProductCategory(models.Model):
    _inherit = "product.category"

    md_forecast_method = fields.Selection(
        METHODS, string="Forecast Method", required=True, default="moving_average",
        help="Moving average for steady demand, simple exponential smoothing for demand that drifts, "
             "Holt-Winters for demand with a yearly season (it needs a year and a half of history plus the "
             "holdout; with less, simple exponential smoothing is used).")
    md_service_level = fields.Float(
        string="Service Level (%)", default=95.0, digits=(5, 2),
        help="Chance of not running out while a replenishment is on its way: the safety stock grows with it.")
    md_forecast_window = fields.Integer(
        string="Moving Average Window (weeks)", default=8,
        help="Weeks of the most recent demand the moving average is taken over.")
    md_review_days = fields.Integer(
        string="Review Period (days)", default=7,
        help="Days between two replenishment reviews: the maximum adds their demand to the minimum.")
    md_history_days = fields.Integer(
        string="Forecast History (days)", default=730,
        help="How far back deliveries are read to forecast demand.")
    md_holdout_weeks = fields.Integer(
        string="Holdout (weeks)", default=8,
        help="Most recent weeks held out to measure the forecast's accuracy (MAPE); the forecast demand is "
             "the mean over as many weeks ahead.")

    _sql_constraints = [
        ("md_service_level_range", "CHECK(md_service_level > 50 AND md_service_level < 100)",
         "The service level is a percentage above 50 and below 100."),
        ("md_forecast_positive",
         "CHECK(md_forecast_window > 0 AND md_review_days >= 0 AND md_history_days >= 7 AND md_holdout_weeks > 0)",
         "The moving average window and the holdout are at least one week, the history at least 7 days and the "
         "review period not negative."),
    ]
