from odoo import models


class ReportMdLocationLabel(models.AbstractModel):
    _name = "report.medical_device_scanner.report_md_location_label"
    _inherit = "md.label.report"
    _description = "Location Labels"
    _md_label_model = "stock.location"
