from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallTrace(RecallCommon):
    """The trace follows the goods through splits, warehouses, returns, re-deliveries and relabelling."""

    def _move(self, lot, qty, source, dest, partner=None):
        """A done move of ``qty`` of ``lot`` (set-up through the add-ons' own relocation helper)."""
        moves = self.env["stock.lot"]._md_move_quantities([(lot, qty, source, dest)], "TEST MOVE")
        if partner:
            moves.partner_id = partner
        return moves

    def _deliver_from(self, warehouse, lots, partner):
        """A done delivery from another warehouse, reviewed and validated like any other."""
        product = next(iter(lots)).product_id
        stock = warehouse.lot_stock_id
        picking = self.env["stock.picking"].with_user(self.picker).create({
            "picking_type_id": warehouse.out_type_id.id, "partner_id": partner.id,
            "location_id": stock.id, "location_dest_id": self.customer_loc.id,
            "move_ids": [Command.create({
                "name": product.name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": sum(lots.values()), "location_id": stock.id,
                "location_dest_id": self.customer_loc.id})],
        })
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        self.env["stock.move.line"].with_user(self.picker).create([{
            "move_id": picking.move_ids.id, "picking_id": picking.id, "product_id": product.id,
            "product_uom_id": product.uom_id.id, "quantity": qty, "lot_id": lot.id,
            "location_id": stock.id, "location_dest_id": self.customer_loc.id, "picked": True,
        } for lot, qty in lots.items()])
        self._review(picking).with_user(self.keeper)._md_sign("reviewed")
        return self._validate(picking, user=self.picker)

    def test_split_over_shelves_and_deliveries(self):
        lot = self._supplied_lot("TR-SPLIT", 40)
        shelf = self.env["stock.location"].create({"name": "Shelf A", "location_id": self.stock.id})
        self._move(lot, 12, self.stock, shelf)
        first = self._deliver({lot: 6}, partner=self.hospital)
        second = self._deliver({lot: 4}, partner=self.hospital)
        third = self._deliver({lot: 5}, partner=self.hospital_2)
        recall = self._recall(lot_ids=[lot.id])
        recall.action_compute_scope()
        self.assertEqual(self._positions(recall, "customer"), {
            (lot, self.hospital, first): 6, (lot, self.hospital, second): 4, (lot, self.hospital_2, third): 5})
        self.assertEqual(sum(self._positions(recall, "stock").values()), 25)
        by_place = {p.location_id: p.quantity for p in recall.position_ids if p.kind == "stock"}
        self.assertEqual(sum(by_place.values()), 25)
        self.assertEqual(len(by_place), 2, "stock is reported by location: the main stock and the shelf")
        self.assertEqual((recall.qty_in_stock, recall.qty_at_customers, recall.qty_in_transit), (25, 15, 0))
        delivered = recall.position_ids.filtered(lambda p: p.picking_id == first)
        self.assertEqual(delivered.date, first.move_line_ids.date)
        # Computing again replaces the trace rather than adding to it.
        recall.action_compute_scope()
        self.assertEqual(len(recall.position_ids.filtered(lambda p: p.kind == "customer")), 3)
        self.assertEqual(len(recall.scope_lot_ids), 1)

    def test_transfer_between_warehouses_through_transit(self):
        lot = self._supplied_lot("TR-WH", 30)
        warehouse_2 = self.env["stock.warehouse"].create({"name": "Second GSP Warehouse", "code": "GW2"})
        warehouse_2.action_md_create_gsp_zones()
        transit = self.env["stock.location"].create({"name": "Inter-warehouse transit", "usage": "transit",
                                                     "location_id": self.env.ref("stock.stock_location_locations").id})
        self._move(lot, 10, self.stock, transit)
        recall = self._recall(lot_ids=[lot.id])
        recall.action_compute_scope()
        self.assertEqual(self._positions(recall, "transit"), {(lot, transit, self.env["stock.picking"]): 10})
        self.assertEqual((recall.qty_in_stock, recall.qty_in_transit), (20, 10))
        self._move(lot, 10, transit, warehouse_2.lot_stock_id)
        delivery = self._deliver_from(warehouse_2, {lot: 7}, self.hospital_2)
        recall.action_compute_scope()
        self.assertEqual(recall.qty_in_transit, 0)
        stock = {p.location_id: p.quantity for p in recall.position_ids if p.kind == "stock"}
        self.assertEqual(stock, {self.stock: 20, warehouse_2.lot_stock_id: 3})
        self.assertEqual(self._positions(recall, "customer"), {(lot, self.hospital_2, delivery): 7})

    def test_return_and_redelivery_follow_the_goods(self):
        lot = self._supplied_lot("TR-RET", 20)
        delivery = self._deliver({lot: 8}, partner=self.hospital)
        wizard = self.env["stock.return.picking"].with_context(
            active_id=delivery.id, active_model="stock.picking").create({"picking_id": delivery.id})
        wizard.product_return_moves.quantity = 3
        back = wizard._create_return()
        back.move_ids.write({"location_dest_id": self.stock.id})
        back.write({"location_dest_id": self.stock.id})
        back.move_ids.move_line_ids.unlink()
        self.env["stock.move.line"].create({
            "move_id": back.move_ids.id, "picking_id": back.id, "product_id": lot.product_id.id,
            "product_uom_id": lot.product_id.uom_id.id, "quantity": 3, "lot_id": lot.id,
            "location_id": self.customer_loc.id, "location_dest_id": self.stock.id, "picked": True})
        self._validate(back, user=self.picker)
        again = self._deliver({lot: 15}, partner=self.hospital_2)
        recall = self._recall(lot_ids=[lot.id])
        recall.action_compute_scope()
        self.assertEqual(self._positions(recall, "customer"), {
            (lot, self.hospital, delivery): 8, (lot, self.hospital, back): -3, (lot, self.hospital_2, again): 15})
        self.assertEqual((recall.qty_at_customers, recall.qty_in_stock), (20, 0))
        recall.action_start()
        notices = {n.partner_id: n for n in recall.notice_ids}
        self.assertEqual(notices[self.hospital].line_ids.mapped("qty_to_recall"), [5])
        self.assertEqual(notices[self.hospital].line_ids.mapped("qty_delivered"), [8])
        self.assertEqual(notices[self.hospital_2].line_ids.mapped("qty_to_recall"), [15])

    def test_relabelled_lot_is_traced(self):
        lot = self._supplied_lot("TR-OLD", 10)
        relabelled = self.env["stock.lot"].with_context(md_quality_write=True).create({
            "product_id": self.syringe.id, "name": "TR-NEW", "expiration_date": lot.expiration_date,
            "md_quality_state": "released"})
        production = self.env["stock.location"].search([("usage", "=", "production")], limit=1) \
            or self.env["stock.location"].create({"name": "Relabelling", "usage": "production"})
        consumed = self._move(lot, 4, self.stock, production)
        produced = self._move(relabelled, 4, production, self.stock)
        consumed.move_dest_ids = [Command.link(produced.id)]
        delivery = self._deliver({relabelled: 4}, partner=self.hospital_2)
        recall = self._recall(lot_ids=[lot.id])
        recall.action_compute_scope()
        derived = recall.scope_lot_ids.filtered("derived")
        self.assertEqual(derived.lot_id, relabelled)
        self.assertFalse(recall.scope_lot_ids.filtered(lambda l: l.lot_id == lot).derived)
        self.assertEqual(self._positions(recall, "customer"), {(relabelled, self.hospital_2, delivery): 4})
        recall.action_start()
        self.assertEqual(relabelled.md_quality_state, "recalled")

    def test_scope_criteria(self):
        old = self._stock_lot(self.syringe, "CR-OLD", 5)
        new = self._stock_lot(self.syringe, "CR-NEW", 5, days=900)
        old.md_production_date = self.today.replace(year=self.today.year - 2)
        new.md_production_date = self.today
        stent = self._stock_lot(self.stent, "CR-STENT-1", 1)

        def scope(**values):
            recall = self._recall(**values)
            recall.action_compute_scope()
            return recall.scope_lot_ids.lot_id

        self.assertEqual(scope(product_ids=[self.syringe.id]) & (old | new | stent), old | new)
        self.assertEqual(scope(product_tmpl_ids=[self.stent.product_tmpl_id.id]), stent)
        self.assertEqual(scope(udi_di_list=f" {self.stent.md_udi_di}\n"), stent)
        self.assertEqual(scope(product_ids=[self.syringe.id], production_date_from=self.today), new)
        self.assertEqual(scope(product_ids=[self.syringe.id],
                               expiry_date_to=(self.now.date().replace(year=self.now.year + 2))), old)
        self.assertEqual(scope(lot_ids=[old.id]), old)

    def test_scope_refusals(self):
        lot = self._stock_lot(self.syringe, "CR-REF", 5)
        refusals = [
            ({}, "Name the devices, models, UDI-DIs or lots"),
            ({"udi_di_list": "06900000000000"}, "No device has the UDI-DI 06900000000000"),
            ({"product_ids": [self.plain.id]}, "not medical devices"),
            ({"production_date_from": self.today}, "Name the devices, models, UDI-DIs or lots"),
            ({"lot_ids": [lot.id], "production_date_from": self.today}, "A date range narrows the lots"),
            ({"product_ids": [self.syringe.id], "production_date_from": self.today.replace(year=self.today.year + 5)},
             "No lot or serial number matches"),
        ]
        for values, message in refusals:
            recall = self._recall(**values)
            with self.assertRaisesRegex(UserError, message):
                recall.action_compute_scope()
            self.assertFalse(recall.scope_computed_on or recall.position_ids or recall.scope_lot_ids)
        recall = self._recall(lot_ids=[lot.id])
        with self.assertRaises(AccessError):
            recall.with_user(self.picker).action_compute_scope()
        self.assertFalse(recall.scope_lot_ids)
        recall.action_compute_scope()
        recall.action_start()
        with self.assertRaisesRegex(UserError, "frozen since it started"):
            recall.action_compute_scope()
