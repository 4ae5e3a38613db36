from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MdEnvEquipment(models.Model):
    """Register of the equipment that keeps storage conditions: cold rooms, fridges, freezers, vehicles."""

    _name = "md.env.equipment"
    _description = "Environment Equipment"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.calibration.mixin"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    equipment_type = fields.Selection(
        [("cold_room", "Cold Room"), ("fridge", "Refrigerator"), ("freezer", "Freezer"),
         ("air_conditioning", "Air Conditioning"), ("dehumidifier", "Dehumidifier"),
         ("vehicle", "Refrigerated Vehicle"), ("box", "Insulated Box")],
        string="Type", required=True, default="cold_room", tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    location_id = fields.Many2one("stock.location", domain="[('usage', '=', 'internal')]",
                                  tracking=True, index=True)
    sensor_ids = fields.One2many("md.env.sensor", "equipment_id", string="Sensors")
    sensor_count = fields.Integer(compute="_compute_sensor_count")
    unit_count = fields.Integer(
        string="Refrigeration Units", default=1, tracking=True,
        help="GSP asks cold stores for two refrigeration units, so that one can fail or be serviced.")
    unit_warning = fields.Boolean(string="Single Refrigeration Unit", compute="_compute_unit_warning")
    backup_power = fields.Boolean(tracking=True,
                                  help="Generator or dual power supply keeping the equipment running in a power cut.")
    backup_power_note = fields.Char(string="Backup Power Details")
    responsible_id = fields.Many2one("res.users", tracking=True,
                                     help="Gets the calibration reminders; the company's storage keeper when empty.")
    note = fields.Text()

    @api.depends("sensor_ids")
    def _compute_sensor_count(self):
        for equipment in self:
            equipment.sensor_count = len(equipment.sensor_ids)

    @api.depends("equipment_type", "unit_count")
    def _compute_unit_warning(self):
        # A warning, not a block: small stores may run on one unit under a documented risk assessment.
        for equipment in self:
            equipment.unit_warning = equipment.equipment_type == "cold_room" and equipment.unit_count < 2

    @api.constrains("unit_count")
    def _check_unit_count(self):
        for equipment in self:
            if equipment.unit_count < 0:
                raise ValidationError(self.env._("%(equipment)s: the number of refrigeration units cannot be "
                                                 "negative.", equipment=equipment.display_name))

    # Calibration ---------------------------------------------------------------

    def _md_calibration_user(self):
        self.ensure_one()
        return self.responsible_id or self.company_id.md_storage_keeper_id or self.env.user

    def _md_calibration_impact(self, date_from, date_to):
        """A cold room's verification (temperature mapping) bears on the excursions its sensors reported."""
        self.ensure_one()
        domain = [("sensor_id", "in", self.sensor_ids.ids), ("start", "<=", date_to)]
        if date_from:
            domain.append(("start", ">=", fields.Datetime.to_datetime(date_from)))
        return [self.env["md.excursion"].sudo().search(domain)]
