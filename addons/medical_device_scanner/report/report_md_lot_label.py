from odoo import models


class ReportMdLotLabel(models.AbstractModel):
    _name = "report.medical_device_scanner.report_md_lot_label"
    _inherit = "md.label.report"
    _description = "Lot and Serial Labels"
    _md_label_model = "stock.lot"
