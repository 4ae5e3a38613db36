from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.modules.migration import load_script
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged
from odoo.tools.sql import column_exists, create_column

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .env_common import EnvCommon


class CalibrationCommon(EnvCommon):
    """A manual recording point of the cold room, subject to calibration every 180 days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.md_storage_keeper_id = cls.keeper
        cls.activity_type = cls.env.ref("medical_device_base.mail_activity_md_calibration")
        cls.lab = cls.env["res.partner"].create({"name": "Test Metrology Institute", "is_company": True})
        cls.probe = cls._sensor("Cold Room Manual Point", "T-CR-CAL", location=cls.cold_room, kind="manual",
                                grace=5, md_calibration_required=True, md_calibration_interval_days=180,
                                md_calibration_lab_id=cls.lab.id)

    def _calibration(self, date, points, instrument=None, user=None, **vals):
        """A calibration of ``instrument`` (the probe) with [(measured, nominal, tolerance)] points."""
        instrument = instrument or self.probe
        return self.env["md.calibration"].with_user(user or self.keeper).create(dict({
            "res_model": instrument._name, "res_id": instrument.id, "date": date,
            "certificate_number": f"CERT-{date}", "point_ids": [
                Command.create({"name": f"Point {index}", "measured": measured, "nominal": nominal,
                                "tolerance": tolerance, "unit": "°C"})
                for index, (measured, nominal, tolerance) in enumerate(points, start=1)],
        }, **vals))

    def _signed(self, date, points, **vals):
        calibration = self._calibration(date, points, **vals)
        calibration._md_sign("verified")
        return calibration

    def _activities(self, record):
        return record.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)

    def _suspect(self, sensor):
        return self.env["md.env.reading"].search([("sensor_id", "=", sensor.id), ("calibration_suspect", "=", True)])


@tagged("post_install", "-at_install")
class TestCalibration(CalibrationCommon):
    """Calibration records, their tolerance, and what a failed or lapsed calibration does to a sensor."""

    def test_result_from_tolerance(self):
        calibration = self._calibration(self.today, [(5.3, 5.0, 0.5), (8.5, 8.0, 0.5)])
        self.assertEqual(calibration.point_ids.mapped("deviation"), [0.3, 0.5])
        self.assertEqual(calibration.point_ids.mapped("within_tolerance"), [True, True],
                         "a deviation equal to the tolerance is within it")
        self.assertEqual(calibration.result, "pass")
        calibration.point_ids[1].measured = 8.51
        self.assertAlmostEqual(calibration.point_ids[1].deviation, 0.51)
        self.assertEqual(calibration.result, "fail")
        calibration.point_ids[0].measured = 4.4
        self.assertAlmostEqual(calibration.point_ids[0].deviation, -0.6)
        self.assertEqual(calibration.point_ids.mapped("within_tolerance"), [False, False])
        self.assertEqual(calibration.company_id, self.company)
        self.assertEqual(calibration.lab_id, self.lab, "the instrument's laboratory by default")

    def test_next_due_is_date_plus_interval(self):
        date = self.today - timedelta(days=10)
        calibration = self._signed(date, [(5.1, 5.0, 0.5)])
        self.assertEqual(calibration.next_due_date, date + timedelta(days=180))
        self.assertEqual(self.probe.md_last_calibration_date, date)
        self.assertEqual(self.probe.md_calibration_due_date, self.today + timedelta(days=170))
        self.assertEqual(self.probe.md_calibration_state, "ok")
        self.assertEqual(self.probe.md_calibration_ids, calibration)
        self.assertEqual(self.env["md.env.sensor"].search_count([("id", "=", self.probe.id),
                                                                 ("md_calibration_state", "=", "ok")]), 1)
        # A calibration 160 days old falls due within the notice period of 30 days.
        older = self._signed(self.today - timedelta(days=160), [(5.1, 5.0, 0.5)])
        self.assertEqual(self.probe.md_last_calibration_date, date, "the latest calibration counts")
        self.assertEqual(older.next_due_date, self.today + timedelta(days=20))

    def test_initial_due_date_until_the_first_record(self):
        self.probe.write({"md_calibration_start_date": self.today - timedelta(days=300),
                          "md_calibration_initial_due_date": self.today + timedelta(days=10)})
        self.assertEqual(self.probe.md_last_calibration_date, self.today - timedelta(days=300))
        self.assertEqual(self.probe.md_calibration_due_date, self.today + timedelta(days=10))
        self.assertEqual(self.probe.md_calibration_state, "due_soon")
        self._signed(self.today, [(5.0, 5.0, 0.5)])
        self.assertEqual(self.probe.md_calibration_due_date, self.today + timedelta(days=180))
        with self.assertRaisesRegex(UserError, "follow the signed calibrations"):
            self.probe.with_user(self.qa_user).write({"md_calibration_due_date": self.today + timedelta(days=999)})

    def test_failed_calibration_flags_the_readings_since_the_last_good_one(self):
        good_date = self.today - timedelta(days=3)
        self._feed(self.probe, self.now - timedelta(days=5), [5.0, 5.1])
        self._signed(good_date, [(5.1, 5.0, 0.5)])
        self._feed(self.probe, (self.now - timedelta(days=1)).replace(second=0, microsecond=0),
                   [5.0, 12.0, 12.0], step=timedelta(minutes=10))
        self.assertEqual(len(self._readings(self.probe)), 5)
        excursions = self._excursions(self.probe)
        self.assertEqual(len(excursions), 1)
        self.assertFalse(self._suspect(self.probe))

        Sensor = type(self.env["md.env.sensor"])
        original = Sensor._md_calibration_failed
        calls = []

        def spy(sensor, calibration):
            calls.append((sensor.id, calibration.id))
            return original(sensor, calibration)

        failed = self._calibration(self.today, [(5.8, 5.0, 0.5)])
        with patch.object(Sensor, "_md_calibration_failed", spy):
            failed._md_sign("verified")
            with self.assertRaisesRegex(UserError, "is already signed"):
                failed._md_sign("verified")
        self.assertEqual(calls, [(self.probe.id, failed.id)])
        self.assertEqual(self.probe.md_calibration_state, "failed")
        self.assertEqual(self.probe.md_last_calibration_date, good_date, "the last good one stays the last good")
        self.assertEqual(len(self._suspect(self.probe)), 3)
        impact = self.probe._md_calibration_impact(good_date, self.now)
        self.assertEqual([len(records) for records in impact], [3, 1])
        self.assertIn("3 Temperature/Humidity Reading:", failed.impact_summary)
        self.assertIn(f"1 Temperature/Humidity Excursion: {excursions.name}", failed.impact_summary)
        activity = self._activities(self.probe)
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.user_id, activity.summary),
                         (self.keeper, "Calibration failed: repair or replace, assess the impact"))
        self.assertEqual(self.env["md.env.sensor"].search([("md_calibration_state", "=", "failed"),
                                                           ("id", "=", self.probe.id)]), self.probe)

        # Calibrated again within tolerance: back in service, its activities done, no reading in doubt.
        self._signed(self.today, [(5.2, 5.0, 0.5)])
        self.assertEqual(self.probe.md_calibration_state, "ok")
        self.assertFalse(self._activities(self.probe))
        self.assertFalse(self._suspect(self.probe))

    def test_overdue_cron_raises_one_activity_and_calls_the_hook_once(self):
        self.probe.md_calibration_initial_due_date = self.today - timedelta(days=2)
        self._feed(self.probe, self.now - timedelta(days=4), [5.0])
        self._feed(self.probe, self.now - timedelta(minutes=30), [5.0, 5.2])
        Sensor = type(self.env["md.env.sensor"])
        original = Sensor._md_calibration_overdue
        calls = []

        def spy(sensors):
            # Only the probe: the database may hold other sensors whose calibration lapsed.
            calls.extend((sensors & self.probe).ids)
            return original(sensors)

        with patch.object(Sensor, "_md_calibration_overdue", spy):
            self.env["md.calibration"]._cron_md_calibration_due()
            self.env["md.calibration"]._cron_md_calibration_due()
        self.assertEqual(calls, [self.probe.id])
        self.assertEqual(len(self._activities(self.probe)), 1)
        self.assertEqual(self._activities(self.probe).date_deadline, self.today - timedelta(days=2))
        self.assertEqual(self.probe.md_calibration_state, "overdue")
        self.assertEqual(len(self._suspect(self.probe)), 2, "the readings after the due date")
        self.assertEqual(self.probe.md_calibration_overdue_notified, self.today - timedelta(days=2))

    def test_signing_checks_the_record_first(self):
        calibration = self._calibration(self.today + timedelta(days=1), [], certificate_number=False,
                                        lab_id=False)
        with self.assertRaises(UserError) as refusal:
            calibration._md_sign("verified")
        self.assertEqual(str(refusal.exception), "\n".join([
            f"{calibration.name} cannot be signed:",
            "• no measured point: record at least one point of the certificate",
            "• the laboratory is missing",
            "• the certificate number is missing",
            f"• the date {self.today + timedelta(days=1)} lies in the future"]))
        self.assertFalse(calibration.md_signed)
        with self.assertRaisesRegex(UserError, "belongs to an instrument"):
            self.env["md.calibration"].with_user(self.keeper).create({
                "res_model": "res.partner", "res_id": self.lab.id})
        with self.assertRaisesRegex(AccessError, "Only members of"):
            self._calibration(self.today, [(5.0, 5.0, 0.5)], user=self.keeper).with_user(
                self.picker)._md_sign("verified")

    def test_signed_calibration_is_frozen(self):
        calibration = self._signed(self.today, [(5.1, 5.0, 0.5)])
        keeper_calibration = calibration.with_user(self.keeper)
        with self.assertRaisesRegex(UserError, "is signed"):
            keeper_calibration.write({"date": self.today - timedelta(days=1)})
        with self.assertRaisesRegex(UserError, "is signed"):
            keeper_calibration.point_ids.write({"measured": 5.0})
        with self.assertRaisesRegex(UserError, "is signed"):
            keeper_calibration.point_ids.unlink()
        with self.assertRaisesRegex(UserError, "is signed"):
            self.env["md.calibration.point"].with_user(self.keeper).create({
                "calibration_id": calibration.id, "name": "Added", "measured": 1, "nominal": 1, "tolerance": 1})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            keeper_calibration.unlink()
        self.assertEqual(calibration.point_ids.measured, 5.1)
        # Changed behind the ORM's back, a measured point no longer matches the signature.
        self.env.flush_all()
        self.env.cr.execute("UPDATE md_calibration_point SET measured = 5.4 WHERE id = %s", calibration.point_ids.ids)
        problems = [(p["res_model"], p["res_id"], p["problem"]) for p in self.env["md.signature"].verify()
                    if p["res_model"] == "md.calibration"]
        self.assertEqual(problems, [("md.calibration", calibration.id, "content")])

    def test_correction_is_a_new_record_with_reason(self):
        original = self._signed(self.today - timedelta(days=5), [(5.1, 5.0, 0.5)])
        with self.assertRaisesRegex(UserError, "at least"):
            original.with_user(self.keeper)._md_create_correction("typo")
        correction = original.with_user(self.keeper)._md_create_correction("Certificate number mistyped")
        self.assertNotEqual(correction, original)
        self.assertEqual((correction.md_correction_of, correction.md_correction_reason, correction.md_signed),
                         (original, "Certificate number mistyped", False))
        self.assertEqual((correction.res_model, correction.res_id), ("md.env.sensor", self.probe.id))
        self.assertEqual(correction.point_ids.mapped("measured"), [5.1])
        self.assertNotEqual(correction.point_ids, original.point_ids)
        self.assertTrue(original.md_corrected)
        # The corrected record no longer counts until its correction is signed.
        self.assertFalse(self.probe.md_last_calibration_date)
        correction.with_user(self.keeper).certificate_number = "CERT-FIXED"
        correction.with_user(self.keeper)._md_sign("verified")
        self.assertEqual(self.probe.md_last_calibration_date, self.today - timedelta(days=5))

    def test_equipment_uses_the_same_mechanism(self):
        room = self.env["md.env.equipment"].create({
            "name": "Cold room CAL", "location_id": self.cold_room.id, "unit_count": 2,
            "md_calibration_required": True, "md_calibration_interval_days": 365, "md_calibration_lab_id": self.lab.id})
        self.probe.equipment_id = room
        self._feed(self.probe, self.now - timedelta(hours=3), [5.0, 12.0, 12.0], step=timedelta(minutes=10))
        calibration = self._signed(self.today, [(7.0, 5.0, 1.0)], instrument=room)
        self.assertEqual(room.md_calibration_state, "failed")
        self.assertIn("1 Temperature/Humidity Excursion", calibration.impact_summary)
        self.assertEqual(len(self._activities(room)), 1)
        self.assertEqual(self.probe.md_calibration_state, "ok", "the sensor has its own calibration")


@tagged("post_install", "-at_install")
class TestCalibrationRpc(RpcCallMixin, CalibrationCommon, HttpCase):
    """A storage keeper through the web client: a signed calibration stays as signed."""

    FORGED = {"md_signing": True, "md_workflow": True}

    def test_rpc_signed_calibration_cannot_change(self):
        calibration = self._signed(self.today, [(5.1, 5.0, 0.5)])
        self.authenticate(self.keeper.login, self.keeper.login)
        for context in (None, self.FORGED):
            for model, method, args in [
                ("md.calibration", "write", [calibration.ids, {"date": str(self.today - timedelta(days=1))}]),
                ("md.calibration", "unlink", [calibration.ids]),
                ("md.calibration.point", "write", [calibration.point_ids.ids, {"measured": 9.0}]),
                ("md.calibration.point", "unlink", [calibration.point_ids.ids]),
                ("md.calibration", "write", [calibration.ids, {"md_signed": False}]),
            ]:
                ok, error, message = self._call(model, method, args, context=context)
                self.assertFalse(ok, f"{model}.{method} went through")
                self.assertEqual(error, "odoo.exceptions.UserError", message)
        calibration.invalidate_recordset()
        self.assertEqual((calibration.date, calibration.point_ids.measured, calibration.md_signed),
                         (self.today, 5.1, True))

    def test_rpc_instrument_dates_follow_the_records(self):
        self.authenticate(self.qa_user.login, self.qa_user.login)
        for field, value in [("md_calibration_due_date", str(self.today + timedelta(days=400))),
                             ("md_calibration_failed", True), ("md_last_calibration_date", str(self.today))]:
            ok, error, _message = self._call("md.env.sensor", "write", [self.probe.ids, {field: value}],
                                             context=self.FORGED)
            self.assertFalse(ok, field)
            self.assertEqual(error, "odoo.exceptions.UserError")
        ok, error, _message = self._call("md.calibration", "create", [{
            "res_model": "res.users", "res_id": self.qa_user.id, "certificate_number": "X"}])
        self.assertEqual((ok, error), (False, "odoo.exceptions.UserError"))


@tagged("post_install", "-at_install")
class TestCalibrationMigration(CalibrationCommon):
    """The dates equipment and sensors carried in their own fields move into the calibration mechanism."""

    def test_old_dates_copied(self):
        cr = self.env.cr
        room = self.env["md.env.equipment"].create({"name": "Old room", "unit_count": 2})
        plain = self.env["md.env.equipment"].create({"name": "Undated room", "unit_count": 2})
        sensor = self._sensor("Old probe", "T-OLD", location=self.cold_room, kind="manual")
        self.env.flush_all()
        for table, column in [("md_env_equipment", "calibration_due_date"),
                              ("md_env_equipment", "last_calibration_date"),
                              ("md_env_sensor", "calibration_due_date")]:
            if not column_exists(cr, table, column):
                create_column(cr, table, column, "date")
        last, due = self.today - timedelta(days=300), self.today + timedelta(days=30)
        cr.execute("UPDATE md_env_equipment SET calibration_due_date = %s, last_calibration_date = %s "
                   "WHERE id = %s", [due, last, room.id])
        cr.execute("UPDATE md_env_sensor SET calibration_due_date = %s WHERE id = %s", [due, sensor.id])
        script = load_script(f"{get_module_path('medical_device_gsp')}/migrations/18.0.1.3.0/post-migrate.py",
                             "medical_device_gsp_post_migrate_18_0_1_3_0")
        copied = script.copy_calibration_dates(self.env)
        self.assertEqual(copied["md.env.equipment"], 1)
        self.assertEqual(copied["md.env.sensor"], 1)
        self.assertEqual((room.md_calibration_required, room.md_calibration_start_date,
                          room.md_calibration_initial_due_date, room.md_calibration_interval_days,
                          room.md_last_calibration_date, room.md_calibration_due_date),
                         (True, last, due, 330, last, due))
        self.assertEqual((sensor.md_calibration_required, sensor.md_last_calibration_date,
                          sensor.md_calibration_due_date, sensor.md_calibration_interval_days),
                         (True, False, due, 365))
        self.assertFalse(plain.md_calibration_required)
        self.assertFalse(column_exists(cr, "md_env_equipment", "calibration_due_date"))
        # Run again (an update started over): nothing left to copy.
        self.assertEqual(script.copy_calibration_dates(self.env), {})
