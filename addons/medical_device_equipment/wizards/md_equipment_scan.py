from odoo import fields, models


class MdEquipmentScan(models.TransientModel):
    """Scan the UDI of a device to register it, or to complete equipment still in acceptance."""

    _name = "md.equipment.scan"
    _description = "Register Equipment by UDI"

    code = fields.Char(string="UDI", required=True,
                       help="Scan or paste the UDI of the device label: device, serial number and dates are read "
                            "from it.")
    equipment_id = fields.Many2one("maintenance.equipment",
                                   domain=[("md_state", "=", "acceptance")],
                                   help="Equipment in acceptance to complete; leave empty to register new equipment.")
    department_id = fields.Many2one("md.equipment.department")
    location = fields.Char()
    category_id = fields.Many2one("maintenance.equipment.category", string="Equipment Category")

    def action_register(self):
        self.ensure_one()
        Equipment = self.env["maintenance.equipment"]
        if self.equipment_id:
            equipment = self.equipment_id
            equipment.md_scan_udi(self.code)
            extra = {name: value for name, value in (
                ("md_department_id", self.department_id.id), ("location", self.location),
                ("category_id", self.category_id.id)) if value}
            if extra:
                equipment.write(extra)
        else:
            equipment = Equipment.md_register_udi(self.code, {
                "md_department_id": self.department_id.id, "location": self.location,
                "category_id": self.category_id.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "maintenance.equipment",
            "res_id": equipment.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
