import json
import re
import runpy
from collections import defaultdict
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_open, file_path
from odoo.tools.safe_eval import safe_eval

DASHBOARD = "medical_device_dashboard.spreadsheet_dashboard_gsp_overview"
SOURCE = "medical_device_dashboard/data/files/gsp_overview_dashboard"
QA_GROUP = "medical_device_base.group_md_qa_manager"
OPEN_CAPA_STAGES = ("draft", "investigation", "action", "effectiveness")
SOURCE_CALL = re.compile(r"(PIVOT\.VALUE|PIVOT\.HEADER|ODOO\.LIST\.HEADER|ODOO\.LIST)\(([^()]*)\)")


def _args(text):
    """Arguments of a formula call, quotes removed (the dashboard's calls hold no nested call)."""
    return [arg.strip().strip('"') for arg in re.findall(r'"[^"]*"|[^,]+', text)] if text.strip() else []


def _month(value):
    return date(value.year, value.month, 1)


@tagged("post_install", "-at_install")
class TestGspOverviewDashboard(TransactionCase):
    """Each data source of the dashboard, read as the spreadsheet reads it, against the records themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.qa = new_test_user(cls.env, "md_dash_qa", groups=f"base.group_user,{QA_GROUP}", name="Qin QA")
        cls.uenv = cls.env["base"].with_user(cls.qa).env
        cls.dashboard = cls.env.ref(DASHBOARD)
        cls.data = json.loads(cls.dashboard.spreadsheet_data)
        cls.pivots = {p["formulaId"]: p for p in cls.data["pivots"].values()}
        cls.lists = cls.data["lists"]
        cls.charts = [fig["data"] for sheet in cls.data["sheets"] for fig in sheet["figures"]
                      if fig["data"]["type"].startswith("odoo_")]
        cls.today = fields.Date.context_today(cls.qa)

    # The spreadsheet's reading -------------------------------------------------------------------

    def _domain(self, domain):
        """A data source's domain as the web client evaluates it (python expressions on today's date)."""
        if isinstance(domain, str):
            return safe_eval(domain, {"context_today": lambda: self.today, "relativedelta": relativedelta,
                                      "datetime": datetime})
        return domain

    @staticmethod
    def _groupby(dimension):
        return dimension["fieldName"] + (f":{dimension['granularity']}" if dimension.get("granularity") else "")

    def _read_pivot(self, fid, grouped=True):
        """{group values: {measure id: value}} of a pivot, grouped by all its rows and columns (or not at all)."""
        pivot = self.pivots[fid]
        dimensions = pivot["rows"] + pivot["columns"] if grouped else []
        groupby = [self._groupby(d) for d in dimensions]
        aggregates = ["__count" if m["fieldName"] == "__count" else f"{m['fieldName']}:{m['aggregator']}"
                      for m in pivot["measures"]]
        order = ", ".join(f"{g} {d['order']}" for g, d in zip(groupby, dimensions) if d.get("order")) or None
        result = {}
        for row in self.uenv[pivot["model"]]._read_group(self._domain(pivot["domain"]), groupby, aggregates,
                                                         order=order):
            keys = tuple(_month(v) if isinstance(v, (date, datetime)) else v for v in row[:len(groupby)])
            result[keys] = dict(zip((m["id"] for m in pivot["measures"]), row[len(groupby):]))
        return result

    def _total(self, fid):
        return self._read_pivot(fid, grouped=False)[()]

    def _read_list(self, list_id):
        definition = self.lists[list_id]
        order = ", ".join(f"{o['name']} {'asc' if o['asc'] else 'desc'}" for o in definition["orderBy"])
        return self.uenv[definition["model"]].search(self._domain(definition["domain"]), order=order)

    # Independent figures -------------------------------------------------------------------------

    def _device_quants(self):
        """Stock of devices with an expiry date in internal locations, as the user may see it."""
        return self.uenv["stock.quant"].search([("location_id.usage", "=", "internal"), ("quantity", ">", 0)]) \
            .filtered(lambda q: q.product_id.is_medical_device and q.lot_id.expiration_date)

    @staticmethod
    def _stock_figures(quants, key):
        lots, qty = defaultdict(set), defaultdict(float)
        for quant in quants:
            lots[key(quant)].add(quant.lot_id.id)
            qty[key(quant)] += quant.quantity
        return {k: {"lot_id:count_distinct": len(lots[k]), "quantity:sum": qty[k]} for k in qty}

    def _assert_stock(self, read, expected):
        self.assertEqual(set(read), set(expected))
        for key, figures in expected.items():
            self.assertEqual(read[key]["lot_id:count_distinct"], figures["lot_id:count_distinct"], key)
            self.assertAlmostEqual(read[key]["quantity:sum"], figures["quantity:sum"], places=4, msg=key)

    def _set_expiry(self, lot, days):
        lot.expiration_date = fields.Datetime.now() + timedelta(days=days)

    # Tests -----------------------------------------------------------------------------------------

    def test_json_is_built_from_its_source(self):
        build = runpy.run_path(file_path(f"{SOURCE}.py"))["build"]
        with file_open(f"{SOURCE}.json", "rb") as f:
            self.assertEqual(json.load(f), build(), "run the .py beside the JSON after changing it")
        self.assertEqual(self.data, build(), "the dashboard record holds the file's spreadsheet")

    def test_dashboard_visible_to_qa_managers_only(self):
        self.assertEqual(self.dashboard.group_ids, self.env.ref(QA_GROUP))
        self.assertEqual(self.dashboard.dashboard_group_id.name, "Medical Devices")
        self.assertIn(self.dashboard, self.uenv["spreadsheet.dashboard"].search([]))
        snapshot = self.dashboard.with_user(self.qa).get_readonly_dashboard()["snapshot"]
        self.assertEqual(set(snapshot["pivots"]), set(self.data["pivots"]))
        keeper = new_test_user(self.env, "md_dash_keeper", name="Kai Keeper",
                               groups="base.group_user,medical_device_base.group_md_storage_keeper")
        self.assertNotIn(self.dashboard, self.env["spreadsheet.dashboard"].with_user(keeper).search([]))

    def test_formulas_refer_to_defined_sources(self):
        """Every PIVOT/ODOO.LIST call names a defined source, one of its measures, groups or columns."""
        calls = 0
        for sheet in self.data["sheets"]:
            for ref, cell in sheet["cells"].items():
                for function, raw in SOURCE_CALL.findall(cell.get("content", "")):
                    calls += 1
                    args = _args(raw)
                    where = f"{sheet['name']}!{ref}: {cell['content']}"
                    if function.startswith("ODOO.LIST"):
                        definition = self.lists.get(args[0])
                        self.assertTrue(definition, where)
                        self.assertIn(args[-1], definition["columns"], where)
                        continue
                    pivot = self.pivots.get(args[0])
                    self.assertTrue(pivot, where)
                    measures = {m["id"] for m in pivot["measures"]}
                    dimensions = {self._groupby(d) for d in pivot["rows"] + pivot["columns"]}
                    pairs = args[2:] if function == "PIVOT.VALUE" else args[1:]
                    if function == "PIVOT.VALUE":
                        self.assertIn(args[1], measures, where)
                    self.assertEqual(len(pairs) % 2, 0, where)
                    for field, value in zip(pairs[::2], pairs[1::2]):
                        if field == "measure":
                            self.assertIn(value, measures, where)
                        else:
                            self.assertIn(field.lstrip("#"), dimensions, where)
        self.assertGreater(calls, 100)
        data_sheet = next(s for s in self.data["sheets"] if s["name"] == "Data")
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                for key in ("keyValue", "baseline"):
                    if key in figure["data"]:
                        self.assertIn(figure["data"][key].split("!")[1], data_sheet["cells"], figure["id"])

    def test_every_source_reads(self):
        """Fields, measures, groupings and orders of every source are valid for the current user."""
        for fid in self.pivots:
            self._read_pivot(fid)
            self._total(fid)
        for list_id, definition in self.lists.items():
            fields_get = self.uenv[definition["model"]].fields_get(definition["columns"])
            self.assertEqual(set(fields_get), set(definition["columns"]), list_id)
            self._read_list(list_id).read(definition["columns"])
        for chart in self.charts:
            meta = chart["metaData"]
            self.uenv[meta["resModel"]].read_group(
                self._domain(chart["searchParams"]["domain"]), [f"{meta['measure']}:sum"], meta["groupBy"])

    def test_stock_by_expiry_month(self):
        expected = self._stock_figures(self._device_quants(), lambda q: (_month(q.lot_id.expiration_date),))
        self.assertTrue(expected, "the demo data has device stock")
        read = self._read_pivot("1")
        self._assert_stock(read, expected)
        self.assertEqual(list(read), sorted(read), "earliest expiry month first")
        chart = next(c for c in self.charts if c["metaData"]["resModel"] == "md.near.expiry.report"
                     and c["metaData"]["groupBy"] == ["expiration_date:month"])
        by_chart = {
            _month(fields.Datetime.to_datetime(g["__range"]["expiration_date:month"]["from"])): g["quantity"]
            for g in self.uenv["md.near.expiry.report"].read_group(
                chart["searchParams"]["domain"], ["quantity:sum"], chart["metaData"]["groupBy"], lazy=False)}
        self.assertEqual(by_chart, {k[0]: v["quantity:sum"] for k, v in expected.items()})

    def test_near_expiry_and_expired_stock(self):
        quants = self._device_quants()
        near_lot, expired_lot = quants.lot_id[:2]
        self.assertTrue(expired_lot, "the demo data has two lots in stock")
        alert_days = near_lot._md_alert_days()
        self._set_expiry(near_lot, alert_days - 1)
        self._set_expiry(expired_lot, -3)
        quants = self._device_quants()
        now = fields.Datetime.now()
        days = {q: (q.lot_id.expiration_date.date() - fields.Date.today()).days for q in quants}
        near = quants.filtered(lambda q: 0 < days[q] and q.lot_id.alert_date <= now)
        expired = quants.filtered(lambda q: days[q] <= 0)
        self.assertTrue(near and expired)
        self.assertIn(near_lot, near.lot_id)
        self._assert_stock({(): self._total("2")}, self._stock_figures(near, lambda q: ()))
        self._assert_stock({(): self._total("3")}, self._stock_figures(expired, lambda q: ()))
        # The horizon is the lot's alert date (the product's alert time, else the company's setting), not a
        # number written in the dashboard.
        near_lot.product_id.product_tmpl_id.alert_time = alert_days - 2
        self.assertNotIn(near_lot.id, self.uenv["md.near.expiry.report"].search(
            self._domain(self.pivots["2"]["domain"])).lot_id.ids)

    def test_stock_not_released_by_quality_status(self):
        quants = self._device_quants().filtered(lambda q: q.lot_id.md_quality_state != "released")
        expected = self._stock_figures(quants, lambda q: (q.lot_id.md_quality_state,))
        self.assertIn(("recalled",), expected, "the demo recall holds lots in our stock")
        self._assert_stock(self._read_pivot("4"), expected)
        self._assert_stock({(): self._total("4")}, self._stock_figures(quants, lambda q: ()))

    def test_open_excursions(self):
        sensor = self.env["md.env.sensor"].search([], limit=1)
        self.assertTrue(sensor, "the demo data has sensors")
        Excursion = self.env["md.excursion"].sudo()
        start = fields.Datetime.now() - timedelta(hours=5)
        Excursion.create([
            {"kind": "range", "sensor_id": sensor.id, "company_id": sensor.company_id.id, "start": start},
            {"kind": "silence", "sensor_id": sensor.id, "company_id": sensor.company_id.id, "start": start,
             "end": start + timedelta(hours=1)},
        ])
        open_ones = self.uenv["md.excursion"].search([]).filtered(lambda e: e.state != "done")
        expected = defaultdict(int)
        for excursion in open_ones:
            expected[(excursion.state,)] += 1
        self.assertEqual({k: v["__count"] for k, v in self._read_pivot("5").items()}, dict(expected))
        self.assertEqual(set(expected), {("open",), ("to_evaluate",)})
        listed = self._read_list("1")
        self.assertEqual(set(listed.ids), set(open_ones.ids))
        self.assertEqual(listed.mapped("start"), sorted(listed.mapped("start")))

    def test_recall_progress(self):
        recalls = self.uenv["md.recall"].search([]).filtered(lambda r: r.state in ("draft", "ongoing"))
        self.assertTrue(recalls.filtered(lambda r: r.state == "ongoing" and r.notified_count),
                        "the demo has an ongoing recall with notices")
        listed = self._read_list("2")
        far = datetime.max
        self.assertEqual(listed.ids, recalls.sorted(lambda r: (r.notify_deadline or far, r.id)).ids)
        figures = ("consignee_count", "notified_count", "acknowledged_count", "overdue_count",
                   "qty_to_recall", "qty_retrieved")
        expected = defaultdict(lambda: defaultdict(float))
        for recall in recalls:
            expected[(recall.level,)]["__count"] += 1
            for name in figures:
                expected[(recall.level,)][f"{name}:sum"] += recall[name]
        read = self._read_pivot("6")
        self.assertEqual(list(read), sorted(read), "Level I first")
        self.assertEqual({k: dict(v) for k, v in read.items()}, {k: dict(v) for k, v in expected.items()})
        self.assertGreater(self._total("6")["notified_count:sum"], 0)

    def test_open_capas_by_age(self):
        demo = self.uenv["md.capa"].search([]).filtered(lambda c: c.stage in OPEN_CAPA_STAGES)
        self.assertGreaterEqual(len(demo), 2, "the demo has open CAPAs")
        # One CAPA on each side of every bucket boundary, opened that many days ago.
        ages = (30, 31, 90, 91, 180, 181)
        new = self.uenv["md.capa"].create([{"title": f"Aged {days} days", "description": "Dashboard age check"}
                                          for days in ages])
        for capa, days in zip(new, ages):
            self.env.cr.execute("UPDATE md_capa SET create_date = %s WHERE id = %s",
                                [fields.Datetime.now() - timedelta(days=days), capa.id])
        new.invalidate_recordset(["create_date"])
        capas = demo | new
        bounds = [("7", 0, 30, 1), ("8", 31, 90, 2), ("9", 91, 180, 2), ("10", 181, 10 ** 6, 1)]
        counted = 0
        for fid, low, high, aged in bounds:
            expected = capas.filtered(lambda c: low <= (self.today - c.create_date.date()).days <= high)
            self.assertEqual(self._total(fid)["__count"], len(expected), self.pivots[fid]["name"])
            self.assertEqual(len(expected & new), aged, self.pivots[fid]["name"])
            counted += len(expected)
        self.assertEqual(counted, len(capas), "the age buckets cover every open CAPA once")
        overdue = capas.filtered("overdue")
        self.assertTrue(overdue, "the demo has an overdue CAPA")
        self.assertEqual(self._total("11")["__count"], len(overdue))
        by_stage = defaultdict(int)
        for capa in capas:
            by_stage[(capa.stage,)] += 1
        self.assertEqual({k: v["__count"] for k, v in self._read_pivot("12").items()}, dict(by_stage))

    def test_supplier_grades(self):
        cards = self.uenv["md.supplier.scorecard"].search([])
        self.assertTrue(cards, "the demo has supplier scorecards")
        expected = defaultdict(int)
        for card in cards:
            expected[(_month(card.date_to), card.grade)] += 1
        read = self._read_pivot("13")
        self.assertEqual({k: v["__count"] for k, v in read.items()}, dict(expected))
        latest = max(cards.mapped("date_to"))
        self.assertEqual(next(iter(read))[0], _month(latest), "the latest period comes first")
        listed = self._read_list("3")
        self.assertEqual(listed[0].date_to, latest)
        self.assertEqual(set(listed.ids), set(cards.ids))
