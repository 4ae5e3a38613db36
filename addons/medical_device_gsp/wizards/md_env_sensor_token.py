from odoo import fields, models


class MdEnvSensorToken(models.TransientModel):
    """Shows a newly issued token once; only its digest is kept on the sensor."""

    _name = "md.env.sensor.token"
    _description = "Sensor Access Token"

    sensor_id = fields.Many2one("md.env.sensor", required=True, readonly=True)
    token = fields.Char(readonly=True)
    endpoint = fields.Char(compute="_compute_endpoint")

    def _compute_endpoint(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for wizard in self:
            wizard.endpoint = f"{base}/md/env/readings"
