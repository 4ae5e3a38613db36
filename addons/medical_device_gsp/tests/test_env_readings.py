import hashlib
import io
import json
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .env_common import MINUTE, EnvCommon

SHANGHAI = timedelta(hours=8)


@tagged("post_install", "-at_install")
class TestEnvReadings(EnvCommon):
    """Readings come in by file import or by hand, are checked whole, and are never changed afterwards."""

    def _local(self, moment):
        """How a logger set to Asia/Shanghai writes a UTC moment."""
        return (moment + SHANGHAI).strftime("%Y-%m-%d %H:%M")

    def assertNothingStored(self, sensor=None):
        sensor = sensor or self.sensor
        self.assertFalse(self._readings(sensor))
        self.assertFalse(sensor.last_reading_at)
        self.assertFalse(self._excursions(sensor))

    # File import ---------------------------------------------------------------

    def test_csv_import_with_logger_mapping(self):
        content = self._csv([
            ["序号", "时间", "温度(℃)", "湿度(%RH)"],
            [1, self._local(self.t0), "4.5", "55"],
            [2, self._local(self.t0 + MINUTE), "5.0 ℃", "56 %RH"],
            [],
            [3, self._local(self.t0 + 2 * MINUTE), "9.5", ""],
        ])
        action = self._import(content, sensor=self.sensor)
        self.assertEqual(action["params"]["message"], "3 readings imported, 0 duplicates ignored.")

        readings = self._readings(self.sensor)
        # Local times of the file (UTC+8) are stored in UTC.
        self.assertRecordValues(readings, [
            {"timestamp": self.t0, "temperature": 4.5, "humidity": 55, "out_of_range": False},
            {"timestamp": self.t0 + MINUTE, "temperature": 5.0, "humidity": 56, "out_of_range": False},
            {"timestamp": self.t0 + 2 * MINUTE, "temperature": 9.5, "humidity": 0, "out_of_range": True},
        ])
        self.assertEqual(set(readings.mapped("source")), {"import"})
        self.assertEqual(readings.location_id, self.cold_room)
        self.assertFalse(readings.picking_id)
        self.assertEqual(readings.create_uid, self.keeper)
        self.assertEqual(self.sensor.last_reading_at, self.t0 + 2 * MINUTE)
        self.assertIn("logger.csv: 3 readings imported", self.sensor.message_ids[0].body)

        # The same file again: every row is a duplicate, nothing changes.
        action = self._import(content, sensor=self.sensor)
        self.assertEqual(action["params"]["message"], "0 readings imported, 3 duplicates ignored.")
        self.assertEqual(self._readings(self.sensor), readings)

    def test_csv_import_decimal_comma_and_column_numbers(self):
        model = self.env["md.env.logger.model"].create({
            "name": "European export", "header_row": 0, "timestamp_column": "1", "temperature_column": "3",
            "humidity_column": "2", "timezone": "Europe/Berlin", "date_format": "%d.%m.%Y %H:%M",
            "decimal_comma": True, "delimiter": ";"})
        # Berlin is UTC+1 in winter.
        start = datetime(2026, 1, 10, 7, 0)
        content = self._csv([
            ["10.01.2026 08:00", "45,5", "4,25 °C"],
            ["10.01.2026 08:05", "46", "-1,5"],
        ], delimiter=";")
        self._import(content, sensor=self.sensor, model=model)
        self.assertRecordValues(self._readings(self.sensor), [
            {"timestamp": start, "temperature": 4.25, "humidity": 45.5, "out_of_range": False},
            {"timestamp": start + 5 * MINUTE, "temperature": -1.5, "humidity": 46, "out_of_range": True},
        ])

    def test_xlsx_import_with_sensor_column(self):
        import openpyxl  # noqa: PLC0415 - test-only dependency

        second = self._sensor("Cold Room Probe B", "T-CR-2", location=self.cold_room)
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["时间", "探头", "温度(℃)", "湿度(%RH)"])
        # Spreadsheet cells hold naive local date-times and real numbers.
        sheet.append([self.t0 + SHANGHAI, "T-CR-1", 4.0, 50])
        sheet.append([self.t0 + SHANGHAI, "T-CR-2", 6.5, None])
        sheet.append([self.t0 + SHANGHAI + MINUTE, "T-CR-1", 4.5, 51])
        buffer = io.BytesIO()
        book.save(buffer)
        model = self.logger_model.copy({"name": "Two-probe export", "sensor_column": "探头"})

        action = self._import(buffer.getvalue(), filename="export.xlsx", model=model)
        self.assertEqual(action["params"]["message"], "3 readings imported, 0 duplicates ignored.")
        self.assertRecordValues(self._readings(self.sensor), [
            {"timestamp": self.t0, "temperature": 4.0, "humidity": 50},
            {"timestamp": self.t0 + MINUTE, "temperature": 4.5, "humidity": 51},
        ])
        self.assertRecordValues(self._readings(second), [{"timestamp": self.t0, "temperature": 6.5}])

    def test_bad_row_refuses_the_whole_file(self):
        good = [self._local(self.t0), "4.5", "50"]
        header = ["时间", "温度(℃)", "湿度(%RH)"]
        with self.assertRaisesRegex(UserError, r'^Row 3: temperature "abc" is not a number\.$'):
            self._import(self._csv([header, good, [self._local(self.t0 + MINUTE), "abc", "50"]]),
                         sensor=self.sensor)
        self.assertNothingStored()
        with self.assertRaisesRegex(UserError, r"^Row 4: temperature 500\.0 °C is outside what a sensor can measure"):
            self._import(self._csv([header, good, [self._local(self.t0 + MINUTE), "5", "50"],
                                    [self._local(self.t0 + 2 * MINUTE), "500", "50"]]), sensor=self.sensor)
        self.assertNothingStored()
        with self.assertRaisesRegex(UserError, r"^Row 2: humidity 130\.0 % is outside 0\.0 to 100\.0 %\.$"):
            self._import(self._csv([header, [self._local(self.t0), "5", "130"], good]), sensor=self.sensor)
        self.assertNothingStored()
        with self.assertRaisesRegex(UserError, r'^Row 2: "yesterday" is not a date and time\.$'):
            self._import(self._csv([header, ["yesterday", "5", "50"]]), sensor=self.sensor)
        with self.assertRaisesRegex(UserError, r"^Row 1: the file has no column \"温度\(℃\)\"\.$"):
            self._import(self._csv([["时间", "Temp"], good[:2]]), sensor=self.sensor)
        with self.assertRaisesRegex(UserError, r"^Row 2: .* is in the future\.$"):
            self._import(self._csv([header, [self._local(self.now + timedelta(hours=1)), "5", "50"]]),
                         sensor=self.sensor)
        self.assertNothingStored()

    def test_unknown_sensor_code_refuses_the_file(self):
        gateway = self._sensor("Gateway", "T-GW-1", kind="gateway")
        model = self.logger_model.copy({"name": "Multi-probe", "sensor_column": "探头"})
        header = ["时间", "探头", "温度(℃)", "湿度(%RH)"]
        first = [self._local(self.t0), "T-CR-1", "4", "50"]
        with self.assertRaisesRegex(UserError, r'^Row 3: sensor "NOPE" is unknown or not allowed for this device\.$'):
            self._import(self._csv([header, first, [self._local(self.t0), "NOPE", "4", "50"]]), model=model)
        self.assertNothingStored()
        # A gateway measures nothing itself.
        with self.assertRaisesRegex(UserError, r'^Row 2: sensor "T-GW-1" is unknown'):
            self._import(self._csv([header, [self._local(self.t0), "T-GW-1", "4", "50"]]), model=model)
        self.assertNothingStored(gateway)
        # Rows without a sensor and no sensor chosen in the wizard.
        with self.assertRaisesRegex(UserError, r'^Row 2: sensor "-" is unknown'):
            self._import(self._csv([header, [self._local(self.t0), "", "4", "50"]]), model=model)
        self.assertNothingStored()

    def test_only_keepers_import(self):
        content = self._csv([["时间", "温度(℃)"], [self._local(self.t0), "4"]])
        with self.assertRaisesRegex(UserError, "Only storage keepers and inventory managers may import readings."):
            self._import(content, sensor=self.sensor, user=self.picker)
        self.assertNothingStored()

    # Manual entry --------------------------------------------------------------

    def test_manual_entry(self):
        point = self._sensor("Cold Room Sheet", "T-MAN-1", location=self.cold_room, kind="manual",
                             interval=720, grace=120)
        Reading = self.env["md.env.reading"].with_user(self.keeper)
        reading = Reading.create({"sensor_id": point.id, "timestamp": self.at(self.t0), "temperature": 5.5,
                                  "humidity": 60})
        self.assertRecordValues(reading, [{
            "sensor_id": point.id, "timestamp": self.t0, "temperature": 5.5, "humidity": 60, "source": "manual",
            "location_id": self.cold_room.id, "out_of_range": False, "company_id": self.company.id}])
        self.assertEqual(reading.create_uid, self.keeper)
        self.assertEqual(point.last_reading_at, self.t0)
        # Without a time, the reading is taken now.
        before = fields.Datetime.now()
        later = Reading.create({"sensor_id": point.id, "temperature": 9})
        self.assertGreaterEqual(later.timestamp, before.replace(microsecond=0))
        self.assertTrue(later.out_of_range)
        # The provenance of evidence is not the writer's choice: typed in is manual.
        forged = Reading.create({"sensor_id": point.id, "timestamp": self.at(self.t0 + MINUTE), "temperature": 5,
                                 "source": "api"})
        self.assertEqual(forged.source, "manual")
        stored = self._readings(point)

        for vals, message in (
                ({"temperature": 150}, r"Row 1: temperature 150\.0 °C is outside what a sensor can measure "
                                       r"\(-100\.0 to 100\.0 °C\)\."),
                ({"temperature": 5, "humidity": 120}, r"Row 1: humidity 120(\.0)? % is outside 0\.0 to 100\.0 %\."),
                ({"temperature": 5, "timestamp": self.at(self.now + timedelta(hours=2))}, "is in the future"),
                ({"temperature": False}, "Row 1: the temperature is missing."),
        ):
            with self.assertRaisesRegex(ValidationError, message):
                Reading.create(dict({"sensor_id": point.id, "timestamp": self.at(self.t0 + 2 * MINUTE)}, **vals))
        # A batch with one impossible value stores none of it.
        with self.assertRaisesRegex(ValidationError, r"^Row 2: temperature -150\.0 °C"):
            Reading.create([{"sensor_id": point.id, "timestamp": self.at(self.t0 + 3 * MINUTE), "temperature": 4},
                            {"sensor_id": point.id, "timestamp": self.at(self.t0 + 4 * MINUTE),
                             "temperature": -150}])
        self.assertEqual(self._readings(point), stored)

    def test_readings_are_append_only(self):
        self._feed(self.sensor, self.t0, [4.0, 5.0])
        readings = self._readings(self.sensor)
        for env in (self.env(user=self.keeper), self.env(user=self.qa_user), self.env):
            with self.assertRaisesRegex(UserError, "Readings are records of evidence and cannot be changed"):
                readings.with_env(env).write({"temperature": 3.0})
            with self.assertRaisesRegex(UserError, "Readings are records of evidence and cannot be changed"):
                readings[:1].with_env(env).timestamp = self.t0 - MINUTE
        with self.assertRaisesRegex(UserError, "Readings are records of evidence and cannot be deleted."):
            readings.sudo().unlink()
        with self.assertRaisesRegex(UserError, "Readings are records of evidence and cannot be deleted."):
            readings.unlink()
        with self.assertRaises(AccessError):
            readings.with_user(self.keeper).unlink()
        self.env.invalidate_all()
        self.assertRecordValues(self._readings(self.sensor), [
            {"timestamp": self.t0, "temperature": 4.0}, {"timestamp": self.t0 + MINUTE, "temperature": 5.0}])


