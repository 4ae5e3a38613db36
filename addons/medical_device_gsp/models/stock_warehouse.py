from odoo import api, fields, models
from odoo.exceptions import UserError


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    md_quarantine_location_id = fields.Many2one(
        "stock.location", string="Quarantine Zone", check_company=True,
        help="Receipts of medical devices land here until their acceptance is signed.")
    md_nonconforming_location_id = fields.Many2one(
        "stock.location", string="Nonconforming Zone", check_company=True)
    md_returns_location_id = fields.Many2one("stock.location", string="Returns Zone", check_company=True)
    md_dispatch_location_id = fields.Many2one("stock.location", string="Dispatch Zone", check_company=True)
    md_has_gsp_zones = fields.Boolean(string="GSP Zones", compute="_compute_md_has_gsp_zones")

    @api.depends("md_quarantine_location_id", "md_nonconforming_location_id")
    def _compute_md_has_gsp_zones(self):
        for warehouse in self:
            warehouse.md_has_gsp_zones = bool(warehouse.md_quarantine_location_id
                                              and warehouse.md_nonconforming_location_id)

    def action_md_create_gsp_zones(self):
        """Create the five GSP zones; existing ones are kept, so the button can be pressed again.

        Quarantine, nonconforming and returns sit beside the stock location, not
        inside it, so that Odoo never reserves from them for a delivery.
        """
        Location = self.env["stock.location"]
        for warehouse in self:
            vals = {}
            for field, name, zone in (
                    ("md_quarantine_location_id", self.env._("Quarantine"), "quarantine"),
                    ("md_nonconforming_location_id", self.env._("Nonconforming"), "nonconforming"),
                    ("md_returns_location_id", self.env._("Returns"), "returns")):
                if not warehouse[field]:
                    vals[field] = Location.create({
                        "name": name, "usage": "internal", "location_id": warehouse.view_location_id.id,
                        "company_id": warehouse.company_id.id, "md_zone": zone}).id
                elif warehouse[field].md_zone != zone:
                    warehouse[field].md_zone = zone
            if not warehouse.md_dispatch_location_id:
                vals["md_dispatch_location_id"] = warehouse.wh_output_stock_loc_id.id
            if vals:
                warehouse.write(vals)
            warehouse.lot_stock_id.md_zone = "released"
            warehouse.md_dispatch_location_id.md_zone = "dispatch"
        return True

    def _md_missing_zones_message(self):
        return self.env._("%s has no GSP zones: create them first (Warehouse → Create GSP Zones).",
                          self.display_name or self.env._("The warehouse"))

    def _md_raise_missing_zones(self):
        raise UserError(self._md_missing_zones_message())

    def _md_zone_location(self, zone):
        self.ensure_one()
        return {
            "quarantine": self.md_quarantine_location_id,
            "released": self.lot_stock_id,
            "dispatch": self.md_dispatch_location_id,
            "nonconforming": self.md_nonconforming_location_id,
            "returns": self.md_returns_location_id,
        }.get(zone) or self.env["stock.location"]
