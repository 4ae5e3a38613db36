from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestGspFlow(GspCommon):
    """The whole path: purchase, quarantine, partial acceptance, FEFO reservation, review, delivery."""

    def test_purchase_to_delivery(self):
        po = self.env["purchase.order"].with_user(self.buyer).create({
            "partner_id": self.supplier.id,
            "picking_type_id": self.warehouse.in_type_id.id,
            "order_line": [Command.create({"product_id": self.syringe.id, "product_qty": 30, "price_unit": 5})],
        })
        po.with_user(self.buyer).button_confirm()
        receipt = po.picking_ids.with_env(self.env)
        self.assertEqual(receipt.move_ids.location_dest_id, self.quarantine, "devices are received into quarantine")
        move = receipt.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create([{
            "move_id": move.id, "picking_id": receipt.id, "product_id": self.syringe.id,
            "product_uom_id": self.syringe.uom_id.id, "quantity": qty, "lot_name": name,
            "expiration_date": self.now + timedelta(days=days), "md_production_date": self.production_date,
            "location_id": move.location_id.id, "location_dest_id": move.location_dest_id.id, "picked": True,
        } for name, qty, days in (("LATE", 10, 700), ("EARLY", 12, 400), ("BAD", 8, 500))])
        self._validate(receipt)
        lots = {lot.name: lot for lot in receipt.move_line_ids.lot_id}
        self.assertEqual({lot.md_quality_state for lot in lots.values()}, {"quarantine"})
        self.assertEqual(self._quants(lots["EARLY"], self.quarantine), 12)
        self.assertEqual(self._quants(lots["EARLY"], self.stock), 0)

        acceptance = receipt.md_acceptance_ids
        self.assertEqual(len(acceptance), 1)
        self.assertEqual(acceptance.purchase_id, po)
        self.assertEqual(acceptance.receiver_id, self.receiver)
        line = acceptance.line_ids.filtered(lambda l: l.lot_id == lots["EARLY"])
        self.assertEqual((line.qty_received, line.certificate_number, line.registrant),
                         (12, "苏械注准20172141234", "Test Maker Co."))

        # Partial acceptance: EARLY 10 of 12, BAD fully rejected, LATE accepted.
        signature = self._accept(acceptance, {"EARLY": (10, 2), "BAD": (0, 8)})
        self.assertEqual(signature.meaning, "accepted")
        self.assertEqual(acceptance.state, "accepted")
        self.assertEqual(acceptance.inspector_id, self.inspector)
        self.assertEqual(lots["EARLY"].md_quality_state, "released")
        self.assertEqual(lots["LATE"].md_quality_state, "released")
        self.assertEqual(lots["BAD"].md_quality_state, "rejected")
        self.assertEqual(self._quants(lots["EARLY"], self.stock), 10)
        self.assertEqual(self._quants(lots["EARLY"], self.nonconforming), 2)
        self.assertEqual(self._quants(lots["BAD"], self.nonconforming), 8)
        self.assertEqual(self._quants(lots["LATE"], self.stock), 10)
        self.assertEqual(self._quants(lots["EARLY"], self.quarantine)
                         + self._quants(lots["BAD"], self.quarantine), 0)

        # FEFO: the earliest-expiring released lot is reserved first; nothing of BAD.
        delivery = self._delivery(self.syringe, 15)
        reserved = {ml.lot_id.name: ml.quantity for ml in delivery.move_line_ids}
        self.assertEqual(reserved, {"EARLY": 10, "LATE": 5})

        review = self._review(delivery)
        self.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))
        review.with_user(self.keeper)._md_sign("reviewed")
        self.assertEqual(review.state, "passed")
        self._validate(delivery, user=self.picker)
        self.assertEqual(self._quants(lots["EARLY"], self.customer_loc), 10)
        self.assertEqual(self._quants(lots["LATE"], self.stock), 5)
