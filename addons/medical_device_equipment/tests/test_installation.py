from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ENGINEER, HEAD, EquipmentCommon

DEFAULT_ITEMS = 8


@tagged("post_install", "-at_install")
class TestInstallation(EquipmentCommon):
    """Installation acceptance: a checklist signed by the department head and the device engineer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.equipment = cls._register("PU-2001", location="ICU bed 1")
        cls.both = cls._test_user("md_both", name="Bo Both", groups=f"base.group_user,{ENGINEER},{HEAD}")

    def test_checklist_comes_from_the_default_list(self):
        installation = self._installation(self.equipment)
        self.assertEqual(len(installation.line_ids), DEFAULT_ITEMS)
        self.assertEqual(installation.line_ids[5].name, "Electrical safety test passed")
        self.assertRecordValues(installation, [{"department_id": self.icu.id, "location": "ICU bed 1",
                                                "state": "draft", "md_signed": False}])
        self.assertTrue(installation.name.startswith("IA/"))

    def test_checklist_of_the_equipment_category(self):
        category = self.env["maintenance.equipment.category"].create({"name": "Infusion"})
        self.env["md.equipment.checklist"].create({
            "name": "Infusion pumps", "category_ids": [(6, 0, category.ids)],
            "item_ids": [(0, 0, {"sequence": 1, "name": "Flow rate accuracy within 5 %"}),
                         (0, 0, {"sequence": 2, "name": "Occlusion alarm sounds"})]})
        equipment = self._register("PU-2002", category_id=category.id)
        installation = self._installation(equipment)
        self.assertEqual(installation.line_ids.mapped("name"), ["Flow rate accuracy within 5 %",
                                                                "Occlusion alarm sounds"])

    def test_one_signature_does_not_put_in_service_both_do(self):
        installation = self._installation(self.equipment)
        installation.with_user(self.head)._md_sign("accepted")
        self.assertRecordValues(installation, [{"state": "draft", "md_signed": True, "department_signed": True,
                                                "engineer_signed": False, "product_id": self.pump.id,
                                                "serial_no": "PU-2001"}])
        self.assertEqual(self.equipment.md_state, "acceptance")
        installation.with_user(self.engineer)._md_sign("verified")
        self.assertEqual(installation.state, "done")
        self.assertRecordValues(self.equipment, [{"md_state": "in_service", "md_acceptance_date": installation.date,
                                                  "md_department_id": self.icu.id}])
        signatures = self.env["md.signature"].search([("res_model", "=", installation._name),
                                                      ("res_id", "=", installation.id)])
        self.assertEqual(sorted(signatures.mapped(lambda s: (s.meaning, s.signer_id.name))),
                         [("accepted", "He Head"), ("verified", "En Engineer")])

    def test_engineer_may_sign_first(self):
        installation = self._installation(self.equipment)
        installation.with_user(self.engineer)._md_sign("verified")
        self.assertEqual((installation.state, self.equipment.md_state), ("draft", "acceptance"))
        installation.with_user(self.head)._md_sign("accepted")
        self.assertEqual((installation.state, self.equipment.md_state), ("done", "in_service"))

    def test_failed_and_unchecked_items_refuse_the_signature(self):
        installation = self._installation(self.equipment, {
            5: ("fail", "Leakage current 0.6 mA"), 7: (False, False)})
        with self.assertRaises(UserError) as caught:
            installation.with_user(self.engineer)._md_sign("verified")
        self.assertEqual(str(caught.exception), f"{installation.name} cannot be signed:\n"
                                                "• Not checked: Users and engineers trained\n"
                                                "• Failed: Electrical safety test passed (Leakage current 0.6 mA)")
        self.assertFalse(installation.md_signed)
        self.assertEqual(self.equipment.md_state, "acceptance")

    def test_not_applicable_items_pass(self):
        installation = self._installation(self.equipment, {2: ("na", "Class II, certificate checked at purchase")})
        installation.with_user(self.head)._md_sign("accepted")
        installation.with_user(self.engineer)._md_sign("verified")
        self.assertEqual(self.equipment.md_state, "in_service")

    def test_one_person_cannot_give_both_signatures(self):
        installation = self._installation(self.equipment)
        installation.with_user(self.both)._md_sign("accepted")
        with self.assertRaises(UserError) as caught:
            installation.with_user(self.both)._md_sign("verified")
        self.assertEqual(str(caught.exception), f"{installation.name} cannot be signed:\n"
                                                "• You have already signed it: the department and the device "
                                                "engineer sign as two people.")
        self.assertEqual(installation.state, "draft")

    def test_each_role_signs_only_its_own_meaning(self):
        installation = self._installation(self.equipment)
        with self.assertRaises(AccessError):
            installation.with_user(self.engineer)._md_sign("accepted")
        with self.assertRaises(AccessError):
            installation.with_user(self.head)._md_sign("verified")
        with self.assertRaises(AccessError):
            installation.with_user(self.maintainer)._md_sign("verified")
        self.assertFalse(installation.md_signed)

    def test_signed_checklist_is_frozen_and_kept(self):
        installation = self._installation(self.equipment)
        installation.with_user(self.head)._md_sign("accepted")
        line = installation.line_ids[0].with_user(self.engineer)
        with self.assertRaises(UserError):
            line.write({"result": "fail"})
        with self.assertRaises(UserError):
            installation.with_user(self.engineer).write({"location": "ICU bed 9"})
        with self.assertRaises(UserError):
            installation.with_user(self.engineer).unlink()
        installation.with_user(self.engineer)._md_sign("verified")
        with self.assertRaises(UserError):
            installation.with_user(self.engineer).write({"date": date(2020, 1, 1)})
        self.assertEqual((line.result, installation.location), ("pass", "ICU bed 1"))

    def test_equipment_not_in_acceptance_is_not_signed(self):
        installation = self._installation(self.equipment)
        self.equipment.sudo()._md_change_state("in_service", process=True)
        with self.assertRaises(UserError) as caught:
            installation.with_user(self.head)._md_sign("accepted")
        self.assertIn("Test Infusion Pump/PU-2001 is In Service, not in acceptance.", str(caught.exception))

    def test_accepted_installation_needs_both_signatures_on_verification(self):
        installation = self._installation(self.equipment)
        installation.with_user(self.head)._md_sign("accepted")
        installation.with_user(self.engineer)._md_sign("verified")
        Signature = self.env["md.signature"]
        signatures = Signature.search([("res_model", "=", installation._name), ("res_id", "=", installation.id)])

        def unsigned(kept):
            return [meaning for record, meaning in Signature._md_unsigned_records(kept) if record == installation]

        self.assertEqual(unsigned(signatures), [])
        # Were the engineer's signature removed, the auditors' verification would name the one missing.
        self.assertEqual(unsigned(signatures.filtered(lambda s: s.meaning == "accepted")), ["verified"])
