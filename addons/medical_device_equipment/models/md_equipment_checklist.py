from odoo import api, fields, models


class MdEquipmentChecklist(models.Model):
    """The items an installation acceptance checks, for some equipment categories or by default."""

    _name = "md.equipment.checklist"
    _description = "Installation Checklist"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    category_ids = fields.Many2many(
        "maintenance.equipment.category", string="Equipment Categories",
        help="Equipment of these categories is accepted with this checklist; a checklist without categories "
             "serves the others.")
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
    item_ids = fields.One2many("md.equipment.checklist.item", "checklist_id", string="Items", copy=True)

    @api.model
    def _md_for_equipment(self, equipment):
        """The checklist of the equipment's category, else the first one without category."""
        domain = [("company_id", "in", [False, equipment.company_id.id])]
        checklists = self.search(domain)
        category = equipment.category_id
        return (checklists.filtered(lambda c: category and category in c.category_ids)[:1]
                or checklists.filtered(lambda c: not c.category_ids)[:1])
