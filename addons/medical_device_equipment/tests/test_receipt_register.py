from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PUMP_DI, EquipmentCommon, gs1


@tagged("post_install", "-at_install")
class TestReceiptRegister(EquipmentCommon):
    """Equipment registered from a receipt of three serial-numbered pumps bought at 1,200.00 each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.env["purchase.order"].with_user(cls.buyer).create({
            "partner_id": cls.supplier.id,
            "order_line": [Command.create({"product_id": cls.pump.id, "product_qty": 3, "price_unit": 1200.0,
                                           "taxes_id": [Command.clear()]})],
        })
        cls.order.with_user(cls.buyer).button_confirm()
        cls.receipt = cls.order.picking_ids
        move = cls.receipt.move_ids
        lots = cls.env["stock.lot"].create([{
            "product_id": cls.pump.id, "name": serial, "company_id": cls.company.id,
            "md_production_date": cls.production_date} for serial in ("PU-1001", "PU-1002", "PU-1003")])
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create([{
            "move_id": move.id, "picking_id": cls.receipt.id, "product_id": cls.pump.id,
            "product_uom_id": cls.pump.uom_id.id, "quantity": 1, "lot_id": lot.id, "picked": True,
            "location_id": move.location_id.id, "location_dest_id": move.location_dest_id.id,
        } for lot in lots])
        # Only the done receipt is read: validating it would run every receiving gate of the installed
        # add-ons, which are not what these tests are about.
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE stock_picking SET state = 'done', date_done = now() WHERE id = %s",
                           [cls.receipt.id])
        cls.env.cr.execute("UPDATE stock_move SET state = 'done' WHERE picking_id = %s", [cls.receipt.id])
        cls.env.cr.execute("UPDATE stock_move_line SET state = 'done' WHERE picking_id = %s", [cls.receipt.id])
        cls.env.invalidate_all()

    def test_receipt_of_three_serials_gives_three_equipment_in_acceptance(self):
        self.receipt.with_user(self.engineer).action_md_register_equipment()
        equipment = self.Equipment.search([("md_picking_id", "=", self.receipt.id)], order="serial_no")
        line = self.order.order_line
        self.assertRecordValues(equipment, [{
            "name": "Test Infusion Pump", "md_product_id": self.pump.id, "serial_no": serial,
            "md_lot_id": self.receipt.move_line_ids.filtered(lambda ml, s=serial: ml.lot_id.name == s).lot_id.id,
            "md_state": "acceptance", "cost": 1200.0, "partner_id": self.supplier.id,
            "md_purchase_line_id": line.id, "md_purchase_date": self.order.date_approve.date(),
            "md_production_date": self.production_date, "md_certificate_id": self.cert_syringe.id,
            "company_id": self.company.id,
        } for serial in ("PU-1001", "PU-1002", "PU-1003")])
        self.assertEqual((self.receipt.md_equipment_count, self.order.md_equipment_count), (3, 3))

    def test_registering_twice_is_refused_and_writes_nothing(self):
        self.receipt.with_user(self.engineer).action_md_register_equipment()
        with self.assertRaises(UserError) as caught:
            self.receipt.with_user(self.engineer).action_md_register_equipment()
        self.assertEqual(str(caught.exception), "The equipment cannot be registered:\n" + "\n".join(
            f"• Serial number {serial} of Test Infusion Pump is already registered as Test Infusion Pump."
            for serial in ("PU-1001", "PU-1002", "PU-1003")))
        self.assertEqual(self.Equipment.search_count([("md_picking_id", "=", self.receipt.id)]), 3)

    def test_one_serial_registered_before_refuses_the_receipt(self):
        # Scanned on the ward before anyone registered the receipt: the scan finds the received serial number.
        scanned = self.Equipment.with_user(self.engineer).md_register_udi(gs1(PUMP_DI, serial="PU-1002"))
        self.assertEqual(scanned.md_lot_id.name, "PU-1002")
        with self.assertRaises(UserError) as caught:
            self.receipt.with_user(self.engineer).action_md_register_equipment()
        self.assertEqual(str(caught.exception), "The equipment cannot be registered:\n"
                                                "• Serial number PU-1002 of Test Infusion Pump is already "
                                                "registered as Test Infusion Pump.")
        self.assertFalse(self.Equipment.search([("md_picking_id", "=", self.receipt.id)]))

    def test_register_from_the_purchase_order(self):
        self.engineer.groups_id += self.env.ref("purchase.group_purchase_user")
        order = self.order.with_user(self.engineer)
        action = order.action_md_register_equipment()
        self.assertEqual(len(action["domain"][0][2]), 3)
        with self.assertRaises(UserError) as caught:
            order.action_md_register_equipment()
        self.assertEqual(str(caught.exception),
                         f"{self.order.name} has no done receipt whose equipment is still to register.")

    def test_receipt_not_done_refused(self):
        other = self.order.copy()
        other.with_user(self.buyer).button_confirm()
        with self.assertRaises(UserError) as caught:
            other.picking_ids.with_user(self.engineer).action_md_register_equipment()
        self.assertEqual(str(caught.exception), "The equipment cannot be registered:\n"
                                                f"• {other.picking_ids.name} is not a done receipt.")

    def test_only_engineers_register_from_receipts(self):
        with self.assertRaises(AccessError):
            self.receipt.with_user(self.maintainer).action_md_register_equipment()
        self.assertFalse(self.Equipment.search([("md_picking_id", "=", self.receipt.id)]))
