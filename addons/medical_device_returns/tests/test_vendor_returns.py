import re
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestVendorReturns(ReturnsCommon):
    """Rejected units go back to the supplier from the nonconforming zone, on the purchase's return."""

    def _purchased(self, lots):
        """A confirmed purchase of syringes, received as ``lots`` [(name, quantity)] and validated."""
        order = self.env["purchase.order"].with_user(self.buyer).create({
            "partner_id": self.supplier.id,
            "picking_type_id": self.warehouse.in_type_id.id,
            "order_line": [Command.create({"product_id": self.syringe.id,
                                           "product_qty": sum(qty for _name, qty in lots), "price_unit": 5})],
        })
        order.with_user(self.buyer).button_confirm()
        receipt = order.picking_ids.with_env(self.env)
        move = receipt.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].with_user(self.receiver).create([{
            "move_id": move.id, "picking_id": receipt.id, "product_id": self.syringe.id,
            "product_uom_id": self.syringe.uom_id.id, "quantity": qty, "lot_name": name,
            "expiration_date": self.now + timedelta(days=500), "md_production_date": self.production_date,
            "location_id": move.location_id.id, "location_dest_id": move.location_dest_id.id, "picked": True,
        } for name, qty in lots])
        self._validate(receipt)
        return order, receipt

    def _rtv(self, acceptance, user=None):
        action = acceptance.with_user(user or self.inspector).action_md_return_to_vendor()
        self.assertEqual(action["res_model"], "md.return")
        return self.env["md.return"].browse(action["res_id"])

    def test_rejected_units_returned_to_vendor(self):
        order, receipt = self._purchased([("RV-1", 20), ("RV-2", 5)])
        acceptance = receipt.md_acceptance_ids
        self._accept(acceptance, {"RV-1": (18, 2), "RV-2": (0, 5)})
        lots = {lot.name: lot for lot in receipt.move_line_ids.lot_id}
        self.assertEqual(self._quants(lots["RV-1"], self.nonconforming), 2)
        self.assertEqual(order.order_line.qty_received, 25)

        record = self._rtv(acceptance)
        self.assertEqual((record.return_type, record.grade_id.code, record.partner_id, record.state),
                         ("vendor", "quality_defect", self.supplier, "draft"))
        self.assertEqual((record.origin_picking_id, record.acceptance_id, record.purchase_id),
                         (receipt, acceptance, order))
        self.assertEqual(acceptance.md_return_ids, record)
        self.assertEqual(record.warehouse_id, self.warehouse)
        self.assertIn("RV-1: Outer carton crushed, units damaged", record.reason)
        self.assertEqual(
            sorted((l.lot_id.name, l.quantity, l.location_id, l.supplier_id) for l in record.line_ids),
            [("RV-1", 2, self.nonconforming, self.supplier), ("RV-2", 5, self.nonconforming, self.supplier)])

        with self.assertRaisesRegex(AccessError, "are approved by"):
            record.with_user(self.keeper).action_approve()
        self.assertFalse(record.return_picking_id)

        picking = self._approve(record)
        self.assertEqual(record.approved_by, self.qa_user)
        self.assertEqual((picking.location_id, picking.location_dest_id.usage, picking.partner_id),
                         (self.nonconforming, "supplier", self.supplier))
        self.assertEqual(picking.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(picking.return_id, receipt)
        self.assertEqual(picking.move_ids.origin_returned_move_id, receipt.move_ids)
        self.assertEqual(picking.move_ids.purchase_line_id, order.order_line)
        self.assertTrue(picking.move_ids.to_refund)
        self.assertEqual(sorted((ml.lot_id.name, ml.quantity, ml.location_id) for ml in picking.move_line_ids),
                         [("RV-1", 2, self.nonconforming), ("RV-2", 5, self.nonconforming)])

        self._validate(picking, user=self.keeper)
        self.assertEqual(record.state, "done")
        self.assertEqual(self._quants(lots["RV-1"], self.nonconforming), 0)
        self.assertEqual(self._quants(lots["RV-2"], self.nonconforming), 0)
        self.assertEqual(self._quants(lots["RV-1"], self.stock), 18)
        self.assertEqual(order.order_line.qty_received, 18)
        self.assertIn(f"Returned to {self.supplier.display_name}.", "\n".join(record.message_ids.mapped("body")))
        # Seven of twenty-five received came back for quality: above the 2 % threshold.
        self.assertAlmostEqual(self.supplier.md_quality_return_rate, 28.0)
        self.assertEqual(len(self.supplier.activity_ids), 1)

        # A vendor return has no QA disposition to sign.
        with self.assertRaisesRegex(UserError, "Only received customer returns are disposed of by QA."):
            record.with_user(self.qa_user)._md_sign("approved")
        with self.assertRaisesRegex(UserError, "cannot be cancelled once goods have moved"):
            record.with_user(self.qa_user).action_cancel()

    def test_only_signed_acceptance_with_rejections(self):
        _order, receipt = self._purchased([("RV-3", 10)])
        acceptance = receipt.md_acceptance_ids
        message = "Only a signed acceptance with rejected quantities can be returned to the supplier."
        with self.assertRaisesRegex(UserError, re.escape(message)):
            self._rtv(acceptance)
        self._accept(acceptance)
        with self.assertRaisesRegex(UserError, re.escape(message)):
            self._rtv(acceptance)
        self.assertFalse(self.env["md.return"].search([("acceptance_id", "=", acceptance.id)]))

    def test_rejected_units_returned_once(self):
        _order, receipt = self._purchased([("RV-4", 10)])
        acceptance = receipt.md_acceptance_ids
        self._accept(acceptance, {"RV-4": (7, 3)})
        record = self._rtv(acceptance)
        with self.assertRaisesRegex(UserError, re.escape(f"{record.name} already returns")):
            self._rtv(acceptance)
        self.assertEqual(acceptance.md_return_ids, record)
        # Once cancelled, the rejected units may be returned by a new record.
        record.with_user(self.qa_user).action_cancel()
        again = self._rtv(acceptance)
        self.assertEqual(again.line_ids.quantity, 3)

    def test_vendor_return_from_the_right_zone_and_quantity(self):
        _order, receipt = self._purchased([("RV-5", 10)])
        acceptance = receipt.md_acceptance_ids
        self._accept(acceptance, {"RV-5": (8, 2)})
        record = self._rtv(acceptance)
        line = record.line_ids
        line.with_user(self.inspector).quantity = 3
        with self.assertRaisesRegex(UserError, re.escape(f"{record.name} cannot be approved:")) as caught:
            record.with_user(self.qa_user).action_approve()
        self.assertIn(f"Test Syringe 5 ml RV-5 × 3: only 2.0 in {self.nonconforming.display_name}.",
                      str(caught.exception))
        line.with_user(self.inspector).write({"quantity": 2, "location_id": self.stock.id})
        with self.assertRaisesRegex(UserError, "goods return to the supplier from the nonconforming or returns zone"):
            record.with_user(self.qa_user).action_approve()
        self.assertEqual(record.state, "draft")
        self.assertFalse(self._returned_pickings(record))
        self.assertEqual(self._quants(line.lot_id, self.nonconforming), 2)
        self.assertEqual(self._quants(line.lot_id, self.stock), 8)

    def test_returned_goods_sent_back_from_the_returns_zone(self):
        """A draft vendor return by hand, of customer-returned units waiting in the returns zone."""
        lot = self._supplied_lot("RV-6", 4)
        self._receive(self._return(self._deliver({lot: 4}), {lot: 4}))
        record = self.env["md.return"].with_user(self.keeper).create({
            "return_type": "vendor", "grade_id": self.grades["quality_defect"].id, "partner_id": self.supplier.id,
            "warehouse_id": self.warehouse.id,
            "reason": "Sent back after customer complaint",
            "line_ids": [Command.create({"product_id": self.syringe.id, "lot_id": lot.id, "quantity": 4,
                                         "location_id": self.returns_zone.id})],
        })
        self.assertEqual(record.warehouse_id, self.warehouse)
        picking = self._approve(record)
        self.assertEqual(picking.location_id, self.returns_zone)
        self.assertFalse(picking.move_ids.to_refund, "no receipt to update")
        self._validate(picking, user=self.keeper)
        self.assertEqual(record.state, "done")
        self.assertEqual(self._quants(lot, self.returns_zone), 0)
