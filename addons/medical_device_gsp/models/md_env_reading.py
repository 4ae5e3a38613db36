from collections import defaultdict

import pytz
from psycopg2.extras import execute_values

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.models import parse_read_group_spec
from odoo.osv import expression
from odoo.tools import SQL

from ..utils.env_readings import ReadingError, check_reading, out_of_range, shown


class MdEnvReading(models.Model):
    """One temperature/humidity reading. Append-only: readings are evidence, never edited or deleted."""

    _name = "md.env.reading"
    _description = "Temperature/Humidity Reading"
    _order = "timestamp desc, id desc"
    _rec_name = "timestamp"
    # Like the append-only evidence of md.evidence.mixin a reading is never changed, but people also create
    # readings by hand (a manual entry, whose source and checks the model sets itself).
    _md_append_only_by_hand = True

    # No single-column indexes: the unique (sensor, time) constraint and the
    # (location, time) and (shipment, time) indexes cover every search, and each
    # index more slows down the inserts of the loggers.
    sensor_id = fields.Many2one("md.env.sensor", required=True, ondelete="restrict")
    location_id = fields.Many2one("stock.location", readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Shipment", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True,
                                 default=lambda self: self.env.company)
    timestamp = fields.Datetime(string="Time (UTC)", required=True, default=fields.Datetime.now)
    temperature = fields.Float(string="Temperature (°C)", required=True, aggregator="avg", digits=(6, 2))
    humidity = fields.Float(string="Humidity (%)", aggregator="avg", digits=(6, 2))
    # The same column seen as the lowest and highest of a group (charts, pivots):
    # no storage of their own, see _read_group_select.
    temperature_min = fields.Float(string="Lowest Temperature (°C)", compute="_compute_temperature_bounds",
                                   aggregator="min", digits=(6, 2))
    temperature_max = fields.Float(string="Highest Temperature (°C)", compute="_compute_temperature_bounds",
                                   aggregator="max", digits=(6, 2))
    # The web client groups a time by day at the finest; a chart of a fridge needs the hour.
    hour = fields.Char(compute="_compute_hour",
                       help="Hour of the reading in the user's time zone; charts group readings by it.")
    out_of_range = fields.Boolean(string="Out of Range", readonly=True,
                                  help="Outside the sensor's limits when it was stored.")
    calibration_suspect = fields.Boolean(
        string="Calibration in Doubt", compute="_compute_calibration_suspect", search="_search_calibration_suspect",
        help="Taken since the sensor's last good calibration while its calibration has failed, or after its "
             "calibration lapsed.")
    source = fields.Selection([("import", "File Import"), ("api", "Logger/Gateway"), ("manual", "Manual Entry")],
                              required=True, readonly=True, default="manual")

    _sql_constraints = [("sensor_timestamp_uniq", "unique(sensor_id, timestamp)",
                         "A sensor has one reading per timestamp.")]

    def init(self):
        # The chart reads a location's readings over a period.
        tools.create_index(self.env.cr, "md_env_reading_location_timestamp_idx", self._table,
                           ["location_id", "timestamp"])
        tools.create_index(self.env.cr, "md_env_reading_picking_timestamp_idx", self._table,
                           ["picking_id", "timestamp"], where="picking_id IS NOT NULL")

    @api.depends("temperature")
    def _compute_temperature_bounds(self):
        for reading in self:
            reading.temperature_min = reading.temperature_max = reading.temperature

    @api.depends("timestamp")
    @api.depends_context("tz")
    def _compute_hour(self):
        # The context's zone only, as grouping uses it.
        tz = self.env.context.get("tz")
        zone = pytz.timezone(tz) if tz in pytz.all_timezones_set else pytz.utc
        for reading in self:
            stamp = reading.timestamp and pytz.utc.localize(reading.timestamp).astimezone(zone)
            reading.hour = stamp.strftime("%Y-%m-%d %H:00") if stamp else False

    @api.depends("sensor_id", "timestamp")
    @api.depends_context("tz")
    def _compute_calibration_suspect(self):
        since = {sensor.id: sensor._md_calibration_suspect_since() for sensor in self.sensor_id}
        for reading in self:
            start = since.get(reading.sensor_id.id)
            reading.calibration_suspect = bool(start and reading.timestamp and reading.timestamp >= start)

    def _search_calibration_suspect(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the calibration doubt of readings."))
        # Few sensors are out of calibration at a time: one condition per sensor on the indexed timestamp.
        sensors = self.env["md.env.sensor"].search([("md_calibration_state", "in", ("failed", "overdue"))])
        domain = expression.OR([[("sensor_id", "=", sensor.id), ("timestamp", ">=", sensor._md_calibration_suspect_since())]
                                for sensor in sensors]) if sensors else expression.FALSE_DOMAIN
        return domain if (operator == "=") == value else ["!"] + domain

    def _read_group_groupby(self, groupby_spec, query):
        if groupby_spec == "hour":
            # Text that sorts as the time it names, in the same time zone as the compute.
            return SQL("to_char(%s, 'YYYY-MM-DD HH24:00')", super()._read_group_groupby("timestamp:hour", query))
        return super()._read_group_groupby(groupby_spec, query)

    def _read_group_select(self, aggregate_spec, query):
        fname, _property, func = parse_read_group_spec(aggregate_spec)
        if fname in ("temperature_min", "temperature_max") and func:
            return super()._read_group_select(f"temperature:{func}", query)
        return super()._read_group_select(aggregate_spec, query)

    # Append-only ---------------------------------------------------------------

    # A reading is never written, so there is no write of the parent to call.
    # pylint: disable-next=method-required-super
    def write(self, vals):
        raise UserError(self.env._("Readings are records of evidence and cannot be changed; "
                                   "record a new reading instead."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Readings are records of evidence and cannot be deleted."))

    # Readings are stored by _md_store, in one batch, for every source alike: a reading typed in takes the
    # same road as the files and the loggers instead of the ORM's create.
    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        """Manual entry: the same checks and excursion detection as imports and loggers."""
        rows = []
        for number, vals in enumerate(vals_list, start=1):
            if not vals.get("sensor_id"):
                raise ValidationError(self.env._("Choose the sensor or recording point."))
            timestamp = fields.Datetime.to_datetime(vals.get("timestamp")) or fields.Datetime.now()
            humidity = vals.get("humidity")
            rows.append({"row": number, "sensor_id": vals["sensor_id"], "timestamp": timestamp,
                         "temperature": float(vals["temperature"]) if vals.get("temperature") is not None
                         and vals.get("temperature") is not False else None,
                         "humidity": humidity if humidity not in (False, None, "") else None})
        try:
            for row in rows:
                check_reading(row["row"], row["timestamp"], row["temperature"], row["humidity"],
                              fields.Datetime.now())
        except ReadingError as exc:
            raise ValidationError(self._md_error_message(exc)) from exc
        sensors = self.env["md.env.sensor"].browse({row["sensor_id"] for row in rows})
        sensors.check_access("read")
        # Whatever the caller says, a reading typed in is a manual one.
        result = self._md_store(rows, source="manual")
        return self.browse(result["ids"])

    # Ingestion -----------------------------------------------------------------

    @api.model
    def _md_store(self, rows, source, picking=None):
        """Store checked readings [{sensor_id, timestamp, temperature, humidity}] in one batch.

        Duplicates (same sensor and timestamp, in the batch or already stored)
        are ignored. Excursions are detected for every sensor that got readings.
        Returns {"stored", "duplicates", "ids"}.
        """
        if not rows:
            return {"stored": 0, "duplicates": 0, "ids": []}
        Sensor = self.env["md.env.sensor"].sudo()
        sensors = Sensor.browse({row["sensor_id"] for row in rows})
        shipments = self._md_shipment_windows(sensors) if not picking else {}
        # What a row needs from its sensor, read once per sensor rather than once per row.
        info = {s.id: (s.location_id.id or None, s.company_id.id, s._md_limits()) for s in sensors}
        uid = self.env.uid
        now = fields.Datetime.now()
        values = []
        for row in rows:
            sensor_id, stamp = row["sensor_id"], row["timestamp"]
            location_id, company_id, limits = info[sensor_id]
            shipment = picking.id if picking else self._md_shipment_at(shipments.get(sensor_id), stamp)
            values.append((sensor_id, None if shipment else location_id, shipment or None, company_id, stamp,
                           row["temperature"], row["humidity"],
                           out_of_range(row["temperature"], row["humidity"], limits), source, uid, now, uid, now))
        # One statement per page: an ORM create per reading cannot keep up with loggers.
        inserted = execute_values(self.env.cr._obj, """
            INSERT INTO md_env_reading (sensor_id, location_id, picking_id, company_id, timestamp, temperature,
                                        humidity, out_of_range, source, create_uid, create_date, write_uid,
                                        write_date)
            VALUES %s ON CONFLICT (sensor_id, timestamp) DO NOTHING RETURNING id, sensor_id, timestamp""",
                                  values, page_size=5000, fetch=True)
        ids = [row[0] for row in inserted]
        self.invalidate_model()
        if ids:
            spans = {}
            for _id, sensor_id, stamp in inserted:
                first, last = spans.get(sensor_id, (stamp, stamp))
                spans[sensor_id] = (min(first, stamp), max(last, stamp))
            self._md_after_store(spans)
        if source == "manual" and len(ids) < len(rows):
            # A duplicate typed by hand is the record already there.
            keys = [(row["sensor_id"], row["timestamp"]) for row in rows]
            existing = self.search([("sensor_id", "in", sensors.ids),
                                    ("timestamp", "in", [stamp for _s, stamp in keys])])
            ids = sorted(set(ids) | set(existing.filtered(lambda r: (r.sensor_id.id, r.timestamp) in keys).ids))
            return {"stored": len(ids), "duplicates": len(rows) - len(ids), "ids": ids}
        return {"stored": len(ids), "duplicates": len(rows) - len(ids), "ids": ids}

    def _md_after_store(self, spans):
        """Move each sensor's watermark and look for excursions from its earliest new reading.

        ``spans``: {sensor id: (first, last)} timestamps of the readings just stored.
        """
        Sensor = self.env["md.env.sensor"].sudo()
        Excursion = self.env["md.excursion"].sudo()
        for sensor_id, (first, last) in spans.items():
            sensor = Sensor.browse(sensor_id)
            if not sensor.last_reading_at or last > sensor.last_reading_at:
                sensor.last_reading_at = last
            if sensor.kind == "manual":
                sensor.activity_ids.filtered(
                    lambda a: a.activity_type_id.get_external_id().get(a.activity_type_id.id)
                    == "medical_device_gsp.mail_activity_md_manual_reading").action_feedback(
                    feedback=self.env._("Reading recorded."))
            Excursion._md_scan(sensor, first)

    @api.model
    def _md_shipment_windows(self, sensors):
        """{sensor id: [(start, end, picking id)]}: shipments the sensors travel with as their logger."""
        windows = defaultdict(list)
        pickings = self.env["stock.picking"].sudo().search([
            ("md_cc_sensor_id", "in", sensors.ids), ("md_cc_departure_time", "!=", False),
            ("state", "!=", "cancel")])
        for picking in pickings:
            end = picking.md_cc_arrival_time or picking.date_done
            windows[picking.md_cc_sensor_id.id].append((picking.md_cc_departure_time, end, picking.id))
        return windows

    @staticmethod
    def _md_shipment_at(windows, stamp):
        for start, end, picking_id in windows or ():
            if start <= stamp and (not end or stamp <= end):
                return picking_id
        return False

    @api.model
    def _md_ingest(self, readings, device=None, default_sensor=None, source="import", picking=None):
        """Resolve sensor codes of parsed readings, then store them; nothing is stored on any error."""
        Sensor = self.env["md.env.sensor"].sudo()
        company = (device or default_sensor or self.env["md.env.sensor"]).company_id or self.env.company
        allowed = device._md_allowed_sensors() if device else Sensor.search([("company_id", "=", company.id)])
        by_code = {sensor.code: sensor for sensor in allowed}
        rows = []
        for reading in readings:
            code = reading.get("sensor")
            sensor = by_code.get(code) if code else (default_sensor or device)
            if not sensor or sensor.kind == "gateway":
                raise ReadingError(reading["row"], "unknown_sensor", sensor=shown(code) if code else "-")
            rows.append(dict(reading, sensor_id=sensor.id))
        return self._md_store(rows, source, picking=picking)

    @api.model
    def _md_error_message(self, error):
        """The refusal of a reading, in the user's language."""
        params = dict(error.params, row=error.row)
        if "field" in params:
            params["field"] = {"temperature": self.env._("temperature"),
                               "humidity": self.env._("humidity")}.get(params["field"], params["field"])
        messages = {
            "missing_timestamp": self.env._("Row %(row)s: the timestamp is missing."),
            "bad_timestamp": self.env._("Row %(row)s: \"%(value)s\" is not a date and time."),
            "missing_temperature": self.env._("Row %(row)s: the temperature is missing."),
            "bad_number": self.env._("Row %(row)s: %(field)s \"%(value)s\" is not a number."),
            "temperature_range": self.env._(
                "Row %(row)s: temperature %(value)s °C is outside what a sensor can measure (%(low)s to %(high)s °C)."),
            "humidity_range": self.env._(
                "Row %(row)s: humidity %(value)s %% is outside %(low)s to %(high)s %%."),
            "future": self.env._("Row %(row)s: %(timestamp)s (UTC) is in the future."),
            "missing_column": self.env._("Row %(row)s: the file has no column \"%(column)s\"."),
            "missing_mapping": self.env._("The logger model must name the timestamp and temperature columns."),
            "bad_timezone": self.env._("Unknown time zone %(timezone)s."),
            "no_readings": self.env._("The request holds no readings."),
            "too_many_readings": self.env._(
                "The request holds %(count)s readings, more than the %(limit)s taken at once: "
                "send them in smaller batches."),
            "not_an_object": self.env._("Row %(row)s: a reading must be an object with timestamp and temperature."),
            "unknown_sensor": self.env._("Row %(row)s: sensor \"%(sensor)s\" is unknown or not allowed for this device."),
            "bad_file": self.env._("The file cannot be read: %(detail)s"),
        }
        return messages.get(error.code, error.code) % params
