#!/usr/bin/env python3
"""Benchmark: temperature/humidity readings - file import, logger endpoint, location chart.

Run by hand against a scratch database where medical_device_gsp is installed
(with demo data: the cold room goes under the demo warehouse's stock):

    python3 tests/bench/bench_env.py -d <database> [--addons-path ...] [--port 18073] [--keep] [--profile]

Unlike the other benchmarks this one COMMITS: an import, a logger's post and
the chart each run in their own transaction, as they do in production, and an
Odoo server is started on --port for the endpoint and the chart over HTTP.
Everything it creates is deleted with SQL at the end (readings and excursions
are append-only for the ORM), unless --keep is given; what a kept run left
behind is deleted at the start of the next one. md_env_reading is vacuumed
before the run and after the clean-up, and analysed after the set-up and
before the chart (as autovacuum would, were it on).

Set-up (committed, not timed):
- a cold room 2-8 °C, humidity at most 75 %, cold-chain capable, under the demo
  warehouse's stock, with one logger per channel (CSV import, XLSX import,
  endpoint) and its own probe for the chart; a logger model mapping the CSV
  and XLSX exports (4 lines of header, local time Asia/Shanghai); a token for
  the endpoint's logger;
- background: --background-sensors loggers (default 10) in another store, each
  with 30 days of 1-minute readings (432,000 rows), stored through _md_store in
  batches of 5,000 with a COMMIT after each, then ANALYZE, so that the table is
  not tiny; the cold room's probe gets 30 days of 1-minute readings (43,200).

Every reading is in range and each logger's readings follow each other minute
by minute (no silence): excursion detection runs in full but finds nothing.
The channels' loggers read before the chart's 30 days, so the chart shows the
probe's readings only.

Figures (median of --repeat runs, each on a fresh time range: nothing is a
duplicate; a small import or post first warms the caches):
1. Import: a CSV of --rows 1-minute readings (default 100,000) through the
   wizard's action_import as admin, and an XLSX of --xlsx-rows (20,000). Timed:
   creating the wizard with its file, parsing, storing, excursion detection and
   the COMMIT.
2. Endpoint: --batches POSTs (default 20) of --batch-size readings (5,000) to
   /md/env/readings, one after the other on one requests session, from the first
   request to the last response (bodies are built beforehand); then one batch
   posted again (all duplicates), median of --repeat.
3. Chart: what the graph view of a location's chart asks, web_read_group over
   [('location_id', 'child_of', room), ('timestamp', '>=', now - 30 days)],
   measures ['__count', 'temperature:avg'], groupby ['timestamp:hour'],
   lazy=False, context tz of the user and fill_temporal (as the graph view
   sends it): in-process as admin with an empty record cache, and over HTTP
   with JSON-RPC as admin logged in by /web/session/authenticate; median of
   --chart-repeat after one warm-up call each. EXPLAIN ANALYZE of its SQL is
   printed once. For comparison, the same in-process with the room and its
   sub-locations given by id (location_id in [...]) instead of child_of.

Targets: at least 5,000 readings/s through the import and the endpoint; the
chart of 30 days of 1-minute readings in less than 1 s.

With --profile, one more CSV import and one more endpoint batch (the
controller's work done in-process: JSON parsing, checks, storing, detection)
run under cProfile, and the functions taking the most time are printed.
"""
# A benchmark program run by hand: it reports with print(), commits what its measured server
# must see, and its steps (set-up, runs) keep their state on the benchmark object.
# pylint: disable=print-used,invalid-commit,attribute-defined-outside-init
import argparse
import base64
import contextlib
import cProfile
import csv
import gc
import io
import json
import math
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from odoo_setup import configure, superuser_env

