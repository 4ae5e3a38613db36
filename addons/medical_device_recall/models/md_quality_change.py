from odoo import fields, models

from odoo.addons.medical_device_gsp.models.md_quality_change import new_state_to_hold


class MdQualityChange(models.Model):
    _inherit = "md.quality.change"

    new_state = fields.Selection(selection_add=[("recalled", "Recalled")], ondelete={"recalled": new_state_to_hold})
