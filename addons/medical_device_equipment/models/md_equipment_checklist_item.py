from odoo import fields, models


class MdEquipmentChecklistItem(models.Model):
    _name = "md.equipment.checklist.item"
    _description = "Installation Checklist Item"
    _order = "checklist_id, sequence, id"

    checklist_id = fields.Many2one("md.equipment.checklist", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="checklist_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True, translate=True)