MINUTE = timedelta(minutes=1)
DAY_MINUTES = 24 * 60
PREFIX = "BENCH-ENV-"
ROOM = "Bench Cold Room"
STORE = "Bench Ambient Store"
LOGGER_MODEL = "Bench RC-5 export"
FILE_TZ = "Asia/Shanghai"
HEADER_LINES = [["Logger", "RC-5+"], ["Serial number", "BENCH-0001"], ["Time zone", "UTC+08:00"]]
COLUMNS = ["No.", "Time", "Temperature(°C)", "Humidity(%RH)"]
BATCH = 5000
RATE_TARGET = 5000  # readings per second
CHART_TARGET_MS = 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path", help="default: Odoo's own add-ons and this repository's")
    parser.add_argument("--port", type=int, default=18073, help="HTTP port of the Odoo server started")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--rows", type=int, default=100000, help="rows of the CSV import (default 100,000)")
    parser.add_argument("--xlsx-rows", type=int, default=20000, help="rows of the XLSX import (default 20,000)")
    parser.add_argument("--batches", type=int, default=20, help="POSTs of one endpoint run (default 20)")
    parser.add_argument("--batch-size", type=int, default=BATCH, help="readings per POST (default 5,000)")
    parser.add_argument("--background-sensors", type=int, default=10)
    parser.add_argument("--days", type=int, default=30, help="days of 1-minute readings per background sensor "
                                                               "and for the chart (default 30)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of imports and endpoint; median kept")
    parser.add_argument("--chart-repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="leave the data in the database")
    parser.add_argument("--profile", action="store_true", help="then profile one import and one endpoint batch")
    args = parser.parse_args()

    args.addons_path = configure(args.database, args.addons_path)
    with superuser_env(args.database) as env:
        bench = Bench(env, args)
        try:
            bench.run()
        finally:
            env.cr.rollback()
            bench.stop_server()
            if args.keep:
                print("\n--keep: bench data left in the database (deleted by the next run).")
            else:
                bench.cleanup()
                env.cr.commit()


class Timeline:
    """One sensor's consecutive minutes, handed out in order: batches follow each other with no gap."""

    def __init__(self, start):
        self.next = start

    def take(self, count):
        start = self.next
        self.next += count * MINUTE
        return start


def series(start, count, base, swing, seed):
    """(UTC timestamp, temperature, humidity) every minute from ``start``: a daily wave and some noise."""
    rng = random.Random(seed)
    result = []
    for index in range(count):
        stamp = start + index * MINUTE
        wave = math.sin(2 * math.pi * (stamp.hour * 60 + stamp.minute) / DAY_MINUTES)
        result.append((stamp, round(base + swing * wave + rng.uniform(-0.3, 0.3), 1),
                       round(55 + rng.uniform(-5, 5), 1)))
    return result


def local(stamp, tz=ZoneInfo(FILE_TZ)):
    """Naive local time of the logger's export, from a naive UTC timestamp."""
    return stamp.replace(tzinfo=timezone.utc).astimezone(tz).replace(tzinfo=None)


def csv_file(readings):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(HEADER_LINES)
    writer.writerow(COLUMNS)
    writer.writerows([number, local(stamp).strftime("%Y-%m-%d %H:%M:%S"), temperature, humidity]
                     for number, (stamp, temperature, humidity) in enumerate(readings, start=1))
    return buffer.getvalue().encode()


def xlsx_file(readings):
    import openpyxl
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    for line in HEADER_LINES + [COLUMNS]:
        sheet.append(line)
    for number, (stamp, temperature, humidity) in enumerate(readings, start=1):
        sheet.append([number, local(stamp), temperature, humidity])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def json_body(code, readings):
    return json.dumps({"readings": [
        {"sensor": code, "timestamp": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), "temperature": temperature,
         "humidity": humidity} for stamp, temperature, humidity in readings]}).encode()


def median(values):
    return statistics.median(values)


