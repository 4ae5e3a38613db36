from odoo import fields, models


class BarcodeRule(models.Model):
    _inherit = "barcode.rule"

    type = fields.Selection(selection_add=[
        ("md_production_date", "Production Date"),
        ("md_additional_id", "Additional Product Identification"),
    ], ondelete={"md_production_date": "set default", "md_additional_id": "set default"})
