from odoo import fields, models


class MdCapa(models.Model):
    _inherit = "md.capa"

    source_ref = fields.Reference(selection_add=[("md.return", "Return")])