class Bench:

    def __init__(self, env, args):
        from odoo import fields
        self.env = env
        self.cr = env.cr
        self.args = args
        self.now = fields.Datetime.now().replace(second=0, microsecond=0)
        self.server = None
        self.server_log = None
        self.results = []  # (channel, rows, seconds, readings/s, target)
        self.chart = {}

    # Set-up ---------------------------------------------------------------------

    def count_readings(self):
        self.cr.commit()  # a new snapshot: the server's commits are seen
        self.cr.execute("SELECT COUNT(*) FROM md_env_reading")
        return self.cr.fetchone()[0]

    def bench_ids(self):
        cr = self.cr
        cr.execute("SELECT id FROM md_env_sensor WHERE code LIKE %s", [PREFIX + "%"])
        sensors = [r[0] for r in cr.fetchall()]
        cr.execute("SELECT id FROM stock_location WHERE name IN %s", [(ROOM, STORE)])
        locations = [r[0] for r in cr.fetchall()]
        return sensors, locations

    def cleanup(self):
        """Delete with SQL what the bench (or a kept run) created; readings and excursions refuse the ORM."""
        env, cr = self.env, self.cr
        start = time.perf_counter()
        env.invalidate_all()
        sensors, locations = self.bench_ids()
        if not sensors and not locations:
            return
        cr.execute("DELETE FROM md_env_reading WHERE sensor_id = ANY(%s) OR location_id = ANY(%s)",
                   [sensors, locations])
        readings = cr.rowcount
        cr.execute("SELECT id FROM md_excursion WHERE sensor_id = ANY(%s)", [sensors])
        excursions = [r[0] for r in cr.fetchall()]
        if excursions:
            cr.execute("DELETE FROM md_excursion_lot WHERE excursion_id = ANY(%s)", [excursions])
            cr.execute("DELETE FROM mail_message WHERE model = 'md.excursion' AND res_id = ANY(%s)", [excursions])
            for table in ("mail_activity", "mail_followers"):
                cr.execute(f"DELETE FROM {table} WHERE res_model = 'md.excursion' AND res_id = ANY(%s)",
                           [excursions])
            cr.execute("DELETE FROM md_excursion WHERE id = ANY(%s)", [excursions])
        # The rest goes through the ORM: wizards (with their file attachments), sensors (with their
        # chatter), the logger model and the locations.
        env["md.env.reading.import"].search([("sensor_id", "in", sensors)]).unlink()
        env["md.env.sensor.token"].search([("sensor_id", "in", sensors)]).unlink()
        env["md.env.sensor"].with_context(active_test=False).browse(sensors).unlink()
        env["md.env.logger.model"].with_context(active_test=False).search([("name", "=", LOGGER_MODEL)]).unlink()
        env["stock.location"].with_context(active_test=False).browse(locations).unlink()
        env.flush_all()
        cr.commit()
        self.vacuum()
        print(f"Clean-up: {readings:,} readings, {len(excursions)} excursions, {len(sensors)} sensors, "
              f"{len(locations)} locations deleted in {time.perf_counter() - start:.1f} s", flush=True)

    def vacuum(self):
        """VACUUM ANALYZE the readings (autovacuum may be off on a scratch server): dead rows left by
        earlier runs would otherwise slow down the scans of this one."""
        from odoo.sql_db import db_connect
        with contextlib.closing(db_connect(self.cr.dbname).cursor()) as cr:
            cr._cnx.autocommit = True
            cr.execute("VACUUM ANALYZE md_env_reading")

    def setup(self):
        env, args = self.env, self.args
        start = time.perf_counter()
        self.admin = env["res.users"].search([("login", "=", args.login)], limit=1)
        assert self.admin, f"no user {args.login}"
        assert self.admin.has_group("stock.group_stock_manager") or \
            self.admin.has_group("medical_device_base.group_md_storage_keeper"), "the user may not import"
        stock = env.ref("stock.warehouse0").lot_stock_id
        Location = env["stock.location"]
        self.room = Location.create({
            "name": ROOM, "usage": "internal", "location_id": stock.id, "md_own_conditions": True,
            "md_storage_controlled": True, "md_temp_min": 2.0, "md_temp_max": 8.0, "md_humidity_max": 75.0,
            "md_cold_chain_capable": True})
        self.store = Location.create({
            "name": STORE, "usage": "internal", "location_id": stock.id, "md_own_conditions": True,
            "md_storage_controlled": True, "md_temp_min": 10.0, "md_temp_max": 30.0, "md_humidity_max": 75.0})
        self.model = env["md.env.logger.model"].create({
            "name": LOGGER_MODEL, "header_row": len(HEADER_LINES) + 1, "timestamp_column": COLUMNS[1],
            "temperature_column": COLUMNS[2], "humidity_column": COLUMNS[3], "timezone": FILE_TZ,
            "delimiter": ","})
        Sensor = env["md.env.sensor"]

        def sensor(code, name, location):
            return Sensor.create({"name": name, "code": PREFIX + code, "kind": "logger", "location_id": location.id,
                                  "logger_model_id": self.model.id, "interval_minutes": 1, "grace_minutes": 15})
        self.csv_sensor = sensor("CSV", "Bench cold room logger (CSV export)", self.room)
        self.xlsx_sensor = sensor("XLSX", "Bench cold room logger (XLSX export)", self.room)
        self.api_sensor = sensor("API", "Bench cold room logger (online)", self.room)
        self.probe = sensor("PROBE", "Bench cold room probe (chart)", self.room)
        self.background = [sensor(f"BG{i:02d}", f"Bench store logger {i}", self.store)
                           for i in range(args.background_sensors)]
        assert self.api_sensor._md_limits() == (2.0, 8.0, 75.0), self.api_sensor._md_limits()
        action = self.api_sensor.with_user(self.admin).action_md_issue_token()
        self.token = env["md.env.sensor.token"].browse(action["res_id"]).token
        assert self.token
        self.cr.commit()

        # Each channel's logger reads, minute after minute, up to a day before the chart's window:
        # a warm-up, then the timed runs (then the profiled run).
        window = args.days * DAY_MINUTES
        chart_start = self.now - window * MINUTE
        before_chart = chart_start - timedelta(days=1)
        extra = 1 if args.profile else 0
        warm = 500
        api_minutes = warm + (args.repeat * args.batches + extra) * args.batch_size
        self.timelines = {
            self.csv_sensor: Timeline(before_chart - (warm + (args.repeat + extra) * args.rows) * MINUTE),
            self.xlsx_sensor: Timeline(before_chart - (warm + args.repeat * args.xlsx_rows) * MINUTE),
            self.api_sensor: Timeline(before_chart - api_minutes * MINUTE),
        }
        # Background and the chart's probe: the last 30 days, through _md_store by 5,000.
        Reading = env["md.env.reading"]
        for index, each in enumerate(self.background + [self.probe]):
            base, swing = (20.0, 3.0) if each in self.background else (5.0, 1.5)
            readings = series(chart_start, window, base, swing, seed=index)
            for offset in range(0, len(readings), BATCH):
                rows = [{"row": n, "sensor_id": each.id, "timestamp": stamp, "temperature": temperature,
                         "humidity": humidity}
                        for n, (stamp, temperature, humidity) in enumerate(readings[offset:offset + BATCH], 1)]
                result = Reading._md_store(rows, source="api")
                assert result["stored"] == len(rows), result
                self.cr.commit()
            print(f"  set-up: {each.code} {window:,} readings stored", flush=True)
        self.cr.execute("ANALYZE md_env_reading")
        self.cr.commit()
        env.invalidate_all()
        print(f"Set-up: cold room {self.room.complete_name} (id {self.room.id}) 2-8 °C, "
              f"{len(self.background)} background loggers and the room's probe with {window:,} readings each; "
              f"md_env_reading holds {self.count_readings():,} rows "
              f"({time.perf_counter() - start:.0f} s, not timed)", flush=True)

    def check_stored(self, sensor, start, count):
        self.cr.commit()  # a new snapshot: the server's commits are seen
        self.cr.execute("""SELECT COUNT(*) FROM md_env_reading
                            WHERE sensor_id = %s AND timestamp >= %s AND timestamp < %s""",
                        [sensor.id, start, start + count * MINUTE])
        stored = self.cr.fetchone()[0]
        assert stored == count, (sensor.code, stored, count)

    def excursion_count(self):
        self.cr.execute("SELECT COUNT(*) FROM md_excursion e JOIN md_env_sensor s ON s.id = e.sensor_id "
                        "WHERE s.code LIKE %s", [PREFIX + "%"])
        return self.cr.fetchone()[0]

    # 1. Import ----------------------------------------------------------------

    def import_file(self, sensor, content, filename, profiler=None):
        """Seconds of one import as the user does it: the wizard with its file, action_import, COMMIT."""
        env = self.env
        env.invalidate_all()
        gc.collect()  # every run starts with the same garbage: none
        profiler = profiler or contextlib.nullcontext()
        with profiler:
            start = time.perf_counter()
            wizard = env["md.env.reading.import"].with_user(self.admin).create({
                "file": base64.b64encode(content), "filename": filename, "sensor_id": sensor.id,
                "logger_model_id": self.model.id})
            action = wizard.action_import()
            self.cr.commit()
            elapsed = time.perf_counter() - start
        assert action["params"]["type"] == "success", action
        return elapsed, action["params"]["message"]

    def run_import(self, label, sensor, rows, make, extension):
        timeline = self.timelines[sensor]
        warm = timeline.take(500)
        self.import_file(sensor, make(series(warm, 500, 5.0, 1.5, seed=1)), f"warm-up.{extension}")
        runs = []
        for run in range(self.args.repeat):
            start = timeline.take(rows)
            content = make(series(start, rows, 5.0, 1.5, seed=100 + run))
            seconds, message = self.import_file(sensor, content, f"{sensor.code}-{run + 1}.{extension}")
            self.check_stored(sensor, start, rows)
            runs.append(seconds)
            print(f"  {label} run {run + 1}: {rows:,} rows ({len(content) / 1e6:.1f} MB) in {seconds:.2f} s "
                  f"= {rows / seconds:,.0f} readings/s  [{message}]", flush=True)
        seconds = median(runs)
        self.results.append((label, rows, seconds, rows / seconds, RATE_TARGET))

    # 2. Endpoint -----------------------------------------------------------------

    def start_server(self):
        import requests
        args = self.args
        self.server_log = tempfile.NamedTemporaryFile(prefix="bench-env-server-", suffix=".log", delete=False)
        command = [sys.executable, "-m", "odoo", "-d", args.database, f"--addons-path={args.addons_path}",
                   f"--http-port={args.port}", "--http-interface=127.0.0.1", "--workers=0",
                   "--max-cron-threads=0", "--log-level=warn"]
        self.server = subprocess.Popen(command, stdout=self.server_log, stderr=subprocess.STDOUT,
                                       cwd=tempfile.gettempdir())
        self.base = f"http://127.0.0.1:{args.port}"
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"the Odoo server stopped: {self.server_tail()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base}/web/health", timeout=2).status_code == 200:
                    print(f"Odoo server started on port {args.port} (pid {self.server.pid})", flush=True)
                    return
            time.sleep(0.5)
        raise RuntimeError(f"the Odoo server did not answer: {self.server_tail()}")

    def server_tail(self):
        if not self.server_log:
            return ""
        self.server_log.flush()
        return Path(self.server_log.name).read_text(encoding="utf-8", errors="replace")[-3000:]

    def stop_server(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        if self.server_log:
            tail = self.server_tail()
            self.server_log.close()
            if any(word in tail for word in ("ERROR", "CRITICAL", "Traceback")):
                print(f"\nServer log (end):\n{tail}")
            os.unlink(self.server_log.name)
            self.server_log = None
        self.server = None

    def post(self, session, body):
        response = session.post(f"{self.base}/md/env/readings", data=body, timeout=300, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        assert response.status_code == 200, (response.status_code, response.text[:500])
        return response.json()

    def run_endpoint(self):
        import requests
        args = self.args
        sensor, timeline = self.api_sensor, self.timelines[self.api_sensor]
        code, size, total = sensor.code, args.batch_size, args.batches * args.batch_size
        session = requests.Session()
        warm = timeline.take(500)
        reply = self.post(session, json_body(code, series(warm, 500, 5.0, 1.5, seed=2)))
        assert reply == {"stored": 500, "duplicates": 0}, reply
        runs, first_body = [], None
        for run in range(args.repeat):
            start = timeline.take(total)
            readings = series(start, total, 5.0, 1.5, seed=200 + run)
            bodies = [json_body(code, readings[i:i + size]) for i in range(0, total, size)]
            first_body = first_body or bodies[0]
            gc.collect()
            begin = time.perf_counter()
            replies = [self.post(session, body) for body in bodies]
            seconds = time.perf_counter() - begin
            assert all(r == {"stored": size, "duplicates": 0} for r in replies), replies
            self.check_stored(sensor, start, total)
            runs.append(seconds)
            print(f"  endpoint run {run + 1}: {len(bodies)} POSTs of {size:,} ({len(bodies[0]) / 1e6:.2f} MB each) "
                  f"in {seconds:.2f} s = {total / seconds:,.0f} readings/s", flush=True)
        seconds = median(runs)
        self.results.append(("HTTP endpoint", total, seconds, total / seconds, RATE_TARGET))
        repost = []
        for _run in range(args.repeat):
            begin = time.perf_counter()
            reply = self.post(session, first_body)
            repost.append(time.perf_counter() - begin)
            assert reply == {"stored": 0, "duplicates": size}, reply
        seconds = median(repost)
        print(f"  endpoint, one batch posted again: {reply} in " + ", ".join(f"{s:.2f}" for s in repost) + " s",
              flush=True)
        self.results.append(("HTTP endpoint, batch re-posted (duplicates)", size, seconds, size / seconds, None))

    # 3. Chart --------------------------------------------------------------------

    def chart_request(self):
        """Domain, measures, groupby and context the graph view of the room's chart sends."""
        from odoo import fields
        since = fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=self.args.days))
        domain = [("location_id", "child_of", self.room.id), ("timestamp", ">=", since)]
        context = {"lang": self.admin.lang or "en_US", "tz": self.admin.tz or "UTC", "uid": self.admin.id,
                   "allowed_company_ids": [self.admin.company_id.id], "search_default_last_30_days": 1,
                   "fill_temporal": True}
        return domain, ["__count", "temperature:avg"], ["timestamp:hour"], context

    def run_chart(self):
        import requests
        env, cr, args = self.env, self.cr, self.args
        domain, measures, groupby, context = self.chart_request()
        Reading = env["md.env.reading"].with_user(self.admin).with_context(**context)

        def in_process(label, domain):
            """One warm-up call, whose grouping SQL is kept, then the timed calls with an empty record cache."""
            with self.capture_sql() as captured:
                groups = Reading.web_read_group(domain, measures, groupby, lazy=False)["groups"]
            timings = []
            for _run in range(args.chart_repeat):
                env.invalidate_all()
                gc.collect()
                begin = time.perf_counter()
                Reading.web_read_group(domain, measures, groupby, lazy=False)
                timings.append((time.perf_counter() - begin) * 1000)
            cr.rollback()  # read only: end the transaction
            self.chart[label] = median(timings)
            print(f"  chart {label}: {len(groups)} hourly points over "
                  f"{sum(group['__count'] for group in groups):,} readings; "
                  + ", ".join(f"{t:.0f}" for t in timings) + " ms", flush=True)
            return groups, captured

        groups, captured = in_process("in-process", domain)
        self.chart_rows = sum(group["__count"] for group in groups)

        # Over HTTP, logged in as the user.
        session = requests.Session()
        response = session.post(f"{self.base}/web/session/authenticate", timeout=60, json={
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"db": args.database, "login": args.login, "password": args.password}})
        info = response.json().get("result") or {}
        assert info.get("uid") == self.admin.id, response.text[:500]
        payload = {"jsonrpc": "2.0", "method": "call", "id": 2, "params": {
            "model": "md.env.reading", "method": "web_read_group", "args": [],
            "kwargs": {"domain": [list(leaf) for leaf in domain], "fields": measures, "groupby": groupby,
                       "lazy": False, "context": dict(info.get("user_context") or {}, **context)}}}
        url = f"{self.base}/web/dataset/call_kw/md.env.reading/web_read_group"

        def call():
            reply = session.post(url, json=payload, timeout=60).json()
            assert "result" in reply, str(reply)[:1000]
            return reply["result"]

        assert len(call()["groups"]) == len(groups)
        timings = []
        for _run in range(args.chart_repeat):
            begin = time.perf_counter()
            call()
            timings.append((time.perf_counter() - begin) * 1000)
        self.chart["HTTP"] = median(timings)
        print("  chart over HTTP (JSON-RPC): " + ", ".join(f"{t:.0f}" for t in timings) + " ms", flush=True)
        self.explain("SQL of the chart", captured)

        # For comparison (not what the view sends): the room and its sub-locations given by id, which
        # lets the planner estimate the rows of the room and use the (location_id, timestamp) index.
        rooms = env["stock.location"].search([("id", "child_of", self.room.id)]).ids
        by_id = [("location_id", "in", rooms)] + domain[1:]
        compared, captured = in_process("in-process, locations by id (comparison)", by_id)
        assert [g["__count"] for g in compared] == [g["__count"] for g in groups]
        self.explain("SQL with the child locations given by id", captured)

    @contextlib.contextmanager
    def capture_sql(self):
        """The grouping queries on md_env_reading run in the block: [(code, params)]."""
        from odoo.tools import SQL
        cr = self.cr
        captured = []
        original = cr.execute

        def capture(query, params=None, log_exceptions=True):
            code, query_params = (query.code, query.params) if isinstance(query, SQL) else (query, params)
            if "md_env_reading" in str(code) and "GROUP BY" in str(code):
                captured.append((code, query_params))
            return original(query, params, log_exceptions)

        cr.execute = capture
        try:
            yield captured
        finally:
            del cr.execute

    def explain(self, title, captured):
        cr = self.cr
        if not captured:
            print(f"  {title}: no grouping query on md_env_reading captured")
            return
        code, query_params = captured[-1]
        print(f"\n  {title}:\n    " + " ".join(str(code).split()))
        cr.execute(f"EXPLAIN (ANALYZE, BUFFERS) {code}", query_params)
        plan = [row[0] for row in cr.fetchall()]
        cr.rollback()
        print("  EXPLAIN ANALYZE:")
        for line in plan:
            print(f"    {line}")
        used = any("md_env_reading_location_timestamp_idx" in line for line in plan)
        print(f"  index md_env_reading_location_timestamp_idx used: {'yes' if used else 'NO'}\n", flush=True)

    # Profile -----------------------------------------------------------------------

    def run_profile(self):
        from odoo import fields
        from odoo.addons.medical_device_gsp.utils.env_readings import readings_from_json
        env, args = self.env, self.args
        print()
        profiler = cProfile.Profile()
        start = self.timelines[self.csv_sensor].take(args.rows)
        content = csv_file(series(start, args.rows, 5.0, 1.5, seed=900))
        seconds, _message = self.import_file(self.csv_sensor, content, "profile.csv", profiler=profiler)
        self.check_stored(self.csv_sensor, start, args.rows)
        self.print_profile(f"Profile: CSV import of {args.rows:,} rows ({seconds:.2f} s under the profiler)", profiler)

        # The controller's work on one batch, in-process (what the server does between the request and the reply).
        device = env["md.env.sensor"].sudo().browse(self.api_sensor.id)
        Reading = env["md.env.reading"].sudo().with_company(device.company_id)
        start = self.timelines[self.api_sensor].take(args.batch_size)
        body = json_body(device.code, series(start, args.batch_size, 5.0, 1.5, seed=901))
        env.invalidate_all()
        profiler = cProfile.Profile()
        begin = time.perf_counter()
        profiler.enable()
        readings = readings_from_json(json.loads(body), now=fields.Datetime.now())
        result = Reading._md_ingest(readings, device=device, source="api")
        self.cr.commit()
        profiler.disable()
        seconds = time.perf_counter() - begin
        assert result["stored"] == args.batch_size, result
        self.print_profile(f"Profile: one endpoint batch of {args.batch_size:,} in-process "
                           f"({seconds:.3f} s under the profiler)", profiler)

    @staticmethod
    def print_profile(title, profiler):
        print(title)
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("tottime").print_stats(18)
        stats.sort_stats("cumulative").print_stats(25)
        lines = [line for line in stream.getvalue().splitlines() if line.strip()]
        print("\n".join(line.replace(str(Path.cwd()), ".") for line in lines))

    # Run ---------------------------------------------------------------------------

    def run(self):
        args = self.args
        print(f"md_env_reading holds {self.count_readings():,} rows before the bench", flush=True)
        self.cleanup()  # what a --keep run left behind
        self.cr.commit()
        self.vacuum()
        self.setup()
        print("\n1. Import through the wizard (create with the file, action_import, COMMIT)", flush=True)
        self.run_import("CSV import", self.csv_sensor, args.rows, csv_file, "csv")
        self.run_import("XLSX import", self.xlsx_sensor, args.xlsx_rows, xlsx_file, "xlsx")
        print("\n2. Endpoint /md/env/readings", flush=True)
        self.start_server()
        self.run_endpoint()
        self.table_size = self.count_readings()
        # Statistics of the table as it is now, as autovacuum would have made them after the imports.
        self.cr.execute("ANALYZE md_env_reading")
        self.cr.commit()
        print(f"\n3. Chart of {self.room.complete_name} over {args.days} days, md_env_reading holding "
              f"{self.table_size:,} rows", flush=True)
        self.run_chart()
        self.stop_server()
        if args.profile:
            self.run_profile()
        self.report()

    def report(self):
        print()
        print(f"Summary (median of {self.args.repeat} runs; chart median of {self.args.chart_repeat}); "
              f"md_env_reading held {self.table_size:,} rows, bench excursions opened: {self.excursion_count()}")
        print(f"  {'channel':50} {'rows':>8} {'seconds':>8} {'readings/s':>11}  target")
        for channel, rows, seconds, rate, target in self.results:
            met = f"≥ {target:,}/s: {'yes' if rate >= target else 'NO'}" if target else "-"
            print(f"  {channel:50} {rows:8,} {seconds:8.2f} {rate:11,.0f}  {met}")
        print(f"  {'chart (web_read_group)':50} {'rows':>8} {'ms':>8}")
        for where, ms in self.chart.items():
            met = 'yes' if ms < CHART_TARGET_MS else 'NO'
            print(f"  {'chart, ' + where:50} {self.chart_rows:8,} {ms:8.0f}  < {CHART_TARGET_MS:,} ms: {met}")


if __name__ == "__main__":
    main()
