from datetime import date

from odoo import Command

from odoo.addons.medical_device_base.tests.common import MdCommon

GS = "\x1d"
PUMP_DI = "06909999000043"
UNKNOWN_DI = "06909999000098"
ENGINEER = "medical_device_equipment.group_md_device_engineer"
HEAD = "medical_device_equipment.group_md_department_head"


def gs1(gtin, serial=None, produced=None, expiry=None, lot=None):
    """A raw GS1 element string as a DataMatrix scanner sends it."""
    code = f"]d201{gtin}"
    code += f"11{produced}" if produced else ""
    code += f"17{expiry}" if expiry else ""
    code += f"10{lot}{GS}" if lot else ""
    code += f"21{serial}" if serial else ""
    return code


class EquipmentCommon(MdCommon):
    """A serial-tracked infusion pump, a hospital department and the people of the device department."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineer = cls._test_user("md_engineer", name="En Engineer", groups=f"base.group_user,{ENGINEER}")
        cls.head = cls._test_user("md_head", name="He Head", groups=f"base.group_user,{HEAD}")
        # A maintenance manager of Odoo without a role of the device department.
        cls.maintainer = cls._test_user("md_maintainer", name="Ma Maintainer",
                                        groups="base.group_user,maintenance.group_equipment_manager")
        cls.pump = cls._device("Test Infusion Pump", "2", "14-01", cls.cert_syringe, "serial", PUMP_DI)
        cls.icu = cls.env["md.equipment.department"].create({"name": "ICU", "head_id": cls.head.id})
        cls.Equipment = cls.env["maintenance.equipment"]
        cls.produced = date(2025, 6, 1)

    @classmethod
    def _register(cls, serial, user=None, **vals):
        """Equipment registered by scanning the pump's label with ``serial``."""
        return cls.Equipment.with_user(user or cls.engineer).md_register_udi(
            gs1(PUMP_DI, serial=serial, produced="250601"), dict({"md_department_id": cls.icu.id}, **vals))

    @classmethod
    def _installation(cls, equipment, results=None):
        """The installation acceptance of ``equipment`` with every item passed (``results``: {index: (result,
        note)} otherwise)."""
        action = equipment.with_user(cls.engineer).action_md_installation()
        installation = cls.env["md.equipment.installation"].browse(action["res_id"])
        results = results or {}
        installation.with_user(cls.engineer).write({"line_ids": [
            Command.update(line.id, dict(zip(("result", "note"), results.get(index, ("pass", False)))))
            for index, line in enumerate(installation.line_ids)]})
        return installation
