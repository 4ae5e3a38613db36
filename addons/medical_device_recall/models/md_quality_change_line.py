from odoo import fields, models


class MdQualityChangeLine(models.Model):
    _inherit = "md.quality.change.line"

    old_state = fields.Selection(selection_add=[("recalled", "Recalled")], ondelete={"recalled": "set null"})
