from odoo import fields, models


class MdMaintenanceCheck(models.Model):
    _name = "md.maintenance.check"
    _description = "Maintenance check"

    name = fields.Char()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
