from odoo import fields, models


class MdEquipmentDepartment(models.Model):
    """A clinical or technical department of the hospital that uses equipment (ICU, radiology…)."""

    _name = "md.equipment.department"
    _description = "Equipment Department"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    head_id = fields.Many2one("res.users", string="Department Head", domain=[("share", "=", False)],
                              help="Signs the installation acceptance of the department's equipment.")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
    equipment_ids = fields.One2many("maintenance.equipment", "md_department_id")

    _sql_constraints = [
        ("name_company_unique", "unique(name, company_id)", "A department of this name already exists."),
    ]
