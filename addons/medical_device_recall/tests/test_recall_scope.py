from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallScope(RecallCommon):
    """Compute scope: which lots the criteria name, and where every unit of them is now."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shelf = cls.env["stock.location"].create({"name": "Shelf B", "location_id": cls.stock.id})
        cls.transit = cls.env["stock.location"].create({
            "name": "Road transit GTW-GW2", "usage": "transit",
            "location_id": cls.env.ref("stock.stock_location_locations").id})
        cls.warehouse_2 = cls.env["stock.warehouse"].create({"name": "Second GSP Warehouse", "code": "GW2"})
        cls.warehouse_2.action_md_create_gsp_zones()
        cls.stock_2 = cls.warehouse_2.lot_stock_id

    # Helpers ------------------------------------------------------------------

    def _returned_to_stock(self, delivery, lot, qty):
        """The customer sends ``qty`` back; found sound, it is saleable stock again. Returns the return picking."""
        # The recall's tests run with and without the returns add-on; with it, goods a customer sends back
        # go through the returns zone, re-inspection and a signed re-release instead of straight to stock.
        if self.env["ir.module.module"]._get("medical_device_returns").state != "installed":
            return self._customer_return(delivery, {lot: qty}, self.stock)
        zone = self.warehouse.md_returns_location_id
        sales_manager = new_test_user(self.env, "md_scope_sales_mgr", name="Sun Sales Manager",
                                      groups="base.group_user,stock.group_stock_user,sales_team.group_sale_manager")
        grade = self.env["md.return.grade"].search([("code", "=", "commercial")])
        record = self.env["md.return"].with_user(self.seller).create({
            "return_type": "customer", "grade_id": grade.id, "partner_id": delivery.partner_id.id,
            "origin_picking_id": delivery.id, "reason": "Overstock",
            "line_ids": [Command.create({"product_id": lot.product_id.id, "lot_id": lot.id, "quantity": qty})],
        }).with_env(self.env)
        record.with_user(sales_manager).action_approve()
        back = record.return_picking_id
        self._validate(back, user=self.receiver)
        self.assertEqual((back.location_id, back.location_dest_id, self._quants(lot, zone)),
                         (self.customer_loc, zone, qty))
        record.line_ids.with_user(self.qa_user).write({"packaging_check": "pass", "label_check": "pass"})
        record.with_user(self.qa_user)._md_sign("approved")
        self.assertEqual(self._quants(lot, zone), 0)
        return back

    def _stock_positions(self, recall, kind="stock"):
        return {(p.lot_id, p.location_id): p.quantity for p in recall.position_ids if p.kind == kind}

    def _per_consignee(self, recall):
        net = {}
        for p in recall.position_ids.filtered(lambda p: p.kind == "customer"):
            net[p.partner_id] = net.get(p.partner_id, 0) + p.quantity
        return net

    def _scope_line(self, recall, lot):
        line = recall.scope_lot_ids.filtered(lambda l: l.lot_id == lot)
        self.assertEqual(len(line), 1)
        return line

    def _computed(self, **values):
        recall = self._recall(**values)
        recall.action_compute_scope()
        return recall

    # Trace --------------------------------------------------------------------

    def test_lot_split_over_deliveries_and_shelves(self):
        lot = self._supplied_lot("SC-SPLIT", 40)
        self.env["stock.lot"]._md_move_quantities([(lot, 12, self.stock, self.shelf)], "SHELVING")
        first = self._deliver({lot: 6}, partner=self.hospital)
        second = self._deliver({lot: 4}, partner=self.hospital)
        third = self._deliver({lot: 5}, partner=self.hospital_2)
        fourth = self._deliver_from(self.shelf, {lot: 2}, self.hospital_2)
        recall = self._computed(lot_ids=[lot.id])
        self.assertEqual(self._positions(recall, "customer"), {
            (lot, self.hospital, first): 6, (lot, self.hospital, second): 4,
            (lot, self.hospital_2, third): 5, (lot, self.hospital_2, fourth): 2})
        for picking in (first, second, third, fourth):
            line = recall.position_ids.filtered(lambda p: p.picking_id == picking)
            self.assertEqual((line.date, line.product_id), (picking.move_line_ids.date, self.syringe))
        self.assertEqual(self._stock_positions(recall), {(lot, self.stock): 13, (lot, self.shelf): 10})
        self.assertFalse(self._positions(recall, "transit"))
        line = self._scope_line(recall, lot)
        self.assertEqual((line.qty_in_stock, line.qty_in_transit, line.qty_at_customers, line.derived),
                         (23, 0, 17, False))
        self.assertEqual((recall.lot_count, recall.qty_in_stock, recall.qty_in_transit, recall.qty_at_customers),
                         (1, 23, 0, 17))
        self.assertEqual(self._per_consignee(recall), {self.hospital: 10, self.hospital_2: 7})
        self.assertTrue(recall.scope_computed_on)

    def test_return_and_redelivery(self):
        lot = self._supplied_lot("SC-RET", 20)
        delivery = self._deliver({lot: 8}, partner=self.hospital)
        back = self._returned_to_stock(delivery, lot, 3)
        self.assertEqual((self._quants(lot, self.customer_loc), self._quants(lot, self.stock), lot.md_quality_state),
                         (5, 15, "released"))
        again = self._deliver({lot: 15}, partner=self.hospital_2)

        recall = self._computed(lot_ids=[lot.id])
        self.assertEqual(self._positions(recall, "customer"), {
            (lot, self.hospital, delivery): 8, (lot, self.hospital, back): -3, (lot, self.hospital_2, again): 15})
        self.assertEqual(self._per_consignee(recall), {self.hospital: 5, self.hospital_2: 15})
        self.assertFalse(self._positions(recall, "stock"))
        self.assertEqual((recall.qty_at_customers, recall.qty_in_stock, recall.qty_in_transit), (20, 0, 0))
        self.assertEqual(self._scope_line(recall, lot).qty_at_customers, 20)

    def test_derived_lots_are_traced(self):
        old = self._supplied_lot("SC-OLD", 10)
        Lot = self.env["stock.lot"].with_context(md_workflow=True)
        new = Lot.create({"product_id": self.syringe.id, "name": "SC-NEW", "expiration_date": old.expiration_date,
                          "md_quality_state": "released", "md_production_date": self.production_date})
        newest = Lot.create({"product_id": self.syringe.id, "name": "SC-NEWEST", "expiration_date": old.expiration_date,
                             "md_quality_state": "released", "md_production_date": self.production_date})
        unrelated = self._supplied_lot("SC-OTHER", 5)
        relabelling = self.env["stock.location"].create({"name": "Relabelling", "usage": "production"})
        move = self.env["stock.lot"]._md_move_quantities
        consumed = move([(old, 4, self.stock, relabelling)], "RELABEL 1")
        produced = move([(new, 4, relabelling, self.stock)], "RELABEL 1")
        consumed.move_dest_ids = [Command.link(produced.id)]
        consumed_2 = move([(new, 1, self.stock, relabelling)], "RELABEL 2")
        produced_2 = move([(newest, 1, relabelling, self.stock)], "RELABEL 2")
        consumed_2.move_dest_ids = [Command.link(produced_2.id)]
        delivery = self._deliver({new: 3}, partner=self.hospital_2)
        # A customer's return chained to a delivery of the recalled lot, but of another lot, is that
        # other lot's own goods: the chain is not followed from goods that left us.
        shipped = move([(old, 2, self.stock, self.customer_loc)], "DELIVERY")
        came_back = move([(unrelated, 1, self.customer_loc, self.stock)], "RETURN")
        shipped.write({"partner_id": self.hospital.id, "move_dest_ids": [Command.link(came_back.id)]})

        recall = self._computed(lot_ids=[old.id])
        self.assertEqual(recall.scope_lot_ids.lot_id, old | new | newest)
        self.assertEqual({l.lot_id: l.derived for l in recall.scope_lot_ids},
                         {old: False, new: True, newest: True})
        self.assertNotIn(unrelated, recall.scope_lot_ids.lot_id)
        self.assertEqual(self._positions(recall, "customer"), {
            (new, self.hospital_2, delivery): 3, (old, self.hospital, self.env["stock.picking"]): 2})
        self.assertEqual(self._stock_positions(recall), {(old, self.stock): 4, (newest, self.stock): 1})
        self.assertEqual((self._scope_line(recall, new).qty_at_customers,
                          self._scope_line(recall, new).qty_in_stock), (3, 0))

    # Criteria -----------------------------------------------------------------

    def test_scope_criteria(self):
        early = self._stock_lot(self.syringe, "SC-EARLY", 5, days=300)
        late = self._stock_lot(self.syringe, "SC-LATE", 5, days=900)
        early.md_production_date = self.today - timedelta(days=700)
        late.md_production_date = self.today - timedelta(days=10)
        stent_1 = self._stock_lot(self.stent, "SC-ST-1", 1)
        stent_2 = self._stock_lot(self.stent, "SC-ST-2", 1)

        def scope(**values):
            return self._computed(**values).scope_lot_ids.lot_id

        self.assertEqual(scope(product_ids=[self.syringe.id]), early | late)
        self.assertEqual(scope(product_tmpl_ids=[self.stent.product_tmpl_id.id]), stent_1 | stent_2)
        self.assertEqual(scope(udi_di_list=f"{self.syringe.md_udi_di}, {self.stent.md_udi_di}\n"),
                         early | late | stent_1 | stent_2)
        self.assertEqual(scope(product_ids=[self.syringe.id], production_date_from=self.today - timedelta(days=30),
                               production_date_to=self.today), late)
        self.assertEqual(scope(product_ids=[self.syringe.id], production_date_to=self.today - timedelta(days=30)),
                         early)
        self.assertEqual(scope(product_ids=[self.syringe.id], expiry_date_from=self.today + timedelta(days=200),
                               expiry_date_to=self.today + timedelta(days=400)), early)
        self.assertEqual(scope(product_ids=[self.syringe.id], expiry_date_from=self.today + timedelta(days=800)),
                         late)
        self.assertEqual(scope(lot_ids=[early.id, stent_2.id]), early | stent_2)
        # Listed lots stay in scope whatever the date range says about the devices' other lots.
        self.assertEqual(scope(lot_ids=[stent_1.id], product_ids=[self.syringe.id],
                               expiry_date_from=self.today + timedelta(days=800)), stent_1 | late)

    def test_scope_refusals_write_nothing(self):
        lot = self._stock_lot(self.syringe, "SC-REF", 5)
        refusals = [
            ({}, "Name the devices, models, UDI-DIs or lots/serials the recall covers."),
            ({"udi_di_list": f"{self.syringe.md_udi_di}\n06900000000999"}, "No device has the UDI-DI 06900000000999."),
            ({"product_ids": [self.plain.id]}, "Office paper: not medical devices."),
            ({"lot_ids": [lot.id], "expiry_date_from": self.today},
             "A date range narrows the lots of devices, models or UDI-DIs: name them."),
        ]
        for values, message in refusals:
            recall = self._recall(**values)
            with self.assertRaises(UserError) as caught:
                recall.action_compute_scope()
            self.assertEqual(str(caught.exception), message)
            self.assertFalse(recall.scope_computed_on or recall.position_ids or recall.scope_lot_ids)
        empty = self._recall(product_ids=[self.syringe.id], production_date_from=self.today + timedelta(days=5))
        with self.assertRaises(UserError) as caught:
            empty.action_compute_scope()
        self.assertEqual(str(caught.exception), f"No lot or serial number matches the scope of {empty.name}.")
        self.assertFalse(empty.scope_computed_on or empty.scope_lot_ids)

        recall = self._recall(lot_ids=[lot.id])
        with self.assertRaises(AccessError):
            recall.with_user(self.picker).action_compute_scope()
        with self.assertRaisesRegex(AccessError, "Only recall coordinators run recalls."):
            recall.with_user(self.keeper).action_compute_scope()
        self.assertFalse(recall.scope_computed_on or recall.scope_lot_ids)

        self._deliver({lot: 2}, partner=self.hospital)
        recall.action_compute_scope()
        self.assertEqual((len(recall.scope_lot_ids), len(recall.position_ids)), (1, 2))
        # Computing again replaces the trace, with no line twice.
        recall.action_compute_scope()
        self.assertEqual((len(recall.scope_lot_ids), len(recall.position_ids)), (1, 2))
        self.assertEqual(self._positions(recall, "customer"),
                         {(lot, self.hospital, recall.position_ids.picking_id): 2})
        self.assertEqual(self.env["md.recall.position"].search_count([("recall_id", "=", recall.id)]), 2)
        recall.action_start()
        computed_on, lines = recall.scope_computed_on, (recall.scope_lot_ids.ids, recall.position_ids.ids)
        with self.assertRaises(UserError) as caught:
            recall.action_compute_scope()
        self.assertEqual(str(caught.exception), f"The scope of {recall.name} is frozen since it started.")
        self.assertEqual((recall.scope_computed_on, recall.scope_lot_ids.ids, recall.position_ids.ids),
                         (computed_on, *lines))

    def _transfer(self, picking_type, lot, qty, source, dest):
        """A transfer of exactly ``qty`` of ``lot`` validated by the storage keeper."""
        picking = self._validate(self._picking(picking_type, {lot: qty}, source, dest, self.keeper), user=self.keeper)
        self.assertEqual([(ml.lot_id, ml.quantity, ml.location_dest_id, ml.state) for ml in picking.move_line_ids],
                         [(lot, qty, dest, "done")])
        return picking

    def test_transit_pickings_between_warehouses(self):
        """The storage keeper ships to the second warehouse and it receives: pickings, not bare moves."""
        lot = self._supplied_lot("SC-WH-PICK", 25)
        other = self._supplied_lot("SC-WH-OTHER", 5)
        shipped = self._transfer(self.warehouse.int_type_id, lot, 12, self.stock, self.transit)
        recall = self._computed(lot_ids=[lot.id])
        self.assertEqual(self._stock_positions(recall, "transit"), {(lot, self.transit): 12})
        self.assertEqual(self._stock_positions(recall), {(lot, self.stock): 13})
        self.assertEqual((recall.qty_in_stock, recall.qty_in_transit, recall.qty_at_customers), (13, 12, 0))
        self.assertNotIn(other, recall.scope_lot_ids.lot_id)

        # Half of the shipment has arrived: the rest is still on the road.
        received = self._transfer(self.warehouse_2.in_type_id, lot, 8, self.transit, self.stock_2)
        self.assertEqual(received.location_dest_id.warehouse_id, self.warehouse_2)
        recall.action_compute_scope()
        self.assertEqual(self._stock_positions(recall, "transit"), {(lot, self.transit): 4})
        self.assertEqual(self._stock_positions(recall), {(lot, self.stock): 13, (lot, self.stock_2): 8})
        self.assertEqual((recall.qty_in_stock, recall.qty_in_transit), (21, 4))

        delivery = self._deliver_from(self.stock_2, {lot: 5}, self.hospital)
        recall.action_compute_scope()
        self.assertEqual(self._stock_positions(recall), {(lot, self.stock): 13, (lot, self.stock_2): 3})
        self.assertEqual(self._positions(recall, "customer"), {(lot, self.hospital, delivery): 5})
        self.assertNotIn(shipped, recall.position_ids.picking_id, "a transfer between our warehouses goes to nobody")
        line = self._scope_line(recall, lot)
        self.assertEqual((line.qty_in_stock, line.qty_in_transit, line.qty_at_customers), (16, 4, 5))

    def test_plain_return_and_redelivery(self):
        """Odoo's own return of a delivery (no returns add-on needed), inspected and re-delivered elsewhere."""
        lot = self._supplied_lot("SC-RET-PLAIN", 12)
        delivery = self._deliver({lot: 7}, partner=self.hospital)
        wizard = self.env["stock.return.picking"].with_context(
            active_id=delivery.id, active_model="stock.picking").create({"picking_id": delivery.id})
        wizard.product_return_moves.quantity = 3
        back = wizard._create_return()
        # Goods from outside wait in quarantine until the storage keeper has looked at them.
        back = self._customer_return(delivery, {lot: 3}, self.quarantine, user=self.receiver)
        self.assertEqual((back.return_id, back.partner_id), (delivery, self.hospital))
        self.assertEqual((self._quants(lot, self.quarantine), self._quants(lot, self.customer_loc)), (3, 4))
        self._transfer(self.warehouse.int_type_id, lot, 3, self.quarantine, self.stock)
        again = self._deliver({lot: 6}, partner=self.hospital_2)

        recall = self._computed(lot_ids=[lot.id])
        self.assertEqual(self._positions(recall, "customer"), {
            (lot, self.hospital, delivery): 7, (lot, self.hospital, back): -3, (lot, self.hospital_2, again): 6})
        self.assertEqual(self._per_consignee(recall), {self.hospital: 4, self.hospital_2: 6})
        self.assertEqual(self._stock_positions(recall), {(lot, self.stock): 2})
        self.assertEqual((recall.qty_at_customers, recall.qty_in_stock, recall.qty_in_transit), (10, 2, 0))
        # The notices go by the net figures: what each consignee still has.
        recall.action_start()
        self.assertEqual({(n.partner_id, n.line_ids.lot_id, n.line_ids.qty_delivered, n.line_ids.qty_to_recall)
                          for n in recall.notice_ids},
                         {(self.hospital, lot, 7, 4), (self.hospital_2, lot, 6, 6)})

    def test_date_ranges_must_run_forward(self):
        lot = self._supplied_lot("SC-DATES", 5)
        for kind in ("production", "expiry"):
            with self.assertRaisesRegex(ValidationError, f"The {kind} date range ends before it starts."):
                self._recall(lot_ids=[lot.id], **{f"{kind}_date_from": self.today,
                                                  f"{kind}_date_to": self.today - timedelta(days=1)})
        self.assertFalse(self.env["md.recall"].search([("lot_ids", "in", lot.ids)]))
