from odoo import fields, models


class MdDeviceCategory(models.Model):
    """Top-level category of the NMPA classification catalogue (e.g. 14, or 6840 for IVD reagents)."""

    _name = "md.device.category"
    _description = "Device Classification Category"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "unique(code)", "A category code must be unique.")]

    def _compute_display_name(self):
        for category in self:
            category.display_name = f"{category.code} {category.name}"
