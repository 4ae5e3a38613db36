from odoo import fields, models


class MdOutboundReviewLine(models.Model):
    _inherit = "md.outbound.review.line"

    quality_state = fields.Selection(selection_add=[("recalled", "Recalled")], ondelete={"recalled": "set null"})
