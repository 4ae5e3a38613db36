from odoo import fields, models


class MdNearExpiryReport(models.Model):
    _inherit = "md.near.expiry.report"

    quality_state = fields.Selection(selection_add=[("recalled", "Recalled")])
