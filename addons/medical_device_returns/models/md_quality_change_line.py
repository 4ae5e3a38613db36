from odoo import fields, models


class MdQualityChangeLine(models.Model):
    _inherit = "md.quality.change.line"

    old_state = fields.Selection(selection_add=[("returned", "Returned")], ondelete={"returned": "set null"})
