from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Calibration or verification falling due within this many days raises an activity.
CALIBRATION_NOTICE_DAYS = 30


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
    location_id = fields.Many2one("stock.location", domain="[('usage', '=', 'internal')]",
                                  tracking=True, index=True)
    calibration_due_date = fields.Date(string="Calibration/Verification Due", tracking=True)
    last_calibration_date = fields.Date(string="Last Calibration/Verification", tracking=True)
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

    @api.model
    def _cron_md_calibration_due(self):
        """One calibration activity per equipment or sensor falling due soon, while none is open."""
        horizon = fields.Date.context_today(self) + timedelta(days=CALIBRATION_NOTICE_DAYS)
        for model in ("md.env.equipment", "md.env.sensor"):
            records = self.env[model].search([("calibration_due_date", "!=", False),
                                              ("calibration_due_date", "<=", horizon)])
            self._md_schedule_calibration(records)

    @api.model
    def _md_schedule_calibration(self, records):
        """Equipment and sensors alike: both carry calibration_due_date, responsible_id and activities."""
        if not records:
            return
        activity_type = self.env.ref("medical_device_gsp.mail_activity_md_calibration")
        open_ids = set(self.env["mail.activity"].search([
            ("res_model", "=", records._name), ("res_id", "in", records.ids),
            ("activity_type_id", "=", activity_type.id)]).mapped("res_id"))
        for record in records.filtered(lambda r: r.id not in open_ids):
            record.activity_schedule(
                "medical_device_gsp.mail_activity_md_calibration",
                date_deadline=record.calibration_due_date,
                user_id=(record.responsible_id or record.company_id.md_storage_keeper_id or self.env.user).id,
                note=self.env._("Calibration/verification of %(name)s is due on %(date)s.",
                                name=record.display_name, date=record.calibration_due_date))
