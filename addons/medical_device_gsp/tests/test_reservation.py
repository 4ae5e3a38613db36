from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestReservation(GspCommon):
    """Only released, unexpired lots are reserved, first-expired-first-out for devices."""

    def _reserved(self, picking):
        return {line.lot_id.name: line.quantity for line in picking.move_line_ids}

    def _received_on(self, lot, days_ago):
        """Date the lot's stock came in, so that FIFO and FEFO disagree."""
        self.env["stock.quant"].search([("lot_id", "=", lot.id)]).in_date = self.now - timedelta(days=days_ago)

    def _mixed_lots(self):
        """Ten units of each status in released stock; only GOOD may be sold."""
        # The bad lots expire first and came in first: any strategy would pick them if allowed.
        lots = {
            "QUARANTINE": self._stock_lot(self.syringe, "QUARANTINE", 10, days=200, state="quarantine"),
            "HOLD": self._stock_lot(self.syringe, "HOLD", 10, days=210, state="hold"),
            "REJECTED": self._stock_lot(self.syringe, "REJECTED", 10, days=220, state="rejected"),
            "EXPIRED": self._stock_lot(self.syringe, "EXPIRED", 10, days=-3, state="released"),
            "GOOD": self._stock_lot(self.syringe, "GOOD", 10, days=500, state="released"),
        }
        for age, name in enumerate(("GOOD", "EXPIRED", "REJECTED", "HOLD", "QUARANTINE")):
            self._received_on(lots[name], 10 + age)
        return lots

    def test_only_released_unexpired_lots_reserved(self):
        lots = self._mixed_lots()
        self.assertLess(lots["EXPIRED"].expiration_date, self.now)
        delivery = self._delivery(self.syringe, 30)
        self.assertEqual(self._reserved(delivery), {"GOOD": 10})
        self.assertEqual(delivery.move_ids.quantity, 10)
        self.assertEqual(delivery.move_ids.state, "partially_available")
        # The refused lots keep their stock, unreserved.
        for name in ("QUARANTINE", "HOLD", "REJECTED", "EXPIRED"):
            quant = self.env["stock.quant"].search([("lot_id", "=", lots[name].id),
                                                    ("location_id", "=", self.stock.id)])
            self.assertEqual((quant.quantity, quant.reserved_quantity), (10, 0), name)

    def test_whatever_the_removal_strategy(self):
        self._mixed_lots()
        category = self.env["product.category"].create({"name": "Syringes"})
        self.syringe.categ_id = category
        for xmlid in ("stock.removal_fifo", "stock.removal_lifo", "stock.removal_closest"):
            category.removal_strategy_id = self.env.ref(xmlid)
            self.assertEqual(self.env["stock.quant"]._get_removal_strategy(self.syringe, self.stock),
                             self.env.ref(xmlid).method)
            delivery = self._delivery(self.syringe, 15)
            self.assertEqual(self._reserved(delivery), {"GOOD": 10}, xmlid)
            delivery.action_cancel()
        # A strategy on the location, too.
        category.removal_strategy_id = False
        self.stock.removal_strategy_id = self.env.ref("stock.removal_lifo")
        delivery = self._delivery(self.syringe, 15)
        self.assertEqual(self._reserved(delivery), {"GOOD": 10})

    def test_devices_default_to_fefo(self):
        late = self._stock_lot(self.syringe, "LATE", 10, days=700)
        early = self._stock_lot(self.syringe, "EARLY", 10, days=300)
        self._received_on(late, 30)
        self._received_on(early, 1)
        self.assertEqual(self.env["stock.quant"]._get_removal_strategy(self.syringe, self.stock), "fefo")
        delivery = self._delivery(self.syringe, 12)
        self.assertEqual(self._reserved(delivery), {"EARLY": 10, "LATE": 2})
        delivery.action_cancel()

        # Someone's explicit choice wins: FIFO takes the oldest receipt, LIFO the newest.
        category = self.env["product.category"].create({"name": "Syringes FIFO"})
        self.syringe.categ_id = category
        category.removal_strategy_id = self.env.ref("stock.removal_fifo")
        delivery = self._delivery(self.syringe, 12)
        self.assertEqual(self._reserved(delivery), {"LATE": 10, "EARLY": 2})
        delivery.action_cancel()
        category.removal_strategy_id = self.env.ref("stock.removal_lifo")
        self.assertEqual(self._reserved(self._delivery(self.syringe, 3)), {"EARLY": 3})

    def test_non_devices_keep_fifo(self):
        gauze = self.env["product.product"].create({
            "name": "Gauze roll", "type": "consu", "is_storable": True, "tracking": "lot",
            "use_expiration_date": True, "expiration_time": 730})
        Lot = self.env["stock.lot"]
        old = Lot.create({"product_id": gauze.id, "name": "G-OLD", "company_id": self.company.id,
                          "expiration_date": self.now + timedelta(days=700)})
        new = Lot.create({"product_id": gauze.id, "name": "G-NEW", "company_id": self.company.id,
                          "expiration_date": self.now + timedelta(days=300)})
        self.assertFalse(old.md_quality_state)
        for lot in (old, new):
            self.env["stock.quant"]._update_available_quantity(gauze, self.stock, 10, lot_id=lot)
        self._received_on(old, 30)
        self._received_on(new, 1)
        self.assertEqual(self.env["stock.quant"]._get_removal_strategy(gauze, self.stock), "fifo")
        delivery = self._delivery(gauze, 12)
        self.assertEqual(self._reserved(delivery), {"G-OLD": 10, "G-NEW": 2})

    def test_availability_excludes_unsellable_lots(self):
        self._mixed_lots()
        Quant = self.env["stock.quant"]
        self.assertEqual(Quant._get_available_quantity(self.syringe, self.stock), 10)
        # The product's free quantity says the same; on hand still counts every unit.
        in_stock = self.syringe.with_context(location=self.stock.id)
        self.assertEqual((in_stock.qty_available, in_stock.free_qty), (50, 10))
        # Segregated zones are not filtered: their stock is moved by dispositions, whatever its status.
        self._stock_lot(self.syringe, "Q-ZONE", 7, state="quarantine", location=self.quarantine)
        self.assertEqual(Quant._get_available_quantity(self.syringe, self.quarantine), 7)
        # Strict gathering (the quant a move updates) still sees every lot.
        hold = self.env["stock.lot"].search([("name", "=", "HOLD"), ("product_id", "=", self.syringe.id)])
        self.assertEqual(Quant._get_available_quantity(self.syringe, self.stock, lot_id=hold, strict=True), 10)
        self.assertEqual(Quant._get_available_quantity(self.syringe, self.stock, lot_id=hold), 0)

    def test_hold_after_reservation_stops_delivery(self):
        good = self._stock_lot(self.syringe, "GOOD", 10)
        delivery = self._delivery(self.syringe, 10)
        self.assertEqual(self._reserved(delivery), {"GOOD": 10})
        review = self._review(delivery)
        self.assertFalse(review.problem_ids, review.problem_ids.mapped("message"))
        review.with_user(self.keeper)._md_sign("reviewed")
        self.assertEqual(review.state, "passed")

        self.env["md.quality.change.wizard"].with_user(self.keeper).create({
            "lot_ids": [Command.set(good.ids)], "new_state": "hold",
            "reason": "Supplier notice: possible labelling error"}).action_apply()
        self.assertEqual(good.md_quality_state, "hold")
        with self.assertRaisesRegex(UserError, r"cannot be delivered:(.|\n)*GOOD is On Hold, not Released"):
            delivery.with_user(self.picker).with_context(skip_backorder=True).button_validate()
        self.assertNotEqual(delivery.state, "done")
        self.assertEqual(self._quants(good, self.stock), 10)
        self.assertEqual(self._quants(good, self.customer_loc), 0)
