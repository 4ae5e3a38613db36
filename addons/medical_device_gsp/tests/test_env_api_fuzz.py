import json
import logging
import random
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_gsp.models.md_env_api_failure import MdEnvApiFailure

_logger = logging.getLogger(__name__)

URL = "/md/env/readings"
CONTROLLER_LOGGER = "odoo.addons.medical_device_gsp.controllers.main"
SEED = 18
PAYLOADS = 1050
# Deeper than the JSON parser goes: every level is one more C frame.
DEEP = 100_000

BAD_TIMESTAMPS = [
    None, "", "   ", "tomorrow", "2026-13-01T00:00:00Z", "2026-02-30T08:00:00Z", "2026-11-20T25:00:00Z",
    "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2026-11-20T08:00:00+99:00", 1e20, -1e20, 10 ** 30,
    True, False, [], {}, [2026, 11, 20], {"date": "2026-11-20"}, "1' OR '1'='1", "<script>alert(1)</script>",
    "2026-11-20T08:00:00Z; DROP TABLE md_env_reading; --", "\u0000", "2026-11-20\u0000T08:00:00Z", "x" * 10_000,
    "2026-11-20T08:00:00Z" + " " * 50_000 + "x", "２０２６-11-20", "\ud800", "NaN", "Infinity",
]
BAD_NUMBERS = [
    "", "abc", "4,5", "4.5.6", True, False, [], {}, [4.5], {"value": 4.5}, 500, -273.15, 1e308, -1e308, 10 ** 30,
    -(10 ** 30), "1e400", "-1e400", "NaN", "nan", "Infinity", "-inf", "inf", "<b>4</b>", "4; DROP TABLE md_env_reading",
    "' OR 1=1 --", "4" + " " * 50_000 + "x", " " * 50_000 + "°C5", "\u0000", "4\u00004", "x" * 10_000, "0x10",
]
BAD_HUMIDITIES = [-1, -0.01, 100.01, 1e300, "abc", True, [], {}, "nan", "inf", "<i>50</i>", 10 ** 30]
BAD_SENSORS = ["NOPE-404", "' OR '1'='1", "<img src=x onerror=alert(1)>", "EP-FZ-GW", "EP-FZ-OTHER", 12345, True,
               [], {}, ["EP-FZ-LOG"], "x" * 10_000, "\u0000", "EP-FZ-LOG\u0000", "%", "_"]
NOT_READINGS = [4.2, "4.2", None, [], [4.2], True, "<readings/>"]
NOT_BATCHES = [{}, {"readings": None}, {"readings": {}}, {"readings": "all"}, {"readings": []}, {"readings": 3},
               [], "readings", 42, None, True, {"reading": "typo"}, {"readings": [[]]}]
RAW_BODIES = [
    b"", b"   ", b"null", b"{", b"}", b"[", b"{\"readings\": [", b"{\"readings\": []}}", b"{'readings': []}",
    b"readings=1", b"<readings><reading/></readings>", b"\xff\xfe\xfd", b"\xc3\x28", b"\x00" * 64,
    b"{\"readings\": [{\"timestamp\": \"2026-11-20T08:00:00Z\", \"temperature\": NaN}]}",
    b"{\"readings\": [{\"timestamp\": \"2026-11-20T08:00:00Z\", \"temperature\": Infinity}]}",
    b"{\"readings\": [{\"timestamp\": \"2026-11-20T08:00:00Z\", \"temperature\": -Infinity}]}",
    b"{\"readings\": [{\"timestamp\": \"2026-11-20T08:00:00Z\", \"temperature\": " + b"9" * 5000 + b"}]}",
    b"{\"readings\": [{\"timestamp\": \"2026-11-20T08:00:00Z\", \"temperature\": 1e999999}]}",
    b"[" * DEEP, b"[" * DEEP + b"]" * DEEP, b"{\"a\":" * DEEP, b"{\"readings\": " + b"[" * DEEP + b"]" * DEEP + b"}",
    # Nested less deep than the parser's limit, in a field where a number or a date belongs.
    b"{\"readings\": [{\"timestamp\": " + b"[" * 900 + b"]" * 900 + b", \"temperature\": 4}]}",
    b"{\"readings\": [{\"timestamp\": \"2026-11-20T08:00:00Z\", \"temperature\": " + b"[" * 900 + b"]" * 900 + b"}]}",
    b"{\"readings\": [{\"timestamp\": \"2026-11-20T08:00:00Z\", \"temperature\": 4, \"sensor\": "
    + b"{\"a\":" * 900 + b"1" + b"}" * 900 + b"}]}",
    "{\"readings\": [{\"timestamp\": \"2026-11-20T08:00:00Z\", \"temperature\": \"4 °C\", \"sensor\": \"Ω\"}]}"
    .encode("latin-1", "replace").replace(b"?", b"\xb0"),
]
CONTENT_TYPES = [None, "application/json", "text/plain", "application/xml", "application/octet-stream",
                 "application/json; charset=latin-1", "application/x-www-form-urlencoded", "multipart/form-data",
                 "multipart/form-data; boundary=xyz", "image/png", "*/*", "application/json\u0000"]
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


