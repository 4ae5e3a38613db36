from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.medical_device_equipment import post_init_hook

from .common import EquipmentCommon


@tagged("post_install", "-at_install")
class TestEquipmentStatus(EquipmentCommon):
    """The status registry and the buttons that move equipment between its statuses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.equipment = cls._register("PU-0100")
        # Put into service as an accepted installation does.
        cls.equipment.sudo()._md_change_state("in_service", process=True)

    def test_registry_gives_the_selection(self):
        self.assertEqual([code for code, _label in self.Equipment._md_equipment_state_selection()],
                         ["acceptance", "in_service", "repair", "out_of_service", "scrapped"])

    def test_engineer_moves_between_service_repair_and_out_of_service(self):
        equipment = self.equipment.with_user(self.engineer)
        equipment.action_md_repair()
        self.assertEqual(equipment.md_state, "repair")
        equipment.action_md_out_of_service()
        self.assertEqual(equipment.md_state, "out_of_service")
        equipment.action_md_return_to_service()
        self.assertEqual(equipment.md_state, "in_service")

    def test_transition_not_allowed_from_the_current_status(self):
        equipment = self._register("PU-0101")
        with self.assertRaises(UserError) as caught:
            equipment.with_user(self.engineer).action_md_return_to_service()
        self.assertEqual(str(caught.exception), "The equipment cannot be set to In Service:\n"
                                                "• Test Infusion Pump/PU-0101 is In Acceptance.")

    def test_process_statuses_are_not_set_by_hand(self):
        with self.assertRaises(UserError) as caught:
            self.equipment.with_user(self.engineer)._md_change_state("scrapped")
        self.assertEqual(str(caught.exception), "Equipment becomes Scrapped only through its own process.")

    def test_only_engineers_change_the_status(self):
        with self.assertRaises(AccessError):
            self.equipment.with_user(self.maintainer).action_md_repair()
        self.assertEqual(self.equipment.md_state, "in_service")

    def test_status_is_not_written_directly(self):
        for user in (self.engineer, self.maintainer):
            with self.assertRaises(UserError):
                self.equipment.with_user(user).write({"md_state": "repair"})
            with self.assertRaises(UserError):
                self.Equipment.with_user(user).create({"name": "Forged", "md_state": "in_service"})
        with self.assertRaises(UserError):
            self.equipment.with_user(self.engineer).write({"md_acceptance_date": "2026-01-01"})
        self.assertEqual(self.equipment.md_state, "in_service")

    def test_hook_sets_existing_equipment_in_service_or_scrapped(self):
        plain, scrapped = self.Equipment.create([{"name": "Old monitor"},
                                                 {"name": "Old bed", "scrap_date": "2024-01-01"}])
        self.env.flush_all()
        self.env.cr.execute("UPDATE maintenance_equipment SET md_state = NULL WHERE id IN %s",
                            [(plain.id, scrapped.id)])
        post_init_hook(self.env)
        self.env.invalidate_all()
        self.assertEqual((plain.md_state, scrapped.md_state), ("in_service", "scrapped"))
