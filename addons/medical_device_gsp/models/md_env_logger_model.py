from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..utils.env_readings import ReadingError, timezone


def _tz_selection(self):
    return self.env["res.partner"]._fields["tz"].selection(self.env["res.partner"])


class MdEnvLoggerModel(models.Model):
    """How a data logger model's export is laid out: mapped once, used for every file it produces."""

    _name = "md.env.logger.model"
    _description = "Data Logger Model"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    header_row = fields.Integer(default=1,
                                help="Line holding the column titles; 0 when the file has none.")
    timestamp_column = fields.Char(required=True, default="Timestamp",
                                   help="Column title as in the file, or its number (1 = first column).")
    temperature_column = fields.Char(required=True, default="Temperature")
    humidity_column = fields.Char()
    sensor_column = fields.Char(help="Column naming the sensor code when one file holds several sensors.")
    timezone = fields.Selection(_tz_selection, string="Time Zone of the File", default="Asia/Shanghai",
                                required=True, help="Used for timestamps written without an offset.")
    date_format = fields.Char(help="strftime pattern, e.g. %d/%m/%Y %H:%M; empty "
                                   "for ISO 8601 and the usual year-first forms.")
    decimal_comma = fields.Boolean()
    delimiter = fields.Char(string="CSV Delimiter", default=",", size=1, required=True)

    @api.constrains("timezone")
    def _check_timezone(self):
        for record in self:
            try:
                timezone(record.timezone)
            except ReadingError as exc:
                raise ValidationError(self.env._("Unknown time zone %s.", record.timezone)) from exc

    def _md_mapping(self):
        self.ensure_one()
        return {
            "header_row": self.header_row,
            "timestamp": self.timestamp_column,
            "temperature": self.temperature_column,
            "humidity": self.humidity_column or None,
            "sensor": self.sensor_column or None,
            "timezone": self.timezone,
            "date_format": self.date_format or None,
            "decimal_comma": self.decimal_comma,
        }
