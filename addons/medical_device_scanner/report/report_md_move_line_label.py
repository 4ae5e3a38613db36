from odoo import models


class ReportMdMoveLineLabel(models.AbstractModel):
    _name = "report.medical_device_scanner.report_md_move_line_label"
    _inherit = "md.label.report"
    _description = "Receipt Line Labels"
    _md_label_model = "stock.move.line"
