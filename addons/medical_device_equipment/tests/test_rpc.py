from odoo.tests import HttpCase, tagged

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import EquipmentCommon


@tagged("post_install", "-at_install")
class TestEquipmentRpc(RpcCallMixin, EquipmentCommon, HttpCase):
    """Through the web client's channel: who may sign an installation, and that no status is written."""

    FORGED = {"md_workflow": True, "md_signing": True, "active_test": False}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.equipment = cls._register("PU-3001")
        cls.installation = cls._installation(cls.equipment)
        cls.picking = cls.env["stock.picking"].search([], limit=1)

    def test_rpc_maintainer_without_role_cannot_sign(self):
        self.authenticate(self.maintainer.login, self.maintainer.login)
        for context in (None, self.FORGED):
            for method, args in (("action_sign_department", [self.installation.ids]),
                                 ("action_sign_engineer", [self.installation.ids]),
                                 ("action_sign", [self.installation.ids, "verified"])):
                ok, error, _message = self._call("md.equipment.installation", method, args, context=context)
                self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"), method)
            # The password prompt itself refuses before it asks.
            ok, wizard_id, _message = self._call("md.signature.wizard", "create", [{
                "res_model": "md.equipment.installation", "res_id": self.installation.id, "meaning": "verified",
                "password": self.maintainer.login}], context=context)
            self.assertTrue(ok)
            ok, error, _message = self._call("md.signature.wizard", "action_sign", [[wizard_id]], context=context)
            self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        self.installation.invalidate_recordset()
        self.assertEqual((self.installation.md_signed, self.installation.state), (False, "draft"))

    def test_rpc_head_signs_only_for_the_department(self):
        self.authenticate(self.head.login, self.head.login)
        ok, error, _message = self._call("md.equipment.installation", "action_sign_engineer",
                                         [self.installation.ids], context=self.FORGED)
        self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"))
        ok, wizard_id, _message = self._call("md.signature.wizard", "create", [{
            "res_model": "md.equipment.installation", "res_id": self.installation.id, "meaning": "accepted",
            # The test users' passwords are their logins, lengthened to the minimum of 8 characters.
            "password": self.head.login + "x" * (8 - len(self.head.login))}])
        ok, _result, message = self._call("md.signature.wizard", "action_sign", [[wizard_id]])
        self.assertTrue(ok, message)
        self.installation.invalidate_recordset()
        self.assertEqual((self.installation.department_signed, self.installation.state), (True, "draft"))
        self.assertEqual(self.equipment.md_state, "acceptance")

    def test_rpc_status_cannot_be_written(self):
        self.authenticate(self.engineer.login, self.engineer.login)
        for context in (None, self.FORGED):
            for model, method, args in (
                    ("maintenance.equipment", "write", [self.equipment.ids, {"md_state": "in_service"}]),
                    ("maintenance.equipment", "create", [{"name": "Forged", "md_state": "in_service"}]),
                    ("maintenance.equipment", "write", [self.equipment.ids, {"md_picking_id": self.picking.id}]),
                    ("md.equipment.installation", "write", [self.installation.ids, {"state": "done"}]),
                    ("md.equipment.installation", "write", [self.installation.ids, {"md_signed": True}])):
                ok, error, _message = self._call(model, method, args, context=context)
                self.assertEqual((ok, error), (False, "odoo.exceptions.UserError"), f"{model}.{method}")
            ok, error, _message = self._call("maintenance.equipment", "_md_change_state",
                                             [self.equipment.ids, "in_service", True], context=context)
            self.assertFalse(ok)
        self.equipment.invalidate_recordset()
        self.installation.invalidate_recordset()
        self.assertEqual((self.equipment.md_state, self.installation.state, self.installation.md_signed),
                         ("acceptance", "draft", False))
        self.assertFalse(self.Equipment.search([("name", "=", "Forged")]))
        self.assertFalse(self.equipment.md_picking_id)

    def test_rpc_department_head_cannot_change_equipment(self):
        self.authenticate(self.head.login, self.head.login)
        ok, values, _message = self._call("maintenance.equipment", "read", [self.equipment.ids, ["md_state"]])
        self.assertEqual((ok, values[0]["md_state"]), (True, "acceptance"))
        for method, args in (("write", [self.equipment.ids, {"location": "Ward 3"}]),
                             ("action_md_repair", [self.equipment.ids])):
            ok, error, _message = self._call("maintenance.equipment", method, args, context=self.FORGED)
            self.assertEqual((ok, error), (False, "odoo.exceptions.AccessError"), method)
