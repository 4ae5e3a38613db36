import hashlib
import secrets
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


def token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class MdEnvSensor(models.Model):
    """A temperature/humidity measuring point: a data logger, a gateway, or a sheet filled by hand."""

    _name = "md.env.sensor"
    _description = "Temperature/Humidity Sensor"
    _inherit = ["mail.thread", "mail.activity.mixin", "md.calibration.mixin"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, copy=False, tracking=True,
                       help="Identifier the logger or gateway sends, and the sensor column of imports.")
    kind = fields.Selection(
        [("logger", "Data Logger"), ("gateway", "Gateway"), ("manual", "Manual Recording Point")],
        required=True, default="logger", tracking=True,
        help="A gateway posts the readings of the loggers attached to it; a manual point is read by "
             "the storage keeper (twice a day where there is no logger).")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    equipment_id = fields.Many2one("md.env.equipment", index=True)
    gateway_id = fields.Many2one("md.env.sensor", domain="[('kind', '=', 'gateway')]")
    location_id = fields.Many2one("stock.location", domain="[('usage', '=', 'internal')]",
                                  tracking=True, index=True,
                                  help="Where the sensor measures; empty for a transport logger.")
    logger_model_id = fields.Many2one("md.env.logger.model",
                                      help="Column mapping of the files this logger exports.")
    temp_min = fields.Float(string="Min. Temperature (°C)", compute="_compute_limits", store=True,
                            readonly=False, tracking=True)
    temp_max = fields.Float(string="Max. Temperature (°C)", compute="_compute_limits", store=True,
                            readonly=False, tracking=True)
    humidity_max = fields.Float(string="Max. Humidity (%)", compute="_compute_limits", store=True,
                                readonly=False, tracking=True, help="0 means humidity is not watched.")
    interval_minutes = fields.Integer(string="Reading Interval (min)", default=5, tracking=True)
    grace_minutes = fields.Integer(
        string="Grace Time (min)", tracking=True,
        default=lambda self: self.env.company.md_excursion_grace_minutes,
        help="An excursion opens when readings stay out of range longer than this, or when no reading "
             "arrives for longer than the interval plus this.")
    responsible_id = fields.Many2one("res.users", tracking=True,
                                     help="Gets the activities for missing manual readings.")
    token_digest = fields.Char(copy=False, groups="base.group_system", index=True)
    has_token = fields.Boolean(string="Token Issued", compute="_compute_has_token")
    last_reading_at = fields.Datetime(string="Last Reading (UTC)", readonly=True, copy=False)
    excursion_ids = fields.One2many("md.excursion", "sensor_id", string="Excursions")
    open_excursion_count = fields.Integer(compute="_compute_open_excursion_count", string="Open Excursions")

    _sql_constraints = [("code_company_uniq", "unique(code, company_id)", "A sensor code must be unique.")]

    @api.depends("location_id.md_temp_min", "location_id.md_temp_max", "location_id.md_humidity_max",
                 "location_id.md_storage_controlled")
    def _compute_limits(self):
        for sensor in self:
            location = sensor.location_id
            if location.md_storage_controlled:
                sensor.temp_min, sensor.temp_max = location.md_temp_min, location.md_temp_max
                sensor.humidity_max = location.md_humidity_max
            elif not sensor.temp_min and not sensor.temp_max:
                # A transport logger with nothing to inherit watches the 2-8 °C cold chain.
                sensor.temp_min, sensor.temp_max, sensor.humidity_max = 2.0, 8.0, 0.0

    def _compute_has_token(self):
        digests = {s.id: s.token_digest for s in self.sudo()}
        for sensor in self:
            sensor.has_token = bool(digests.get(sensor.id))

    def _compute_open_excursion_count(self):
        groups = self.env["md.excursion"]._read_group(
            [("sensor_id", "in", self.ids), ("state", "!=", "done")], ["sensor_id"], ["__count"])
        counts = {sensor.id: count for sensor, count in groups}
        for sensor in self:
            sensor.open_excursion_count = counts.get(sensor.id, 0)

    @api.constrains("temp_min", "temp_max", "humidity_max", "interval_minutes", "grace_minutes")
    def _check_limits(self):
        for sensor in self:
            if sensor.temp_min >= sensor.temp_max:
                raise ValidationError(self.env._("%s: the minimum temperature must be below the maximum.",
                                                 sensor.display_name))
            if not 0 <= sensor.humidity_max <= 100:
                raise ValidationError(self.env._("%s: the maximum humidity must be between 0 and 100 %%.",
                                                 sensor.display_name))
            if sensor.interval_minutes <= 0 or sensor.grace_minutes < 0:
                raise ValidationError(self.env._("%s: the reading interval must be positive and the grace "
                                                 "time not negative.", sensor.display_name))

    @api.depends("code")
    def _compute_display_name(self):
        for sensor in self:
            sensor.display_name = f"[{sensor.code}] {sensor.name}" if sensor.code else sensor.name

    # Limits and timing -----------------------------------------------------------

    def _md_limits(self):
        self.ensure_one()
        return self.temp_min, self.temp_max, self.humidity_max

    def _md_grace(self):
        return timedelta(minutes=self.grace_minutes)

    def _md_silence(self):
        return timedelta(minutes=self.interval_minutes + self.grace_minutes)

    # Calibration -------------------------------------------------------------------

    def _md_calibration_user(self):
        self.ensure_one()
        return self.responsible_id or self.company_id.md_storage_keeper_id or self.env.user

    def _md_calibration_impact(self, date_from, date_to):
        """The readings and the excursions of this sensor between its last good calibration and ``date_to``."""
        self.ensure_one()
        start = datetime.combine(date_from, time.min) if date_from else None
        readings = [("sensor_id", "=", self.id), ("timestamp", "<=", date_to)]
        excursions = [("sensor_id", "=", self.id), ("start", "<=", date_to)]
        if start:
            readings.append(("timestamp", ">=", start))
            excursions.append(("start", ">=", start))
        return [self.env["md.env.reading"].sudo().search(readings, order="timestamp"),
                self.env["md.excursion"].sudo().search(excursions, order="start")]

    def _md_calibration_failed(self, calibration):
        result = super()._md_calibration_failed(calibration)
        self._message_log(body=self.env._(
            "Its readings since %(date)s are flagged as of doubtful accuracy until a calibration within tolerance.",
            date=self.md_last_calibration_date or self.env._("the first one")))
        return result

    def _md_calibration_overdue(self):
        result = super()._md_calibration_overdue()
        for sensor in self:
            sensor._message_log(body=self.env._(
                "Its readings after %(date)s are flagged as of doubtful accuracy until it is calibrated.",
                date=sensor.md_calibration_due_date))
        return result

    def _md_calibration_suspect_since(self):
        """From when this sensor's readings are of doubtful accuracy (UTC), or None."""
        self.ensure_one()
        if self.md_calibration_state == "failed":
            last = self.md_last_calibration_date
            return datetime.combine(last, time.min) if last else datetime.min
        if self.md_calibration_state == "overdue":
            return datetime.combine(self.md_calibration_due_date + timedelta(days=1), time.min)
        return None

    # Tokens ------------------------------------------------------------------------

    def action_md_issue_token(self):
        """Issue a new token (the old one stops working) and show it once."""
        self.ensure_one()
        self.check_access("write")
        token = secrets.token_urlsafe(32)
        self.sudo().token_digest = token_digest(token)
        self._message_log(body=self.env._("A new access token was issued by %s; the previous one no longer works.",
                                          self.env.user.name), author_id=self.env.user.partner_id.id)
        wizard = self.env["md.env.sensor.token"].create({"sensor_id": self.id, "token": token})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Access Token"),
            "res_model": "md.env.sensor.token",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _md_authenticate(self, token):
        """The active logger or gateway ``token`` belongs to, or an empty recordset."""
        if not token:
            return self.browse()
        return self.sudo().search([("token_digest", "=", token_digest(token)), ("kind", "!=", "manual")], limit=1)

    def _md_allowed_sensors(self):
        """Sensors whose readings this device may post: itself and, for a gateway, its loggers."""
        self.ensure_one()
        return self | self.search([("gateway_id", "=", self.id)])

    # Silence -------------------------------------------------------------------------

    @api.model
    def _cron_md_sensor_silence(self):
        """Open silence excursions for loggers that stopped reporting; remind manual points."""
        now = fields.Datetime.now()
        sensors = self.search([("kind", "!=", "gateway"), ("last_reading_at", "!=", False)])
        silent = sensors.filtered(lambda s: now - s.last_reading_at > s._md_silence())
        silent.filtered(lambda s: s.kind == "manual")._md_remind_manual_reading()
        loggers = silent - silent.filtered(lambda s: s.kind == "manual")
        # One search for the silences already open, rather than one per sensor.
        Excursion = self.env["md.excursion"].sudo()
        opened = {(e.sensor_id.id, e.start) for e in Excursion.search([
            ("sensor_id", "in", loggers.ids), ("kind", "=", "silence")])}
        for sensor in loggers.filtered(lambda s: (s.id, s.last_reading_at) not in opened):
            Excursion._md_open(sensor, "silence", sensor.last_reading_at, False)

    def _md_remind_manual_reading(self):
        activity_type = self.env.ref("medical_device_gsp.mail_activity_md_manual_reading")
        for sensor in self:
            if sensor.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
                continue
            sensor.activity_schedule(
                "medical_device_gsp.mail_activity_md_manual_reading",
                date_deadline=fields.Date.context_today(sensor),
                user_id=(sensor.responsible_id or sensor.company_id.md_storage_keeper_id or self.env.user).id,
                note=self.env._("No temperature/humidity reading recorded at %(location)s since %(since)s.",
                                location=sensor.location_id.display_name or sensor.name,
                                since=sensor.last_reading_at))
