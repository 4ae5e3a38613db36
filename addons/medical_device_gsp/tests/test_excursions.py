import base64
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .env_common import MINUTE, EnvCommon


@tagged("post_install", "-at_install")
class TestExcursions(EnvCommon):
    """Excursions found in the readings, the lots they hold, and QA's signed evaluation."""

    # {name: lot} of the lots that _exposure() places around the cold room.
    lots = None

    def _evaluate(self, excursion, decisions, text="Stability data cover 48 h at up to 25 °C.", user=None):
        """Write QA's evaluation and {lot: decision}; return the excursion as that user."""
        excursion = excursion.with_user(user or self.qa_user)
        excursion.write({"evaluation": text, "stability_data": "Maker's statement MS-2026-01"})
        for line in excursion.lot_ids:
            line.write({"decision": decisions.get(line.lot_id, False)})
        return excursion

    def _signatures(self, record):
        return self.env["md.signature"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def _changes(self, excursion):
        return self.env["md.quality.change"].search([("origin", "=", excursion.name)], order="id")

    # Detection -----------------------------------------------------------------

    def test_grace_time_boundary(self):
        # 15 minutes out of range (grace 15) is tolerated, 16 are an excursion.
        temperatures = [5.0] + [10.0] * 15 + [5.0] * 5 + [9.0, 11.0] + [10.0] * 14 + [5.0] * 3
        result = self._feed(self.sensor, self.t0, temperatures, humidity=[50.0] * 21 + [60.0] + [55.0] * 18)
        self.assertEqual(result["stored"], len(temperatures))
        excursion = self._excursions(self.sensor)
        self.assertRecordValues(excursion, [{
            "kind": "range", "location_id": self.cold_room.id, "picking_id": False, "in_transit": False,
            "start": self.t0 + 21 * MINUTE, "end": self.t0 + 37 * MINUTE, "duration_minutes": 16,
            "temp_min_limit": 2.0, "temp_max_limit": 8.0, "humidity_max_limit": 75.0,
            "temp_min_seen": 9.0, "temp_max_seen": 11.0, "humidity_max_seen": 60.0, "reading_count": 16,
            "state": "to_evaluate", "company_id": self.company.id,
        }])
        self.assertTrue(excursion.name.startswith("EXC/"))
        self.assertEqual(len(self._readings(self.sensor).filtered("out_of_range")), 31)
        # QA is asked to evaluate it.
        activity = excursion.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("medical_device_gsp.mail_activity_md_excursion"))
        self.assertIn(activity.user_id, self.env.ref("medical_device_base.group_md_qa_manager").users)

    def test_ongoing_excursion_closes_with_a_later_batch(self):
        self._feed(self.sensor, self.t0, [5.0] + [1.0] * 20)
        excursion = self._excursions(self.sensor)
        self.assertRecordValues(excursion, [{"start": self.t0 + MINUTE, "end": False, "state": "open",
                                             "temp_min_seen": 1.0, "temp_max_seen": 1.0, "reading_count": 20}])
        self.assertEqual(self.sensor.open_excursion_count, 1)
        # Still out of range: the same excursion grows.
        self._feed(self.sensor, self.t0 + 21 * MINUTE, [1.5, 0.5, 1.5])
        self.assertEqual(self._excursions(self.sensor), excursion)
        self.assertRecordValues(excursion, [{"end": False, "state": "open", "temp_min_seen": 0.5,
                                             "temp_max_seen": 1.5, "reading_count": 23}])
        # Back in range: it ends at the first reading in range, which is not part of it.
        self._feed(self.sensor, self.t0 + 24 * MINUTE, [4.0, 4.5])
        self.assertEqual(self._excursions(self.sensor), excursion)
        self.assertRecordValues(excursion, [{"start": self.t0 + MINUTE, "end": self.t0 + 24 * MINUTE,
                                             "state": "to_evaluate", "temp_min_seen": 0.5, "reading_count": 23}])
        # The same readings again change nothing.
        self._feed(self.sensor, self.t0, [5.0] + [1.0] * 20)
        self.assertEqual(self._excursions(self.sensor), excursion)

    def test_run_started_in_an_earlier_batch(self):
        # Ten minutes out of range are no excursion yet; the next batch carries on the same run.
        self._feed(self.sensor, self.t0, [5.0] + [9.0] * 10)
        self.assertFalse(self._excursions(self.sensor))
        self._feed(self.sensor, self.t0 + 11 * MINUTE, [9.5] * 10 + [5.0])
        self.assertRecordValues(self._excursions(self.sensor), [{
            "kind": "range", "start": self.t0 + MINUTE, "end": self.t0 + 21 * MINUTE, "reading_count": 20,
            "temp_min_seen": 9.0, "temp_max_seen": 9.5}])

    def test_humidity_above_maximum(self):
        self._feed(self.sensor, self.t0, [5.0] * 22, humidity=[60.0] + [80.0] * 10 + [82.0] * 10 + [70.0])
        self.assertRecordValues(self._excursions(self.sensor), [{
            "kind": "range", "start": self.t0 + MINUTE, "end": self.t0 + 21 * MINUTE, "humidity_max_seen": 82.0,
            "temp_min_seen": 5.0, "temp_max_seen": 5.0, "reading_count": 20}])

    def test_silent_sensor(self):
        self._feed(self.sensor, self.t0, [5.0, 5.0, 5.0])
        self.assertEqual(self.sensor.last_reading_at, self.t0 + 2 * MINUTE)
        lot = self._lot(self.reagent, "SIL-1")
        self._put(lot, 4, self.cold_room, date=self.t0 - timedelta(days=1))

        self.env["md.env.sensor"]._cron_md_sensor_silence()
        excursion = self._excursions(self.sensor)
        self.assertRecordValues(excursion, [{"kind": "silence", "start": self.t0 + 2 * MINUTE, "end": False,
                                             "state": "open", "location_id": self.cold_room.id}])
        # Nobody knows what the goods went through: they are held.
        self.assertRecordValues(excursion.lot_ids, [{"lot_id": lot.id, "quantity": 4, "held": True}])
        self.assertEqual(lot.md_quality_state, "hold")
        # The next run does not open it again.
        self.env["md.env.sensor"]._cron_md_sensor_silence()
        self.assertEqual(self._excursions(self.sensor), excursion)
        # A reading arrives: the silence is over.
        back = (self.now - MINUTE).replace(second=0, microsecond=0)
        self._feed(self.sensor, back, [5.0])
        self.assertEqual(self._excursions(self.sensor), excursion)
        self.assertRecordValues(excursion, [{"end": back, "state": "to_evaluate"}])
        self.env["md.env.sensor"]._cron_md_sensor_silence()
        self.assertEqual(self._excursions(self.sensor), excursion)

    def test_silence_ends_when_kept_readings_arrive(self):
        self._feed(self.sensor, self.t0, [5.0, 5.0, 5.0])
        self.env["md.env.sensor"]._cron_md_sensor_silence()
        excursion = self._excursions(self.sensor)
        self.assertRecordValues(excursion, [{"kind": "silence", "start": self.t0 + 2 * MINUTE, "end": False}])
        # The gateway was down; the logger kept its readings and sends them all at once.
        self._feed(self.sensor, self.t0 + 3 * MINUTE, [5.0] * 30)
        self.assertEqual(self._excursions(self.sensor), excursion)
        self.assertRecordValues(excursion, [{"end": self.t0 + 3 * MINUTE, "state": "to_evaluate",
                                             "reading_count": 1}])

    def test_gap_in_imported_file(self):
        local = [self.t0 + timedelta(hours=8) + offset * MINUTE for offset in (0, 1, 2, 18, 35, 36)]
        content = self._csv([["时间", "温度(℃)", "湿度(%RH)"]]
                            + [[moment.strftime("%Y-%m-%d %H:%M"), "5", "50"] for moment in local])
        self._import(content, sensor=self.sensor)
        # Interval 1 + grace 15: a 16-minute gap is tolerated, a 17-minute one is a silence.
        self.assertRecordValues(self._excursions(self.sensor), [{
            "kind": "silence", "start": self.t0 + 18 * MINUTE, "end": self.t0 + 35 * MINUTE,
            "state": "to_evaluate", "reading_count": 1}])

    def test_silent_manual_point_gets_an_activity(self):
        point = self._sensor("Cold Room Sheet", "T-MAN-1", location=self.cold_room, kind="manual",
                             interval=720, grace=120, responsible_id=self.keeper.id)
        self.env["md.env.reading"].with_user(self.keeper).create({
            "sensor_id": point.id, "timestamp": self.at(self.now - timedelta(hours=15)), "temperature": 5.0})
        activity_type = self.env.ref("medical_device_gsp.mail_activity_md_manual_reading")
        self.env["md.env.sensor"]._cron_md_sensor_silence()
        self.assertFalse(self._excursions(point))
        activity = point.activity_ids
        self.assertRecordValues(activity, [{"activity_type_id": activity_type.id, "user_id": self.keeper.id}])
        self.assertIn("No temperature/humidity reading recorded at", str(activity.note))
        self.env["md.env.sensor"]._cron_md_sensor_silence()
        self.assertEqual(point.activity_ids, activity)
        # Recording the reading completes the reminder.
        self.env["md.env.reading"].with_user(self.keeper).create({"sensor_id": point.id, "temperature": 5.5})
        self.assertFalse(point.activity_ids)
        self.assertFalse(self._excursions(point))

    # Lots in the window --------------------------------------------------------

    def _exposure(self, temperatures=None):
        """Lots around the cold room and an excursion from t0 + 1 min: A there all along, B moved in
        during it, C moved out before it, D in another room, E moved in after it."""
        other_room = self._room("Cold Room 2", 2, 8, humidity=75, cold=True)
        self.lots = {name: self._lot(self.reagent, f"EXP-{name}") for name in "ABCDE"}
        lots = self.lots
        before = self.t0 - timedelta(days=2)
        self._put(lots["A"], 10, self.cold_room, date=before)
        self._put(lots["C"], 4, self.cold_room, date=before)
        self._move(lots["C"], 4, self.cold_room, self.stock, date=self.t0 - timedelta(hours=1))
        self._put(lots["D"], 3, other_room, date=before)
        self._put(lots["B"], 6, self.cold_room, date=self.t0 + 10 * MINUTE)
        self._put(lots["E"], 2, self.cold_room, date=self.t0 + 40 * MINUTE)
        self._feed(self.sensor, self.t0, temperatures or [5.0] + [12.0] * 20 + [5.0])
        return self._excursions(self.sensor)

    def test_lots_in_the_window_go_on_hold(self):
        excursion = self._exposure()
        lots = self.lots
        self.assertRecordValues(excursion, [{"start": self.t0 + MINUTE, "end": self.t0 + 21 * MINUTE}])
        self.assertRecordValues(excursion.lot_ids.sorted(lambda l: l.lot_id.name), [
            {"lot_id": lots["A"].id, "quantity": 10, "previous_state": "released", "held": True,
             "current_state": "hold", "decision": False},
            {"lot_id": lots["B"].id, "quantity": 6, "previous_state": "released", "held": True,
             "current_state": "hold", "decision": False},
        ])
        for name in "CDE":
            self.assertEqual(lots[name].md_quality_state, "released", name)
            self.assertFalse(lots[name].md_quality_line_ids, name)
        change = self._changes(excursion)
        self.assertRecordValues(change, [{"new_state": "hold", "state": "done"}])
        self.assertEqual(change.line_ids.lot_id, lots["A"] | lots["B"])
        self.assertIn(f"{excursion.name}: Out of Range at {self.cold_room.display_name}", change.reason)
        # Held stock stays where it is, and cannot be delivered.
        self.assertEqual(self._quants(lots["A"], self.cold_room), 10)
        self.assertEqual(self._quants(lots["B"], self.cold_room), 6)

    def test_lots_of_an_ongoing_excursion(self):
        # While it lasts, whatever arrives in the room is exposed too.
        excursion = self._exposure([5.0] + [12.0] * 20)
        self.assertFalse(excursion.end)
        self.assertEqual(excursion.lot_ids.lot_id, self.lots["A"] | self.lots["B"] | self.lots["E"])
        self.assertEqual(self.lots["E"].md_quality_state, "hold")

    # Evaluation ------------------------------------------------------------------

    def test_evaluation_signed_by_qa(self):
        excursion = self._exposure([5.0] + [12.0] * 20)
        lot_a, lot_b, lot_e = self.lots["A"], self.lots["B"], self.lots["E"]
        decisions = {lot_a: "release", lot_b: "reject", lot_e: "release"}
        qa_excursion = self._evaluate(excursion, decisions)
        with self.assertRaisesRegex(UserError, rf"^{excursion.name} cannot be signed yet:\n"
                                               r"• The excursion is still going on"):
            qa_excursion._md_sign("approved")
        self._feed(self.sensor, self.t0 + 21 * MINUTE, [5.0])
        self.assertEqual(excursion.state, "to_evaluate")
        qa_excursion.evaluation = " "
        with self.assertRaisesRegex(UserError, "• Write the evaluation"):
            qa_excursion._md_sign("approved")
        self._evaluate(excursion, {lot_a: "release", lot_e: "release"})
        with self.assertRaisesRegex(UserError, rf"• Decide release or rejection for {lot_b.display_name}\.$"):
            qa_excursion._md_sign("approved")
        self._evaluate(excursion, decisions)
        with self.assertRaisesRegex(AccessError, "may sign"):
            excursion.with_user(self.keeper)._md_sign("approved")
        with self.assertRaises(AccessError):
            excursion.with_user(self.keeper).write({"evaluation": "Fine"})
        self.assertFalse(self._signatures(excursion))
        self.assertEqual((lot_a | lot_b | lot_e).mapped("md_quality_state"), ["hold", "hold", "hold"])

        # QA signs in the password prompt.
        action = qa_excursion.action_sign_evaluation()
        self.assertEqual(action["res_model"], "md.signature.wizard")
        wizard = self.env["md.signature.wizard"].with_user(self.qa_user).with_context(
            **action["context"]).create({"password": "md_qaxxx"})
        wizard.action_sign()
        signature = self._signatures(excursion)
        self.assertRecordValues(signature, [{"meaning": "approved", "signer_id": self.qa_user.id}])
        self.assertRecordValues(excursion, [{"state": "done", "md_signed": True,
                                             "evaluated_by": self.qa_user.id}])
        self.assertEqual(excursion.evaluated_on, signature.signed_at)
        self.assertEqual(lot_a.md_quality_state, "released")
        self.assertEqual(lot_b.md_quality_state, "rejected")
        self.assertEqual(lot_e.md_quality_state, "released")
        changes = self._changes(excursion)
        self.assertEqual(changes.mapped("new_state"), ["hold", "rejected", "released"])
        self.assertEqual(changes[1].line_ids.lot_id, lot_b)
        self.assertEqual(changes[2].line_ids.lot_id, lot_a | lot_e)
        self.assertEqual(changes[1:].signature_id, signature)
        # Rejected stock is segregated, released stock stays.
        self.assertEqual(self._quants(lot_a, self.cold_room), 10)
        self.assertEqual(self._quants(lot_b, self.cold_room), 0)
        self.assertEqual(self._quants(lot_b, self.nonconforming), 6)
        self.assertFalse(excursion.activity_ids)

        # Signed: nothing changes any more.
        with self.assertRaisesRegex(UserError, "is signed; .* can no longer be changed"):
            qa_excursion.write({"evaluation": "Different reasoning"})
        with self.assertRaisesRegex(UserError, "is signed; its decisions can no longer be changed"):
            qa_excursion.lot_ids[0].write({"decision": "reject"})
        with self.assertRaisesRegex(UserError, "is signed; its decisions can no longer be changed"):
            qa_excursion.lot_ids[1].write({"note": "Re-tested"})
        with self.assertRaisesRegex(UserError, f"{excursion.name} is already evaluated and signed"):
            qa_excursion._md_sign("approved")
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            qa_excursion.write({"end": self.t0})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            excursion.unlink()
        self.assertEqual(excursion.lot_ids.sorted(lambda l: l.lot_id.name).mapped("decision"),
                         ["release", "reject", "release"])
        self.assertEqual(len(self._signatures(excursion)), 1)

    def test_excursion_report(self):
        excursion = self._exposure()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "medical_device_gsp.report_md_excursion", excursion.ids)[0].decode()
        self.assertIn(excursion.name, html)
        self.assertIn("EXP-A", html)
        self.assertIn("Not evaluated: the lots stay on hold.", html)
        self._evaluate(excursion, {self.lots["A"]: "release", self.lots["B"]: "release"})._md_sign("approved")
        signature = self._signatures(excursion)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "medical_device_gsp.report_md_excursion", excursion.ids)[0].decode()
        self.assertIn("EXP-A", html)
        self.assertIn("EXP-B", html)
        self.assertNotIn("EXP-C", html)
        self.assertIn("Stability data cover 48 h at up to 25 °C.", html)
        self.assertIn(signature.manifestation, html)
        self.assertNotIn("Not evaluated", html)

    def _two_excursions(self):
        lot = self._lot(self.reagent, "TWICE-1")
        self._put(lot, 5, self.cold_room, date=self.t0 - timedelta(days=1))
        self._feed(self.sensor, self.t0, [5.0] + [12.0] * 20 + [5.0] * 20 + [0.5] * 20 + [5.0])
        first, second = self._excursions(self.sensor)
        self.assertEqual(first.lot_ids.lot_id, lot)
        self.assertEqual(second.lot_ids.lot_id, lot)
        self.assertEqual(lot.md_quality_state, "hold")
        return lot, first, second

    def test_lot_held_by_two_excursions_first_evaluated_first(self):
        lot, first, second = self._two_excursions()
        self._evaluate(first, {lot: "release"})._md_sign("approved")
        self.assertEqual(lot.md_quality_state, "hold")
        self.assertIn(f"Still on hold for other excursions: {lot.display_name}",
                      "".join(first.message_ids.mapped("body")))
        self._evaluate(second, {lot: "release"})._md_sign("approved")
        self.assertEqual(lot.md_quality_state, "released")

    def test_lot_held_by_two_excursions_last_evaluated_first(self):
        lot, first, second = self._two_excursions()
        self._evaluate(second, {lot: "release"})._md_sign("approved")
        self.assertEqual(lot.md_quality_state, "hold")
        self._evaluate(first, {lot: "release"})._md_sign("approved")
        self.assertEqual(lot.md_quality_state, "released")

    def test_rejection_by_either_excursion_wins(self):
        lot, first, second = self._two_excursions()
        self._evaluate(second, {lot: "reject"})._md_sign("approved")
        self.assertEqual(lot.md_quality_state, "rejected")
        self._evaluate(first, {lot: "release"})._md_sign("approved")
        self.assertEqual(lot.md_quality_state, "rejected")
        self.assertEqual(self._quants(lot, self.nonconforming), 5)


