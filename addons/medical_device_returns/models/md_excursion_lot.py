from odoo import fields, models


class MdExcursionLot(models.Model):
    _inherit = "md.excursion.lot"

    previous_state = fields.Selection(selection_add=[("returned", "Returned")], ondelete={"returned": "set null"})
