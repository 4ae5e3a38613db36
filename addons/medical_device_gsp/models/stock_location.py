from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Label conditions that need a monitored cold store.
COLD_CONDITIONS = ("cold_chain", "frozen")

ZONES = [
    ("quarantine", "Quarantine"),
    ("released", "Released Stock"),
    ("dispatch", "Dispatch"),
    ("nonconforming", "Nonconforming"),
    ("returns", "Returns"),
]
ZONE_COLORS = {
    "quarantine": "yellow", "returns": "yellow",
    "released": "green", "dispatch": "green",
    "nonconforming": "red",
}
# Zones whose goods may not be sold: reservation there ignores quality status,
# because the only moves out of them are dispositions (acceptance, return, scrap).
SEGREGATED_ZONES = ("quarantine", "nonconforming", "returns")


class StockLocation(models.Model):
    _inherit = "stock.location"

    md_zone = fields.Selection(
        ZONES, string="GSP Zone", compute="_compute_md_zone", store=True, readonly=False,
        recursive=True, index=True,
        help="三色五区: yellow quarantine and returns, green released stock and dispatch, red nonconforming. "
             "Sub-locations inherit the zone of their parent.")
    md_zone_color = fields.Selection(
        [("yellow", "Yellow"), ("green", "Green"), ("red", "Red")], string="Zone Colour",
        compute="_compute_md_zone_color")
    # Storage conditions: a shelf inherits its room's unless it declares its own
    # (a fridge standing in a normal-temperature store, say).
    md_own_conditions = fields.Boolean(
        string="Own Storage Conditions",
        help="Declare conditions for this location instead of taking its parent's "
             "(a fridge standing in a normal-temperature store).")
    md_parent_controlled = fields.Boolean(related="location_id.md_storage_controlled",
                                          string="Parent Has Conditions")
    md_storage_controlled = fields.Boolean(
        string="Controlled Storage", compute="_compute_md_conditions", store=True, readonly=False,
        recursive=True,
        help="The location guarantees the temperature and humidity below; devices whose label "
             "conditions it does not cover cannot be put here.")
    md_temp_min = fields.Float(string="Min. Temperature (°C)", compute="_compute_md_conditions", store=True,
                               readonly=False, recursive=True)
    md_temp_max = fields.Float(string="Max. Temperature (°C)", compute="_compute_md_conditions", store=True,
                               readonly=False, recursive=True)
    md_humidity_max = fields.Float(string="Max. Humidity (%)", compute="_compute_md_conditions", store=True,
                                   readonly=False, recursive=True, help="0 means humidity is not controlled.")
    md_cold_chain_capable = fields.Boolean(
        string="Cold-Chain Capable", compute="_compute_md_conditions", store=True, readonly=False,
        recursive=True,
        help="Cold store or fridge with automatic temperature monitoring, alarm and backup: "
             "required for cold-chain and frozen devices.")
    md_sensor_ids = fields.One2many("md.env.sensor", "location_id", string="Sensors")

    @api.depends("location_id.md_zone")
    def _compute_md_zone(self):
        for location in self:
            location.md_zone = location.location_id.md_zone or location.md_zone or False

    @api.depends("md_own_conditions", "location_id.md_storage_controlled", "location_id.md_temp_min",
                 "location_id.md_temp_max", "location_id.md_humidity_max", "location_id.md_cold_chain_capable")
    def _compute_md_conditions(self):
        for location in self:
            parent = location.location_id
            source = parent if parent.md_storage_controlled and not location.md_own_conditions else location
            location.md_storage_controlled = source.md_storage_controlled
            location.md_temp_min = source.md_temp_min
            location.md_temp_max = source.md_temp_max
            location.md_humidity_max = source.md_humidity_max
            location.md_cold_chain_capable = source.md_cold_chain_capable

    def write(self, vals):
        result = super().write(vals)
        if vals.get("md_storage_controlled") is False:
            # Shelves that took these conditions lose them too, rather than keep stale limits.
            inheriting = self.search([("id", "child_of", self.ids), ("id", "not in", self.ids),
                                      ("md_own_conditions", "=", False), ("md_storage_controlled", "=", True)])
            inheriting = inheriting.filtered(lambda loc: not loc.location_id.md_storage_controlled
                                             or loc.location_id in self)
            if inheriting:
                inheriting.write({"md_storage_controlled": False})
        return result

    @api.constrains("md_storage_controlled", "md_temp_min", "md_temp_max", "md_humidity_max")
    def _check_md_conditions(self):
        for location in self.filtered("md_storage_controlled"):
            if location.md_temp_min >= location.md_temp_max:
                raise ValidationError(self.env._(
                    "%s: the minimum temperature must be below the maximum.", location.display_name))
            if not 0 <= location.md_humidity_max <= 100:
                raise ValidationError(self.env._(
                    "%s: the maximum humidity must be between 0 and 100 %%.", location.display_name))

    def _md_condition_problem(self, product):
        """Why this location cannot store ``product`` (a message), or False."""
        self.ensure_one()
        if not product.is_medical_device or self.usage != "internal":
            return False
        template = product.product_tmpl_id
        needs_cold = template.md_storage_condition in COLD_CONDITIONS
        # Undeclared locations are not checked: conditions are declared where
        # they are monitored, and a shelf inherits its room's.
        if not self.md_storage_controlled:
            return False
        reasons = []
        if self.md_temp_min < template.md_temp_min or self.md_temp_max > template.md_temp_max:
            reasons.append(self.env._("%(low)s to %(high)s °C is needed, the location keeps %(loc_low)s to %(loc_high)s °C",
                                      low=template.md_temp_min, high=template.md_temp_max,
                                      loc_low=self.md_temp_min, loc_high=self.md_temp_max))
        if template.md_humidity_max and not 0 < self.md_humidity_max <= template.md_humidity_max:
            reasons.append(self.env._("humidity at most %(max)s %% is needed, the location guarantees %(loc)s",
                                      max=template.md_humidity_max,
                                      loc=("%s %%" % self.md_humidity_max) if self.md_humidity_max else self.env._("none")))
        if needs_cold and not self.md_cold_chain_capable:
            reasons.append(self.env._("the location is not cold-chain capable"))
        if not reasons:
            return False
        return self.env._("%(product)s cannot be stored in %(location)s: %(reasons)s.",
                          product=product.display_name, location=self.display_name, reasons="; ".join(reasons))

    def action_md_temperature_chart(self):
        """The readings taken in this location, hour by hour, titled with the range it must keep.

        Only this location: a fridge inside a store keeps other conditions, and
        its readings averaged with the store's would describe neither.
        """
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("medical_device_gsp.md_env_reading_chart_action")
        action["domain"] = [("location_id", "=", self.id)]
        action["context"] = {"search_default_last_30_days": 1}
        if self.md_storage_controlled:
            title = self.env._("Temperature (allowed %(low)s to %(high)s °C): %(location)s",
                               location=self.display_name, low="%g" % self.md_temp_min, high="%g" % self.md_temp_max)
        else:
            title = self.env._("Temperature: %s", self.display_name)
        # The web client titles the chart with display_name.
        action["name"] = action["display_name"] = title
        return action

    @api.depends("md_zone")
    def _compute_md_zone_color(self):
        for location in self:
            location.md_zone_color = ZONE_COLORS.get(location.md_zone, False)
