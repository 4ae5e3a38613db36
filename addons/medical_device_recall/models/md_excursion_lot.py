from odoo import fields, models


class MdExcursionLot(models.Model):
    _inherit = "md.excursion.lot"

    previous_state = fields.Selection(selection_add=[("recalled", "Recalled")], ondelete={"recalled": "set null"})
