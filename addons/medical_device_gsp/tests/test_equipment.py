from datetime import timedelta

from odoo.tests import tagged

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestEquipment(GspCommon):
    """The equipment register and the calibration reminders of equipment and sensors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.md_storage_keeper_id = cls.keeper
        cls.activity_type = cls.env.ref("medical_device_base.mail_activity_md_calibration")
        cls.technician = cls.env["res.users"].create({
            "name": "Tao Technician", "login": "md_technician",
            "groups_id": [(6, 0, [cls.env.ref("stock.group_stock_manager").id])]})

    def _equipment(self, due_in_days, **vals):
        return self.env["md.env.equipment"].create(dict({
            "name": "Cold room", "equipment_type": "cold_room", "unit_count": 2,
            "md_calibration_required": True,
            "md_calibration_initial_due_date": self.today + timedelta(days=due_in_days)
            if due_in_days is not None else False,
        }, **vals))

    def _sensor(self, code, due_in_days, **vals):
        return self.env["md.env.sensor"].create(dict({
            "name": f"Probe {code}", "code": code, "kind": "manual", "location_id": self.stock.id,
            "md_calibration_required": True,
            "md_calibration_initial_due_date": self.today + timedelta(days=due_in_days),
        }, **vals))

    def _calibration_activities(self, record):
        return record.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)

    def _run(self):
        self.env["md.calibration"]._cron_md_calibration_due()

    def test_unit_warning_for_single_unit_cold_room(self):
        cold_room = self._equipment(None, unit_count=1, backup_power=True, backup_power_note="Generator")
        self.assertTrue(cold_room.unit_warning)
        cold_room.unit_count = 2
        self.assertFalse(cold_room.unit_warning)
        fridge = self._equipment(None, equipment_type="fridge", unit_count=1)
        self.assertFalse(fridge.unit_warning, "a fridge has a single unit")

    def test_calibration_activity_for_equipment(self):
        soon = self._equipment(10, name="Cold room soon", responsible_id=self.technician.id)
        overdue = self._equipment(-5, name="Cold room overdue")
        edge = self._equipment(30, name="Cold room in 30 days")
        far = self._equipment(31, name="Cold room far")
        undated = self._equipment(None, name="Cold room undated")

        self._run()

        activity = self._calibration_activities(soon)
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.user_id, activity.date_deadline),
                         (self.technician, soon.md_calibration_due_date))
        self.assertEqual(self._calibration_activities(overdue).user_id, self.keeper,
                         "the company's storage keeper when no one is responsible")
        self.assertEqual(len(self._calibration_activities(edge)), 1)
        self.assertFalse(self._calibration_activities(far))
        self.assertFalse(self._calibration_activities(undated))

        # Not repeated while open; renewed once the previous one is done.
        self._run()
        self.assertEqual(self._calibration_activities(soon), activity)
        self.assertEqual(len(self._calibration_activities(overdue)), 1)
        activity.action_feedback(feedback="Calibrated")
        self._run()
        self.assertEqual(len(self._calibration_activities(soon)), 1)
        self.assertNotEqual(self._calibration_activities(soon), activity)

    def test_calibration_activity_for_sensors(self):
        soon = self._sensor("CAL-SOON", 20, responsible_id=self.technician.id)
        far = self._sensor("CAL-FAR", 90)
        overdue = self._sensor("CAL-LATE", -1)

        self._run()
        self._run()

        activity = self._calibration_activities(soon)
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.user_id, activity.date_deadline, activity.res_model),
                         (self.technician, soon.md_calibration_due_date, "md.env.sensor"))
        self.assertEqual(len(self._calibration_activities(overdue)), 1)
        self.assertEqual(self._calibration_activities(overdue).user_id, self.keeper)
        self.assertFalse(self._calibration_activities(far))

    def test_calibration_falls_back_to_current_user(self):
        self.company.md_storage_keeper_id = False
        equipment = self._equipment(3)
        self._run()
        self.assertEqual(self._calibration_activities(equipment).user_id, self.env.user)
