from odoo import fields, models


class MdNonconformance(models.Model):
    _inherit = "md.nonconformance"

    source_ref = fields.Reference(selection_add=[("md.recall", "Recall")])
    source_model = fields.Selection(selection_add=[("md.recall", "Recall")])
