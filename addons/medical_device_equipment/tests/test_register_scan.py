from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import PUMP_DI, UNKNOWN_DI, EquipmentCommon, gs1


@tagged("post_install", "-at_install")
class TestRegisterScan(EquipmentCommon):
    """Registering equipment by scanning the UDI of its label."""

    def test_scan_registers_device_serial_and_dates(self):
        equipment = self._register("PU-0001")
        self.assertRecordValues(equipment, [{
            "name": "Test Infusion Pump", "md_product_id": self.pump.id, "md_udi_di": PUMP_DI,
            "serial_no": "PU-0001", "md_lot_id": False, "md_production_date": date(2025, 6, 1),
            "md_certificate_id": self.cert_syringe.id, "md_class": "2", "md_risk_level": "medium",
            "md_manufacturer_id": self.maker.id, "md_department_id": self.icu.id, "md_state": "acceptance",
            "md_acceptance_date": False,
        }])

    def test_scan_takes_the_received_serial_number(self):
        lot = self.env["stock.lot"].create({"product_id": self.pump.id, "name": "PU-0009",
                                            "md_production_date": date(2025, 6, 1)})
        equipment = self._register("PU-0009")
        self.assertEqual((equipment.md_lot_id, equipment.md_production_date), (lot, date(2025, 6, 1)))

    def test_unknown_device_identifier_refused(self):
        with self.assertRaises(UserError) as caught:
            self.Equipment.with_user(self.engineer).md_register_udi(gs1(UNKNOWN_DI, serial="X1"))
        self.assertEqual(str(caught.exception), "No device has the device identifier 06909999000098; "
                                                "add it to the device master data first.")

    def test_code_without_serial_refused(self):
        with self.assertRaises(UserError) as caught:
            self.Equipment.with_user(self.engineer).md_register_udi(gs1(PUMP_DI, produced="250601"))
        self.assertEqual(str(caught.exception), "The code of Test Infusion Pump carries no serial number: "
                                                "equipment is registered one per serial number.")

    def test_serial_already_registered_refused(self):
        self._register("PU-0002")
        with self.assertRaises(UserError) as caught:
            self._register("PU-0002")
        self.assertEqual(str(caught.exception), "This equipment cannot be registered:\n"
                                                "• Serial number PU-0002 of Test Infusion Pump is already "
                                                "registered as Test Infusion Pump.")
        self.assertEqual(self.Equipment.search_count([("serial_no", "=", "PU-0002")]), 1)

    def test_scan_completes_equipment_in_acceptance(self):
        equipment = self.Equipment.with_user(self.engineer).create({"name": "ICU pump 3"})
        self.assertEqual((equipment.md_state, equipment.md_product_id.id), ("acceptance", False))
        equipment.md_scan_udi(gs1(PUMP_DI, serial="PU-0003", produced="250601"))
        self.assertRecordValues(equipment, [{"name": "ICU pump 3", "md_product_id": self.pump.id,
                                             "serial_no": "PU-0003", "md_production_date": date(2025, 6, 1)}])
        with self.assertRaises(UserError) as caught:
            equipment.md_scan_udi(gs1(PUMP_DI, serial="PU-0004"))
        self.assertEqual(str(caught.exception), "ICU pump 3/PU-0003 already has the serial number PU-0003.")

    def test_wizard_registers_new_equipment(self):
        wizard = self.env["md.equipment.scan"].with_user(self.engineer).create({
            "code": gs1(PUMP_DI, serial="PU-0005"), "department_id": self.icu.id, "location": "ICU bed 4"})
        action = wizard.action_register()
        equipment = self.Equipment.browse(action["res_id"])
        self.assertRecordValues(equipment, [{"serial_no": "PU-0005", "md_department_id": self.icu.id,
                                             "location": "ICU bed 4", "md_state": "acceptance"}])

    def test_only_engineers_register(self):
        with self.assertRaises(AccessError):
            self._register("PU-0006", user=self.maintainer)
        self.assertFalse(self.Equipment.search([("serial_no", "=", "PU-0006")]))

    def test_form_fills_the_equipment_from_its_device_and_serial_number(self):
        lot = self.env["stock.lot"].create({"product_id": self.pump.id, "name": "PU-0010",
                                            "md_production_date": date(2025, 6, 1)})
        with Form(self.Equipment.with_user(self.engineer)) as form:
            form.md_product_id = self.pump
            form.md_lot_id = lot
            self.assertEqual((form.name, form.serial_no, form.md_risk_level, form.md_state),
                             ("Test Infusion Pump", "PU-0010", "medium", False))
        equipment = form.record
        self.assertRecordValues(equipment, [{"md_certificate_id": self.cert_syringe.id, "md_state": "acceptance",
                                             "md_production_date": date(2025, 6, 1)}])
