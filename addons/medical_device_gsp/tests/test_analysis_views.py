from datetime import timedelta

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.medical_device_base.tests.analysis import AnalysisViewsMixin
from odoo.addons.medical_device_base.tests.i18n_scan import activate_zh_cn
from odoo.addons.medical_device_base.tests.tour import MdTourCase

from .env_common import MINUTE, EnvCommon

HOUR = timedelta(hours=1)


class ChartCommon(EnvCommon):
    """A store kept at 10-30 °C with a fridge inside it kept at 2-8 °C, each with its own logger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls._room("TR Chart Store", 10, 30)
        cls.fridge = cls._room("TR Chart Fridge", 2, 8, cold=True, parent=cls.store)
        cls.store_sensor = cls._sensor("Store Probe", "T-CH-S", location=cls.store, interval=30)
        cls.fridge_sensor = cls._sensor("Fridge Probe", "T-CH-F", location=cls.fridge, interval=30)
        # Whole hours, so that each hour of the chart holds two readings.
        cls.h0 = cls.t0.replace(minute=0)

    def _chart_groups(self, action):
        """{hour: (average, lowest, highest, count)} over the action's readings, as the chart reads them."""
        groups = self.env["md.env.reading"].with_context(tz="UTC")._read_group(
            action["domain"], ["hour"], ["temperature:avg", "temperature_min:min", "temperature_max:max", "__count"])
        return {hour: (round(avg, 2), low, high, count) for hour, avg, low, high, count in groups}

    @staticmethod
    def _hour(stamp):
        return stamp.strftime("%Y-%m-%d %H:00")


@tagged("post_install", "-at_install")
class TestAnalysisViews(AnalysisViewsMixin, ChartCommon):
    """Each GSP record type offers pivot and graph views that the auditor can run."""

    def test_acceptance(self):
        self.assertAnalysisViews(
            "medical_device_gsp.md_acceptance_action",
            pivot=(["partner_id", "state"], []), graph=(["receipt_date:month", "state"], []),
            aggregators={"arrival_temperature": "avg", "transit_temp_min": "min", "transit_temp_max": "max",
                         "transit_minutes": "avg"})

    def test_acceptance_lines(self):
        _picking, acceptance = self._received(self.syringe, [("TR-AN-1", 10, 400)])
        self._accept(acceptance, {"TR-AN-1": (7, 3)})
        self.assertAnalysisViews(
            "medical_device_gsp.md_acceptance_line_analysis_action", first="pivot",
            pivot=(["product_id", "conclusion"], ["qty_received", "qty_accepted", "qty_rejected"]),
            graph=(["product_id", "conclusion"], ["qty_received"]),
            aggregators={"qty_rejected": "sum", "arrival_temperature": "avg"})
        action = self.env.ref("medical_device_gsp.md_acceptance_line_analysis_action")
        groups = self.env["md.acceptance.line"].with_user(self.auditor)._read_group(
            safe_eval(action.domain) + [("product_id", "=", self.syringe.id)], [],
            ["qty_received:sum", "qty_accepted:sum", "qty_rejected:sum"])
        self.assertEqual(groups, [(10, 7, 3)])

    def test_outbound_review(self):
        self.assertAnalysisViews("medical_device_gsp.md_outbound_review_action",
                                 pivot=(["partner_id", "state"], []), graph=(["create_date:month", "state"], []))

    def test_excursion(self):
        self.assertAnalysisViews(
            "medical_device_gsp.md_excursion_action",
            pivot=(["location_id", "kind"], ["temp_min_seen", "temp_max_seen"]), graph=(["start:month", "kind"], []),
            aggregators={"temp_min_seen": "min", "temp_max_seen": "max", "humidity_max_seen": "max",
                         "temp_min_limit": False, "temp_max_limit": False, "humidity_max_limit": False})

    def test_env_reading(self):
        self.assertAnalysisViews(
            "medical_device_gsp.md_env_reading_action",
            pivot=(["location_id", "timestamp:day"], ["temperature"]), graph=(["timestamp:day"], ["temperature"]),
            aggregators={"temperature": "avg", "temperature_min": "min", "temperature_max": "max", "humidity": "avg"},
            graph_type="line")

    def test_maintenance_check(self):
        self.assertAnalysisViews("medical_device_gsp.md_maintenance_check_action",
                                 pivot=(["plan_id", "state"], []), graph=(["date:month", "state"], []))

    def test_quality_change(self):
        self.assertAnalysisViews("medical_device_gsp.md_quality_change_action",
                                 pivot=(["new_state", "date:month"], []), graph=(["date:month", "new_state"], []))

    def test_near_expiry(self):
        self.assertAnalysisViews(
            "medical_device_gsp.md_near_expiry_action",
            pivot=(["product_id", "expiration_date:month"], ["quantity"]),
            graph=(["expiration_date:month", "quality_state"], ["quantity"]),
            aggregators={"days_to_expiry": "min"})


