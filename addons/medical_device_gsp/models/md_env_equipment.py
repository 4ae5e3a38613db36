from odoo import fields, models


class MdEnvEquipment(models.Model):
    """Register of the equipment that keeps storage conditions: cold rooms, fridges, freezers, vehicles."""

    _name = "md.env.equipment"
    _description = "Environment Equipment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    equipment_type = fields.Selection(
        [("cold_room", "Cold Room"), ("fridge", "Refrigerator"), ("freezer", "Freezer"),
         ("air_conditioning", "Air Conditioning"), ("dehumidifier", "Dehumidifier"),
         ("vehicle", "Refrigerated Vehicle"), ("box", "Insulated Box")],
        string="Type", required=True, default="cold_room", tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    location_id = fields.Many2one("stock.location", string="Location", domain="[('usage', '=', 'internal')]",
                                  tracking=True, index=True)
    calibration_due_date = fields.Date(string="Calibration/Verification Due", tracking=True)
    sensor_ids = fields.One2many("md.env.sensor", "equipment_id", string="Sensors")
