from odoo import fields, models


class MdMaintenanceCheckLine(models.Model):
    _name = "md.maintenance.check.line"
    _description = "Maintenance check line"

    name = fields.Char()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