@tagged("post_install", "-at_install")
class TestTemperatureChart(ChartCommon):
    """The temperature chart of a location, and of the readings around an excursion."""

    def test_location_chart_shows_its_own_readings_hour_by_hour(self):
        # Two readings per hour in the fridge, one hour apart; the store around it is much warmer.
        self._feed(self.fridge_sensor, self.h0, [4.0, 6.0, 3.0, 5.0], step=30 * MINUTE)
        self._feed(self.store_sensor, self.h0, [20.0, 22.0], step=30 * MINUTE)

        action = self.fridge.with_user(self.keeper).action_md_temperature_chart()
        self.assertEqual(action["res_model"], "md.env.reading")
        self.assertEqual(action["domain"], [("location_id", "=", self.fridge.id)])
        self.assertEqual(action["display_name"], action["name"])
        self.assertIn("TR Chart Fridge", action["name"])
        self.assertIn("2 to 8 °C", action["name"])
        self.assertEqual(action["context"], {"search_default_last_30_days": 1})
        # It opens on the dedicated line chart: hourly average, lowest and highest.
        view_type, view_id = action["views"][0][1], action["views"][0][0]
        self.assertEqual((view_type, view_id),
                         ("graph", self.env.ref("medical_device_gsp.md_env_reading_view_graph_chart").id))
        views = self.env["md.env.reading"].with_user(self.keeper).get_views([(view_id, "graph")])
        arch = etree.fromstring(views["views"]["graph"]["arch"])
        self.assertEqual(arch.get("type"), "line")
        self.assertEqual(arch.get("stacked"), "0")
        self.assertEqual([(f.get("name"), f.get("interval"), f.get("type")) for f in arch.iter("field")],
                         [("hour", None, None), ("temperature", None, "measure")])
        self.assertTrue(views["models"]["md.env.reading"]["fields"]["hour"]["groupable"])
        # The other measures the chart offers: hourly lowest and highest of the same readings.
        described = self.env["md.env.reading"].with_user(self.keeper).fields_get(attributes=["aggregator"])
        self.assertEqual({name: described[name].get("aggregator") for name in
                          ("temperature", "temperature_min", "temperature_max", "humidity")},
                         {"temperature": "avg", "temperature_min": "min", "temperature_max": "max",
                          "humidity": "avg"})

        self.assertEqual(self._chart_groups(action), {
            self._hour(self.h0): (5.0, 4.0, 6.0, 2),
            self._hour(self.h0 + HOUR): (4.0, 3.0, 5.0, 2),
        })
        # Hours are those of the user's time zone, grouped and computed alike.
        shanghai = self.env["md.env.reading"].with_context(tz="Asia/Shanghai")
        self.assertEqual(shanghai._read_group(action["domain"], ["hour"], ["__count"]),
                         [(self._hour(self.h0 + 8 * HOUR), 2), (self._hour(self.h0 + 9 * HOUR), 2)])
        self.assertEqual(shanghai.search(action["domain"], order="timestamp").mapped("hour"),
                         [self._hour(self.h0 + 8 * HOUR)] * 2 + [self._hour(self.h0 + 9 * HOUR)] * 2)
        # The store's chart leaves out the fridge standing in it.
        store_action = self.store.action_md_temperature_chart()
        self.assertIn("10 to 30 °C", store_action["name"])
        self.assertEqual(self._chart_groups(store_action), {self._hour(self.h0): (21.0, 20.0, 22.0, 2)})

    def test_chart_title_in_chinese(self):
        env = activate_zh_cn(self.env, ["medical_device_gsp"])
        action = self.fridge.with_env(env).action_md_temperature_chart()
        self.assertEqual(action["name"], f"温度（允许 2 至 8 °C）：{self.fridge.display_name}")

    def test_uncontrolled_location_chart_has_no_range(self):
        shelf = self.env["stock.location"].create({"name": "TR Open Shelf", "usage": "internal",
                                                   "location_id": self.warehouse.view_location_id.id})
        self.assertFalse(shelf.md_storage_controlled)
        action = shelf.action_md_temperature_chart()
        self.assertEqual(action["domain"], [("location_id", "=", shelf.id)])
        self.assertNotIn("°C", action["name"])

    def test_excursion_chart_shows_the_readings_around_it(self):
        # An hour at 5 °C, 20 minutes at up to 12 °C, then back to 5 °C: one excursion.
        before = [5.0] * 60
        peak = [9.0, 12.0] + [10.0] * 18
        self._feed(self.fridge_sensor, self.h0, before + peak + [5.0] * 40, step=MINUTE)
        excursion = self._excursions(self.fridge_sensor)
        self.assertEqual(len(excursion), 1)
        self.assertEqual((excursion.start, excursion.end), (self.h0 + HOUR, self.h0 + HOUR + 20 * MINUTE))
        # A reading of the same sensor long before stays out of the chart, another sensor's too.
        self._feed(self.fridge_sensor, self.h0 - 12 * HOUR, [5.0], step=MINUTE)
        self._feed(self.store_sensor, self.h0 + HOUR, [25.0], step=MINUTE)

        action = excursion.with_user(self.keeper).action_md_temperature_chart()
        margin = 6 * HOUR
        self.assertEqual(action["domain"], [("sensor_id", "=", self.fridge_sensor.id),
                                            ("timestamp", ">=", excursion.start - margin),
                                            ("timestamp", "<=", excursion.end + margin)])
        self.assertEqual(tuple(action["views"][0]),
                         (self.env.ref("medical_device_gsp.md_env_reading_view_graph_chart").id, "graph"))
        # Too hot: it opens on the hourly highest, which an hourly average would flatten.
        self.assertEqual(action["context"], {"graph_measure": "temperature_max"})
        self.assertIn(excursion.name, action["name"])
        self.assertIn("2 to 8 °C", action["name"])
        groups = self._chart_groups(action)
        self.assertEqual(list(groups), [self._hour(self.h0), self._hour(self.h0 + HOUR)])
        self.assertEqual(groups[self._hour(self.h0)], (5.0, 5.0, 5.0, 60))
        self.assertEqual(groups[self._hour(self.h0 + HOUR)], (round((9.0 + 12.0 + 18 * 10.0 + 40 * 5.0) / 60, 2), 5.0, 12.0, 60))

    def test_cold_excursion_chart_opens_on_the_hourly_lowest(self):
        self._feed(self.fridge_sensor, self.h0, [5.0] + [0.5] * 20 + [5.0], step=MINUTE)
        action = self._excursions(self.fridge_sensor).action_md_temperature_chart()
        self.assertEqual(action["context"], {"graph_measure": "temperature_min"})
        self.assertEqual(self._chart_groups(action)[self._hour(self.h0)], (round((10.0 + 20 * 0.5) / 22, 2), 0.5, 5.0, 22))


@tagged("post_install", "-at_install")
class TestTemperatureChartTour(ChartCommon, MdTourCase):
    """The storage keeper opens the temperature chart of a cold room in the web client."""

    def test_keeper_opens_the_temperature_chart(self):
        now = self.now.replace(minute=0, second=0, microsecond=0)
        self._feed(self.fridge_sensor, now - 5 * HOUR, [4.0, 4.5, 5.0, 5.5, 6.0, 5.0, 4.5, 4.0, 3.5, 4.0],
                   step=30 * MINUTE)
        self.md_tour(f"/odoo/action-stock.action_location_form/{self.fridge.id}", "md_gsp_temperature_chart",
                     user=self.keeper, screenshot="temperature_chart")
        # Looking at the chart records nothing and changes no reading.
        readings = self._readings(self.fridge_sensor)
        self.assertEqual(len(readings), 10)
        self.assertEqual(readings.mapped("temperature"), [4.0, 4.5, 5.0, 5.5, 6.0, 5.0, 4.5, 4.0, 3.5, 4.0])
