from odoo import fields, models


class MdMaintenancePlan(models.Model):
    _name = "md.maintenance.plan"
    _description = "Maintenance plan"

    name = fields.Char()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
