from odoo import api, fields, models

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

    @api.depends("location_id.md_zone")
    def _compute_md_zone(self):
        for location in self:
            location.md_zone = location.location_id.md_zone or location.md_zone or False

    @api.depends("md_zone")
    def _compute_md_zone_color(self):
        for location in self:
            location.md_zone_color = ZONE_COLORS.get(location.md_zone, False)

    @api.model
    def _md_zone_states(self):
        """Quality statuses a lot may have while it has stock in each zone.

        Upper modules add their statuses (returned, recalled) here.
        """
        return {
            "quarantine": {"quarantine", "released", "hold"},
            "released": {"released", "hold"},
            "dispatch": {"released", "hold"},
            "nonconforming": {"rejected", "hold"},
            "returns": {"quarantine", "hold", "rejected"},
        }