@tagged("post_install", "-at_install")
class TestReadingEndpoint(HttpCase):
    """POST /md/env/readings: a logger or gateway posts a batch with its own token; all of it or nothing."""

    URL = "/md/env/readings"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.t0 = (fields.Datetime.now() - timedelta(days=1)).replace(second=0, microsecond=0)
        Sensor = cls.env["md.env.sensor"]
        cls.logger = Sensor.create({"name": "Endpoint Logger", "code": "EP-LOG-1", "interval_minutes": 1,
                                    "grace_minutes": 15})
        cls.gateway = Sensor.create({"name": "Endpoint Gateway", "code": "EP-GW-1", "kind": "gateway"})
        cls.attached = Sensor.create({"name": "Fridge Probe", "code": "EP-LOG-2", "gateway_id": cls.gateway.id})
        cls.logger_token = cls._issue(cls.logger)
        cls.gateway_token = cls._issue(cls.gateway)

    @classmethod
    def _issue(cls, sensor):
        action = sensor.action_md_issue_token()
        return cls.env["md.env.sensor.token"].browse(action["res_id"]).token

    def _post(self, body, token=None, raw=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self._request(data=raw if raw is not None else json.dumps(body), headers=headers)

    def _request(self, **kwargs):
        self.env.flush_all()
        response = self.url_open(self.URL, **kwargs)
        self.env.invalidate_all()
        return response

    def _batch(self, temperatures, sensor=None, start=None, step=MINUTE):
        start = start or self.t0
        return {"readings": [dict({"timestamp": (start + i * step).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                   "temperature": temperature, "humidity": 50},
                                  **({"sensor": sensor.code} if sensor else {}))
                             for i, temperature in enumerate(temperatures)]}

    def _readings(self, sensor):
        return self.env["md.env.reading"].search([("sensor_id", "=", sensor.id)], order="timestamp")

    def assertReply(self, response, status, body=None):
        self.assertEqual(response.status_code, status, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/json")
        if body is not None:
            self.assertEqual(response.json(), body)
        return response.json()

    def test_good_batch_is_stored(self):
        # Stored at the first attempt, not after a retry out of a read-only transaction.
        with self.assertNoLogs("odoo.http", level="WARNING"):
            response = self._post(self._batch([4.0, 4.5, 9.0]), token=self.logger_token)
        self.assertReply(response, 200, {"stored": 3, "duplicates": 0})
        self.assertRecordValues(self._readings(self.logger), [
            {"timestamp": self.t0, "temperature": 4.0, "humidity": 50, "source": "api", "out_of_range": False},
            {"timestamp": self.t0 + MINUTE, "temperature": 4.5, "humidity": 50, "source": "api", "out_of_range": False},
            {"timestamp": self.t0 + 2 * MINUTE, "temperature": 9.0, "humidity": 50, "source": "api",
             "out_of_range": True},
        ])
        self.assertEqual(self.logger.last_reading_at, self.t0 + 2 * MINUTE)
        # A timestamp with an offset is exact; the token may also come in its own header.
        response = self._request(data=json.dumps({"readings": [
            {"timestamp": (self.t0 + 3 * MINUTE + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S+08:00"),
             "temperature": 5}]}), headers={"X-MD-Token": self.logger_token})
        self.assertReply(response, 200, {"stored": 1, "duplicates": 0})
        self.assertEqual(self._readings(self.logger)[-1].timestamp, self.t0 + 3 * MINUTE)

    def test_token_required(self):
        batch = self._batch([4.0])
        for token in (None, "not-a-token", self.gateway_token[:-1]):
            self.assertReply(self._post(batch, token=token), 401, {"error": "invalid or missing token"})
        # A malformed body without a token is still a 401: nothing is read before authentication.
        self.assertReply(self._post(None, raw="{oops"), 401)
        self.assertFalse(self._readings(self.logger))

    def test_malformed_body(self):
        body = self.assertReply(self._post(None, token=self.logger_token, raw="{oops"), 400)
        self.assertIn("body is not JSON", body["error"])
        body = self.assertReply(self._post({"readings": []}, token=self.logger_token), 400)
        self.assertEqual(body["error"], "The request holds no readings.")
        body = self.assertReply(self._post({"readings": [4.2]}, token=self.logger_token), 400)
        self.assertEqual(body, {"error": "Row 1: a reading must be an object with timestamp and temperature.",
                                "row": 1})
        self.assertFalse(self._readings(self.logger))

    def test_bad_row_refuses_the_batch(self):
        body = self.assertReply(self._post(self._batch([4.0, 5.0, 500.0, 4.0]), token=self.logger_token), 400)
        self.assertEqual(body["row"], 3)
        self.assertTrue(body["error"].startswith("Row 3: temperature 500.0 °C is outside what a sensor can measure"),
                        body["error"])
        batch = self._batch([4.0, 5.0])
        batch["readings"][1]["timestamp"] = "tomorrow"
        body = self.assertReply(self._post(batch, token=self.logger_token), 400)
        self.assertEqual(body, {"error": 'Row 2: "tomorrow" is not a date and time.', "row": 2})
        self.assertFalse(self._readings(self.logger))
        self.assertFalse(self.logger.last_reading_at)

    def test_duplicates_are_ignored_and_counted(self):
        batch = self._batch([4.0, 4.5])
        batch["readings"].append(dict(batch["readings"][0], temperature=7.0))
        self.assertReply(self._post(batch, token=self.logger_token), 200, {"stored": 2, "duplicates": 1})
        self.assertReply(self._post(self._batch([4.0, 4.5, 5.0]), token=self.logger_token), 200,
                         {"stored": 1, "duplicates": 2})
        self.assertRecordValues(self._readings(self.logger), [
            {"timestamp": self.t0, "temperature": 4.0},
            {"timestamp": self.t0 + MINUTE, "temperature": 4.5},
            {"timestamp": self.t0 + 2 * MINUTE, "temperature": 5.0},
        ])

    def test_gateway_posts_for_its_loggers_only(self):
        self.assertReply(self._post(self._batch([3.0, 3.5], sensor=self.attached), token=self.gateway_token), 200,
                         {"stored": 2, "duplicates": 0})
        self.assertEqual(len(self._readings(self.attached)), 2)
        # Another logger, even of the same company, is not the gateway's.
        batch = self._batch([3.0], sensor=self.attached, start=self.t0 + 10 * MINUTE)
        batch["readings"] += self._batch([3.0], sensor=self.logger)["readings"]
        body = self.assertReply(self._post(batch, token=self.gateway_token), 400)
        self.assertEqual(body, {"error": 'Row 2: sensor "EP-LOG-1" is unknown or not allowed for this device.',
                                "row": 2})
        # Readings without a sensor would be the gateway's own: it measures nothing.
        body = self.assertReply(self._post(self._batch([3.0]), token=self.gateway_token), 400)
        self.assertEqual(body["error"], 'Row 1: sensor "-" is unknown or not allowed for this device.')
        # A logger cannot post for another one either.
        self.assertReply(self._post(self._batch([3.0], sensor=self.attached), token=self.logger_token), 400)
        self.assertEqual(len(self._readings(self.attached)), 2)
        self.assertFalse(self._readings(self.logger))
        self.assertFalse(self._readings(self.gateway))

    def test_issue_token(self):
        qa = self.env["res.users"].create({
            "name": "Token QA", "login": "md_token_qa",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id,
                                  self.env.ref("medical_device_base.group_md_qa_manager").id])]})
        old = self.logger_token
        action = self.logger.with_user(qa).action_md_issue_token()
        self.assertEqual(action["res_model"], "md.env.sensor.token")
        self.assertEqual(action["target"], "new")
        wizard = self.env["md.env.sensor.token"].browse(action["res_id"])
        token = wizard.token
        self.assertGreaterEqual(len(token), 40)
        self.assertTrue(wizard.endpoint.endswith("/md/env/readings"))
        # Only the digest is kept on the sensor.
        digest = self.logger.sudo().token_digest
        self.assertEqual(digest, hashlib.sha256(token.encode()).hexdigest())
        self.assertNotIn(token, digest)
        self.assertTrue(self.logger.has_token)
        self.assertIn("the previous one no longer works", self.logger.message_ids[0].body)
        # A storage keeper without write access cannot issue one.
        keeper = self.env["res.users"].create({
            "name": "Token Keeper", "login": "md_token_keeper",
            "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id,
                                  self.env.ref("medical_device_base.group_md_storage_keeper").id])]})
        with self.assertRaises(AccessError):
            self.logger.with_user(keeper).action_md_issue_token()
        self.assertEqual(self.logger.sudo().token_digest, digest)

        self.assertReply(self._post(self._batch([4.0]), token=old), 401)
        self.assertReply(self._post(self._batch([4.0]), token=token), 200, {"stored": 1, "duplicates": 0})

    def test_posted_readings_open_an_excursion(self):
        # Twenty minutes above 8 °C, then back in range in a later batch.
        self.assertReply(self._post(self._batch([4.0] + [9.5] * 20), token=self.logger_token), 200)
        excursion = self.env["md.excursion"].search([("sensor_id", "=", self.logger.id)])
        self.assertRecordValues(excursion, [{"kind": "range", "start": self.t0 + MINUTE, "end": False,
                                             "temp_max_seen": 9.5, "reading_count": 20, "state": "open"}])
        self.assertReply(self._post(self._batch([5.0], start=self.t0 + 21 * MINUTE), token=self.logger_token), 200)
        self.assertEqual(self.env["md.excursion"].search([("sensor_id", "=", self.logger.id)]), excursion)
        self.assertRecordValues(excursion, [{"end": self.t0 + 21 * MINUTE, "state": "to_evaluate"}])