@tagged("post_install", "-at_install")
class TestColdChainShipments(EnvCommon):
    """A receipt's transport logger: its readings are the in-transit record, its excursions hold the lots."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.box = cls._sensor("Transport Box Logger", "T-BOX-1", interval=10, grace=15)

    def _cold_receipt(self, lots, arrival_temperature=5.0):
        picking = self._receipt(self.reagent, lots)
        picking.with_user(self.receiver).write({
            "md_cc_sensor_id": self.box.id, "md_cc_transport_mode": "vehicle", "md_cc_vehicle": "沪A-12345",
            "md_cc_departure_time": self.t0, "md_cc_departure_temperature": 5.0,
            "md_cc_arrival_time": self.t0 + timedelta(hours=3), "md_cc_arrival_temperature": arrival_temperature,
        })
        return picking

    def _box_file(self, temperatures, start=None):
        """The logger's export: one reading every 10 minutes from ``start`` (default 20 min before departure)."""
        start = start or self.t0 - 20 * MINUTE
        rows = [["时间", "温度(℃)", "湿度(%RH)"]]
        for index, temperature in enumerate(temperatures):
            local = start + index * 10 * MINUTE + timedelta(hours=8)
            rows.append([local.strftime("%Y-%m-%d %H:%M"), str(temperature), "50"])
        return self._csv(rows)

    def test_logger_readings_are_the_transit_record(self):
        picking = self._cold_receipt([("CC-1", 10, 400)])
        with self.assertRaisesRegex(UserError, "import the transport logger's readings"):
            self._validate(picking)
        self.assertEqual(picking.state, "assigned")
        # 20 minutes before departure to 20 minutes after arrival.
        self._import(self._box_file([4.0, 4.0] + [5.0] * 19 + [4.0, 4.0]), sensor=self.box)
        readings = self._readings(self.box)
        self.assertEqual(len(readings), 23)
        in_transit = readings.filtered("picking_id")
        self.assertEqual(in_transit.picking_id, picking)
        self.assertEqual(in_transit.mapped("timestamp"),
                         [self.t0 + index * 10 * MINUTE for index in range(19)])
        self.assertFalse((readings - in_transit).location_id)
        self.assertRecordValues(picking, [{"md_env_reading_count": 19, "md_transit_temp_min": 5.0,
                                           "md_transit_temp_max": 5.0}])
        self.assertEqual(picking.md_env_reading_ids, in_transit)
        self.assertFalse(picking.md_cc_record)

        self._validate(picking)
        self.assertFalse(picking.md_excursion_ids)
        acceptance = picking.md_acceptance_ids
        self._accept(acceptance)
        lot = acceptance.line_ids.lot_id
        self.assertEqual(lot.md_quality_state, "released")
        self.assertEqual(self._quants(lot, self.stock), 10)

    def test_readings_imported_for_the_shipment(self):
        # From the receipt: every reading of the file belongs to the shipment.
        picking = self._cold_receipt([("CC-1", 10, 400)])
        picking.md_cc_sensor_id = False
        self._import(self._box_file([5.0] * 5, start=self.t0), sensor=self.box, picking=picking)
        self.assertEqual(picking.md_cc_sensor_id, self.box)
        self.assertEqual(self._readings(self.box).picking_id, picking)
        self.assertIn("logger.csv: 5 readings imported", picking.message_ids[0].body)

    def test_in_transit_excursion_holds_the_lots_until_evaluated(self):
        picking = self._cold_receipt([("CC-2", 10, 400), ("CC-3", 5, 500)])
        # Above 8 °C from 30 to 70 minutes after departure.
        self._import(self._box_file([5.0] * 5 + [9.5, 10.5, 10.0, 9.0, 9.0] + [5.0] * 13), sensor=self.box)
        excursion = picking.md_excursion_ids
        self.assertRecordValues(excursion, [{
            "kind": "range", "sensor_id": self.box.id, "picking_id": picking.id, "location_id": False,
            "in_transit": True, "start": self.t0 + 30 * MINUTE, "end": self.t0 + 80 * MINUTE,
            "temp_max_seen": 10.5, "reading_count": 5, "state": "to_evaluate"}])
        # The lots exist only once the receipt is validated.
        self.assertFalse(excursion.lot_ids)

        self._validate(picking)
        lots = {lot.name: lot for lot in picking.move_line_ids.lot_id}
        self.assertRecordValues(excursion.lot_ids.sorted(lambda l: l.lot_id.name), [
            {"lot_id": lots["CC-2"].id, "quantity": 10, "previous_state": "quarantine", "held": True},
            {"lot_id": lots["CC-3"].id, "quantity": 5, "previous_state": "quarantine", "held": True},
        ])
        self.assertEqual(set(picking.move_line_ids.lot_id.mapped("md_quality_state")), {"hold"})
        self.assertEqual(self._quants(lots["CC-2"], self.quarantine), 10)

        acceptance = picking.md_acceptance_ids
        with self.assertRaisesRegex(UserError, f"{acceptance.name} cannot be signed yet:") as caught:
            self._accept(acceptance)
        message = str(caught.exception)
        self.assertIn(f"In-transit excursion {excursion.name} must be evaluated by QA before the acceptance is "
                      f"signed.", message)
        self.assertIn(f"{lots['CC-2'].display_name} is On Hold and cannot be accepted", message)
        self.assertFalse(acceptance.md_signed)
        self.assertEqual(self._quants(lots["CC-2"], self.stock), 0)

        excursion = excursion.with_user(self.qa_user)
        excursion.write({"evaluation": "50 minutes at up to 10.5 °C; the maker's stability data allow 72 h at 25 °C."})
        excursion.lot_ids.write({"decision": "release"})
        excursion._md_sign("approved")
        # Released from the hold back to quarantine: the inspector still decides.
        self.assertEqual(set(picking.move_line_ids.lot_id.mapped("md_quality_state")), {"quarantine"})
        self._accept(acceptance)
        self.assertEqual(acceptance.state, "accepted")
        self.assertEqual(set(picking.move_line_ids.lot_id.mapped("md_quality_state")), {"released"})
        self.assertEqual(self._quants(lots["CC-2"], self.stock), 10)
        self.assertEqual(self._quants(lots["CC-3"], self.stock), 5)

    def test_excursion_found_after_validation(self):
        # Received with the carrier's printout; the logger's file comes in later.
        picking = self._cold_receipt([("CC-7", 10, 400)])
        picking.write({"md_cc_record": base64.b64encode(b"carrier printout"), "md_cc_record_name": "printout.pdf"})
        self._validate(picking)
        lot = picking.move_line_ids.lot_id
        self.assertEqual(lot.md_quality_state, "quarantine")
        self._import(self._box_file([5.0] * 5 + [9.5] * 5 + [5.0] * 13), sensor=self.box)
        excursion = picking.md_excursion_ids
        self.assertRecordValues(excursion.lot_ids, [{"lot_id": lot.id, "quantity": 10, "held": True,
                                                     "previous_state": "quarantine"}])
        self.assertEqual(lot.md_quality_state, "hold")
        with self.assertRaisesRegex(UserError, f"In-transit excursion {excursion.name} must be evaluated"):
            self._accept(picking.md_acceptance_ids)

    def test_arrival_temperature_out_of_range_can_only_be_rejected(self):
        picking = self._cold_receipt([("CC-4", 10, 400)], arrival_temperature=12.0)
        self._import(self._box_file([5.0] * 23), sensor=self.box)
        self._validate(picking)
        acceptance = picking.md_acceptance_ids
        lot = acceptance.line_ids.lot_id
        with self.assertRaisesRegex(UserError, f"{lot.display_name} arrived at 12.0 °C, outside 2.0 to 8.0 °C: "
                                               f"it can only be rejected."):
            self._accept(acceptance)
        self.assertFalse(acceptance.md_signed)
        self.assertEqual(lot.md_quality_state, "quarantine")
        self._accept(acceptance, {"CC-4": (0, 10)}, reason="Arrived at 12 °C, above the 8 °C limit")
        self.assertEqual(lot.md_quality_state, "rejected")
        self.assertEqual(self._quants(lot, self.nonconforming), 10)
        self.assertEqual(self._quants(lot, self.quarantine), 0)

    def test_lot_rejected_in_transit_is_rejected_at_acceptance(self):
        picking = self._cold_receipt([("CC-5", 10, 400), ("CC-6", 5, 500)])
        self._import(self._box_file([5.0] * 5 + [9.5] * 5 + [5.0] * 13), sensor=self.box)
        self._validate(picking)
        lots = {lot.name: lot for lot in picking.move_line_ids.lot_id}
        excursion = picking.md_excursion_ids.with_user(self.qa_user)
        excursion.write({"evaluation": "CC-6 sat next to the door: no stability data cover it."})
        for line in excursion.lot_ids:
            line.decision = "reject" if line.lot_id.name == "CC-6" else "release"
        excursion._md_sign("approved")
        self.assertEqual(lots["CC-6"].md_quality_state, "rejected")
        self.assertEqual(self._quants(lots["CC-6"], self.nonconforming), 5)
        acceptance = picking.md_acceptance_ids
        with self.assertRaisesRegex(UserError, "CC-6 is Rejected and cannot be accepted"):
            self._accept(acceptance)
        self._accept(acceptance, {"CC-6": (0, 5)}, reason="Rejected by QA after the in-transit excursion")
        self.assertEqual(lots["CC-5"].md_quality_state, "released")
        self.assertEqual(self._quants(lots["CC-5"], self.stock), 10)
        self.assertEqual(self._quants(lots["CC-6"], self.nonconforming), 5)
        self.assertEqual(self._quants(lots["CC-6"], self.quarantine), 0)