@tagged("post_install", "-at_install")
class EnvApiCommon(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.t0 = (fields.Datetime.now() - timedelta(days=1)).replace(second=0, microsecond=0)
        Sensor = cls.env["md.env.sensor"]
        cls.logger = Sensor.create({"name": "Fuzz Logger", "code": "EP-FZ-LOG", "interval_minutes": 1})
        cls.other = Sensor.create({"name": "Fuzz Other Logger", "code": "EP-FZ-OTHER", "interval_minutes": 1})
        cls.gateway = Sensor.create({"name": "Fuzz Gateway", "code": "EP-FZ-GW", "kind": "gateway"})
        cls.attached = Sensor.create({"name": "Fuzz Probe", "code": "EP-FZ-PROBE", "gateway_id": cls.gateway.id})
        cls.logger_token = cls._issue(cls.logger)
        cls.gateway_token = cls._issue(cls.gateway)

    @classmethod
    def _issue(cls, sensor):
        action = sensor.action_md_issue_token()
        return cls.env["md.env.sensor.token"].browse(action["res_id"]).token

    def _post(self, data, token=None, content_type="application/json", headers=None):
        headers = dict(headers or {})
        if content_type is not None:
            headers["Content-Type"] = content_type
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.env.flush_all()
        # Not url_open: it sends a GET when the body is empty.
        response = self.opener.post(self.base_url() + URL, data=data, headers=headers, timeout=30)
        self.env.invalidate_all()
        return response

    def _stamp(self, minutes):
        return (self.t0 + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _reading_count(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*) FROM md_env_reading")
        return self.env.cr.fetchone()[0]

    def assertJsonRefusal(self, response, statuses=range(400, 500)):
        """A 4xx whose body is a JSON object naming the error; returns that object."""
        self.assertIn(response.status_code, statuses, response.text[:300])
        self.assertEqual(response.headers.get("Content-Type"), "application/json")
        body = response.json()
        self.assertIsInstance(body.get("error"), str)
        return body


@tagged("post_install", "-at_install")
class TestEnvApiFuzz(EnvApiCommon):
    """Bad bodies posted with a right token: each a 4xx with a JSON error, and not one reading stored."""

    def _payloads(self, rng):
        """(label, body bytes, token, content type): every one of them is wrong somewhere."""
        devices = [(self.logger_token, None), (self.gateway_token, "EP-FZ-PROBE")]

        def good_row(minute, sensor):
            row = {"timestamp": self._stamp(minute), "temperature": round(rng.uniform(2, 8), 2),
                   "humidity": rng.randint(30, 70)}
            if sensor:
                row["sensor"] = sensor
            return row

        def bad_row(minute, sensor):
            row = good_row(minute, sensor)
            kind = rng.choice(["timestamp", "temperature", "humidity", "sensor", "missing", "not_object", "future"])
            if kind in ("timestamp", "temperature", "humidity"):
                row[kind] = rng.choice({"timestamp": BAD_TIMESTAMPS, "temperature": BAD_NUMBERS,
                                        "humidity": BAD_HUMIDITIES}[kind])
            elif kind == "sensor":
                row["sensor"] = rng.choice(BAD_SENSORS)
            elif kind == "missing":
                del row[rng.choice(["timestamp", "temperature"])]
            elif kind == "future":
                row["timestamp"] = (fields.Datetime.now() + timedelta(hours=rng.randint(1, 10_000))).isoformat() + "Z"
            else:
                row = rng.choice(NOT_READINGS)
            return kind, row

        def encode(payload):
            # ensure_ascii keeps lone surrogates encodable; NaN and Infinity go through raw bodies only.
            return json.dumps(payload).encode()

        payloads = []
        # Each bad value alone, then beside good rows at a random place, for both kinds of device.
        for pool, field in ((BAD_TIMESTAMPS, "timestamp"), (BAD_NUMBERS, "temperature"),
                            (BAD_HUMIDITIES, "humidity"), (BAD_SENSORS, "sensor")):
            for value in pool:
                for token, sensor in devices:
                    row = dict(good_row(0, sensor), **{field: value})
                    payloads.append((f"{field}={value!r:.40}", encode({"readings": [row]}), token,
                                     "application/json"))
                    rows = [good_row(minute, sensor) for minute in range(rng.randint(1, 8))]
                    rows.insert(rng.randint(0, len(rows)), dict(good_row(100, sensor), **{field: value}))
                    payloads.append((f"{field}={value!r:.40} among {len(rows)}", encode({"readings": rows}), token,
                                     "application/json"))
        for value in NOT_BATCHES:
            payloads.append((f"batch {value!r:.40}", encode(value), self.logger_token, "application/json"))
        for body in RAW_BODIES:
            for content_type in ("application/json", None):
                payloads.append((f"raw {body[:40]!r}", body, self.logger_token, content_type))
        # Valid JSON with one bad row, sent with every kind of content type.
        for content_type in CONTENT_TYPES:
            token, sensor = rng.choice(devices)
            kind, row = bad_row(0, sensor)
            payloads.append((f"content type {content_type!r} ({kind})", encode({"readings": [row]}), token,
                             content_type))
        # Random batches: good rows and at least one bad one, a row missing keys, or a readings list in disguise.
        while len(payloads) < PAYLOADS:
            token, sensor = rng.choice(devices)
            rows = [good_row(minute, sensor) for minute in range(rng.randint(0, 30))]
            kinds = []
            for _i in range(rng.randint(1, 3)):
                kind, row = bad_row(rng.randint(0, 60), sensor)
                kinds.append(kind)
                rows.insert(rng.randint(0, len(rows)), row)
            body = encode({"readings": rows} if rng.random() < 0.8 else rows)
            if rng.random() < 0.1:  # cut short: no longer JSON at all
                body = body[:rng.randint(0, len(body) - 1)]
            payloads.append((f"random batch of {len(rows)} ({', '.join(kinds)})", body, token,
                             rng.choice(["application/json", None, "text/plain"])))
        return payloads

    def test_fuzz_bad_payloads(self):
        payloads = self._payloads(random.Random(SEED))
        self.assertGreaterEqual(len(payloads), 1000)
        readings = self._reading_count()
        last = {sensor: sensor.last_reading_at for sensor in (self.logger, self.attached)}
        problems = []
        statuses = {}
        for label, body, token, content_type in payloads:
            response = self._post(body, token=token, content_type=content_type)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            try:
                self.assertJsonRefusal(response)
                if content_type and content_type.split(";")[0] in FORMS:
                    self.assertEqual(response.status_code, 415)
            except (AssertionError, ValueError) as exc:
                problems.append(f"{label}: {response.status_code} {exc!s:.200}")
        _logger.info("Readings endpoint fuzz: %s bad payloads, answers %s", len(payloads), statuses)
        self.assertFalse(problems, f"{len(problems)} of {len(payloads)} payloads: " + "\n".join(problems[:20]))
        self.assertEqual(self._reading_count(), readings, "a refused batch stored readings")
        self.assertEqual({sensor: sensor.last_reading_at for sensor in (self.logger, self.attached)}, last)
        self.assertFalse(self.env["md.excursion"].search([("sensor_id", "in", (self.logger | self.attached).ids)]))
        # The endpoint still works after all that.
        response = self._post(json.dumps({"readings": [{"timestamp": self._stamp(0), "temperature": 4.0}]}),
                              token=self.logger_token)
        self.assertEqual((response.status_code, response.json()), (200, {"stored": 1, "duplicates": 0}))

    def test_deep_nesting_is_a_bad_request(self):
        for body in (b"[" * DEEP, b"{\"readings\": " + b"[" * DEEP + b"]" * DEEP + b"}"):
            error = self.assertJsonRefusal(self._post(body, token=self.logger_token), [400])["error"]
            self.assertIn("nested too deeply", error)
        # Nested within what the parser takes, in place of a value: the row is refused, the value not repeated.
        body = {"readings": [{"timestamp": self._stamp(0), "temperature": 4,
                              "humidity": json.loads("[" * 500 + "]" * 500)}]}
        error = self.assertJsonRefusal(self._post(json.dumps(body), token=self.logger_token), [400])
        self.assertEqual(error, {"error": 'Row 1: humidity "[…]" is not a number.', "row": 1})

    def test_long_values_are_not_echoed(self):
        for field, value in (("temperature", "7" * 100_000), ("sensor", "S" * 100_000)):
            row = {"timestamp": self._stamp(0), "temperature": 4, field: value}
            response = self._post(json.dumps({"readings": [row]}), token=self.logger_token)
            error = self.assertJsonRefusal(response, [400])["error"]
            self.assertLess(len(response.content), 500, error)
        self.assertFalse(self.env["md.env.reading"].search([("sensor_id", "=", self.logger.id)]))

    def test_size_limits(self):
        ICP = self.env["ir.config_parameter"]
        rows = [{"timestamp": self._stamp(minute), "temperature": 4.0} for minute in range(20)]
        body = json.dumps({"readings": rows})
        ICP.set_param("medical_device_gsp.env_api_max_bytes", len(body) - 1)
        # Refused for its announced size, before the token is looked at and before a byte is parsed.
        for token in (self.logger_token, None):
            error = self.assertJsonRefusal(self._post(body, token=token), [413])["error"]
            self.assertIn(f"larger than {len(body) - 1} bytes", error)
        self.assertJsonRefusal(self._post(b"{" * (len(body) + 10), token=self.logger_token), [413])
        # Without a Content-Length (chunked), the body is cut where it passes the limit.
        chunks = (body[i:i + 100].encode() for i in range(0, len(body), 100))
        response = self._post(chunks, token=self.logger_token)
        self.assertNotIn("Content-Length", response.request.headers)
        self.assertJsonRefusal(response, [413])
        ICP.set_param("medical_device_gsp.env_api_max_bytes", len(body))
        ICP.set_param("medical_device_gsp.env_api_max_readings", 19)
        error = self.assertJsonRefusal(self._post(body, token=self.logger_token), [413])
        self.assertEqual(error, {"row": 0, "error": "The request holds 20 readings, more than the 19 taken at once: "
                                                    "send them in smaller batches."})
        self.assertFalse(self.env["md.env.reading"].search([("sensor_id", "=", self.logger.id)]))
        ICP.set_param("medical_device_gsp.env_api_max_readings", 20)
        response = self._post(body, token=self.logger_token)
        self.assertEqual((response.status_code, response.json()), (200, {"stored": 20, "duplicates": 0}))

    def test_default_size_limits(self):
        self.assertEqual(self.env["md.env.api.failure"]._md_setting("max_bytes"), 5 * 1024 * 1024)
        self.assertEqual(self.env["md.env.api.failure"]._md_setting("max_readings"), 10_000)
        # 10,001 good readings: refused whole, before a row is parsed or stored.
        rows = [{"timestamp": self._stamp(-minute), "temperature": 4.0} for minute in range(10_001)]
        error = self.assertJsonRefusal(self._post(json.dumps({"readings": rows}), token=self.logger_token), [413])
        self.assertIn("10001 readings, more than the 10000", error["error"])
        # Over 5 MB: refused before anything is parsed (this body is not even JSON).
        self.assertJsonRefusal(self._post(b" " * (5 * 1024 * 1024 + 1), token=self.logger_token), [413])
        self.assertFalse(self.env["md.env.reading"].search([("sensor_id", "=", self.logger.id)]))

    def test_forms_are_refused_before_they_are_parsed(self):
        for content_type in FORMS:
            response = self._post(b"readings=1", token=self.logger_token, content_type=content_type)
            self.assertJsonRefusal(response, [415])
        response = self.url_open(URL, files={"readings": ("readings.json", b"{}")},
                                 headers={"Authorization": f"Bearer {self.logger_token}"})
        self.assertJsonRefusal(response, [415])


@tagged("post_install", "-at_install")
class TestEnvApiRateLimit(EnvApiCommon):
    """Wrong tokens: 401 each, logged without the token; the 11th attempt within the window gets 429."""

    def setUp(self):
        super().setUp()
        self.now = fields.Datetime.now()
        clock = patch.object(MdEnvApiFailure, "_md_clock", lambda model: self.now)
        clock.start()
        self.addCleanup(clock.stop)

    def _good(self, minute=0):
        return json.dumps({"readings": [{"timestamp": self._stamp(minute), "temperature": 4.0}]})

    def _failures(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT address, failed_at, blocked_until FROM md_env_api_failure ORDER BY id")
        return self.env.cr.fetchall()

    def test_block_after_ten_failures(self):
        wrong = [f"wrong-token-{n}-{self.logger_token[:8]}" for n in range(10)]
        with self.assertLogs(CONTROLLER_LOGGER, "WARNING") as logs:
            for n, token in enumerate(wrong):
                self.now += timedelta(seconds=5)
                body = self.assertJsonRefusal(self._post(self._good(), token=token or None), [401])
                self.assertEqual(body, {"error": "invalid or missing token"}, n)
            # The eleventh attempt within the minute is not even tried, whatever its token.
            for token in ("another-wrong-one", None, self.logger_token):
                response = self._post(self._good(), token=token)
                self.assertJsonRefusal(response, [429])
                self.assertEqual(response.headers["Retry-After"], "300")
        self.assertEqual(len(logs.output), 13)
        self.assertEqual(sum("invalid or missing token from 127.0.0.1" in line for line in logs.output), 10)
        self.assertIn("blocked until", logs.output[9])
        self.assertEqual(sum("refused a post from 127.0.0.1, blocked until" in line for line in logs.output), 3)
        for line in logs.output:
            for token in wrong + [self.logger_token, "another-wrong-one"]:
                self.assertNotIn(token, line)
            self.assertNotIn(self.logger_token[:8], line)
        failures = self._failures()
        self.assertEqual(len(failures), 10)
        self.assertEqual([row[2] for row in failures], [None] * 9 + [self.now + timedelta(minutes=5)])
        self.assertFalse(self.env["md.env.reading"].search([("sensor_id", "=", self.logger.id)]))
        # Still blocked one second before the end, free after it.
        self.now += timedelta(minutes=5) - timedelta(seconds=1)
        self.assertJsonRefusal(self._post(self._good(), token=self.logger_token), [429])
        self.now += timedelta(seconds=1)
        response = self._post(self._good(), token=self.logger_token)
        self.assertEqual((response.status_code, response.json()), (200, {"stored": 1, "duplicates": 0}))
        self.now += timedelta(seconds=1)
        # The next failure starts a new count and clears what is older than the window and the block.
        self.assertJsonRefusal(self._post(self._good(1), token="wrong-again"), [401])
        self.assertEqual(self._failures(), [("127.0.0.1", self.now, None)])

    def test_failures_spread_over_more_than_the_window(self):
        for _n in range(3):
            for _m in range(9):
                self.now += timedelta(seconds=1)
                self.assertJsonRefusal(self._post(self._good(), token="wrong"), [401])
            self.now += timedelta(seconds=61)
        response = self._post(self._good(), token=self.logger_token)
        self.assertEqual(response.status_code, 200, response.text)

    def test_limits_are_settings(self):
        ICP = self.env["ir.config_parameter"]
        ICP.set_param("medical_device_gsp.env_api_max_failures", 3)
        ICP.set_param("medical_device_gsp.env_api_failure_window", 10)
        ICP.set_param("medical_device_gsp.env_api_block_seconds", 30)
        for _n in range(3):
            self.now += timedelta(seconds=4)
            self.assertJsonRefusal(self._post(self._good(), token="wrong"), [401])
        response = self._post(self._good(), token=self.logger_token)
        self.assertJsonRefusal(response, [429])
        self.assertEqual(response.headers["Retry-After"], "30")
        self.now += timedelta(seconds=30)
        self.assertEqual(self._post(self._good(), token=self.logger_token).status_code, 200)
        # A value that is not a number is the default, not an open door.
        ICP.set_param("medical_device_gsp.env_api_max_failures", "many")
        self.assertEqual(self.env["md.env.api.failure"]._md_setting("max_failures"), 10)

    def test_failures_are_readable_by_administrators_only(self):
        self.assertJsonRefusal(self._post(self._good(), token="wrong"), [401])
        keeper = self.env["res.users"].create({
            "name": "Fuzz Keeper", "login": "md_fuzz_keeper",
            "groups_id": [(6, 0, [self.env.ref("stock.group_stock_manager").id,
                                  self.env.ref("medical_device_base.group_md_qa_manager").id])]})
        self.assertFalse(self.env["md.env.api.failure"].with_user(keeper).has_access("read"))
        self.assertEqual(self.env["md.env.api.failure"].with_user(self.env.ref("base.user_admin")).search_count([]), 1)
