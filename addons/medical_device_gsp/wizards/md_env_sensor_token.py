from odoo import fields, models


class MdEnvSensorToken(models.TransientModel):
    """Shows a newly issued token once; only its digest is kept on the sensor.

    The clear token stays in this row only until it is read: the read that shows
    it erases it. A record rule keeps the row to the user who issued it.
    """

    _name = "md.env.sensor.token"
    _description = "Sensor Access Token"

    sensor_id = fields.Many2one("md.env.sensor", required=True, readonly=True)
    token = fields.Char(readonly=True)
    endpoint = fields.Char(compute="_compute_endpoint")

    def _compute_endpoint(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for wizard in self:
            wizard.endpoint = f"{base}/md/env/readings"

    def _read_format(self, fnames, load="_classic_read"):
        # Where read(), search_read() and the web client's reads all end.
        result = super()._read_format(fnames, load)
        if "token" in fnames:
            self._md_erase_token()
        return result

    def _md_erase_token(self):
        self.env.cr.execute("UPDATE md_env_sensor_token SET token = NULL WHERE id IN %s AND token IS NOT NULL",
                            [tuple(self.ids) or (0,)])
        self.invalidate_recordset(["token"])

    def action_close(self):
        self._md_erase_token()
        return {"type": "ir.actions.act_window_close"}

    # Every way a client reads this model writes (see _read_format): the web client
    # must call them on a read/write cursor, which Odoo decides from the
    # ``_readonly`` flag the base methods carry. The overrides only delegate, and keep the base signatures.
    # pylint: disable=useless-parent-delegation,redefined-outer-name
    def read(self, fields=None, load="_classic_read"):
        return super().read(fields, load)

    def web_read(self, specification):
        return super().web_read(specification)

    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs):
        return super().search_read(domain, fields, offset, limit, order, **read_kwargs)

    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):
        return super().web_search_read(domain, specification, offset, limit, order, count_limit)

    # pylint: enable=useless-parent-delegation,redefined-outer-name
    read._readonly = web_read._readonly = search_read._readonly = web_search_read._readonly = False
