from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestZones(GspCommon):
    """三色五区: the zones of a warehouse, and the movements each zone refuses."""

    # Set-up of the zones ---------------------------------------------------------

    def test_create_zones(self):
        warehouse = self.env["stock.warehouse"].create({"name": "Zone Warehouse", "code": "ZWH"})
        self.assertFalse(warehouse.md_has_gsp_zones)
        warehouse.action_md_create_gsp_zones()
        self.assertTrue(warehouse.md_has_gsp_zones)
        stock = warehouse.lot_stock_id
        segregated = {
            "quarantine": warehouse.md_quarantine_location_id,
            "nonconforming": warehouse.md_nonconforming_location_id,
            "returns": warehouse.md_returns_location_id,
        }
        for zone, location in segregated.items():
            self.assertTrue(location, zone)
            self.assertEqual(location.md_zone, zone)
            self.assertEqual(location.usage, "internal")
            self.assertEqual(location.warehouse_id, warehouse)
            self.assertEqual(location.location_id, warehouse.view_location_id,
                             f"the {zone} zone sits beside the stock location")
            self.assertNotIn(location, self.env["stock.location"].search([("id", "child_of", stock.id)]),
                             f"the {zone} zone must not be inside the stock location")
        self.assertEqual(stock.md_zone, "released")
        self.assertEqual(warehouse.md_dispatch_location_id, warehouse.wh_output_stock_loc_id)
        self.assertEqual(warehouse.md_dispatch_location_id.md_zone, "dispatch")
        self.assertEqual(warehouse._md_zone_location("released"), stock)
        self.assertEqual(warehouse._md_zone_location("nonconforming"), segregated["nonconforming"])

        colors = {zone: location.md_zone_color for zone, location in segregated.items()}
        colors["released"] = stock.md_zone_color
        colors["dispatch"] = warehouse.md_dispatch_location_id.md_zone_color
        self.assertEqual(colors, {"quarantine": "yellow", "returns": "yellow", "released": "green",
                                  "dispatch": "green", "nonconforming": "red"})

        # Pressing again creates nothing and puts a changed zone back.
        Location = self.env["stock.location"].with_context(active_test=False)
        before = Location.search([("warehouse_id", "=", warehouse.id)])
        segregated["returns"].md_zone = "released"
        warehouse.action_md_create_gsp_zones()
        self.assertEqual(Location.search([("warehouse_id", "=", warehouse.id)]), before)
        self.assertEqual(warehouse.md_quarantine_location_id, segregated["quarantine"])
        self.assertEqual(warehouse.md_nonconforming_location_id, segregated["nonconforming"])
        self.assertEqual(warehouse.md_returns_location_id, segregated["returns"])
        self.assertEqual(segregated["returns"].md_zone, "returns")

    def test_sub_locations_inherit_zone(self):
        Location = self.env["stock.location"]
        shelf = Location.create({"name": "Shelf A", "location_id": self.stock.id, "usage": "internal"})
        bin_ = Location.create({"name": "Bin 1", "location_id": shelf.id, "usage": "internal"})
        cage = Location.create({"name": "Cage", "location_id": self.nonconforming.id, "usage": "internal"})
        self.assertEqual((shelf.md_zone, bin_.md_zone, shelf.md_zone_color), ("released", "released", "green"))
        self.assertEqual((cage.md_zone, cage.md_zone_color), ("nonconforming", "red"))
        # Moving a location into another zone takes that zone, down the tree.
        shelf.location_id = self.quarantine
        self.assertEqual((shelf.md_zone, bin_.md_zone, bin_.md_zone_color), ("quarantine", "quarantine", "yellow"))

    def test_reservation_never_reaches_segregated_zones(self):
        # Zones beside the stock location: a delivery from stock cannot take their goods.
        self._stock_lot(self.syringe, "IN-QUARANTINE", 5, state="released", location=self.quarantine)
        self._stock_lot(self.syringe, "IN-NC", 5, state="rejected", location=self.nonconforming)
        delivery = self._delivery(self.syringe, 10)
        self.assertFalse(delivery.move_line_ids)
        self.assertEqual(delivery.move_ids.quantity, 0)

    # Refused movements -----------------------------------------------------------

    def _internal_picking(self, lot, qty, source, dest, user=None, reserve=True):
        """A picked internal transfer; ``reserve=False`` picks the lot by hand, as for stock Odoo will not reserve."""
        picking = self.env["stock.picking"].with_user(user or self.keeper).create({
            "picking_type_id": self.warehouse.int_type_id.id,
            "location_id": source.id,
            "location_dest_id": dest.id,
            "move_ids": [Command.create({
                "name": lot.product_id.name, "product_id": lot.product_id.id,
                "product_uom": lot.product_id.uom_id.id, "product_uom_qty": qty,
                "location_id": source.id, "location_dest_id": dest.id,
            })],
        })
        picking.action_confirm()
        if reserve:
            picking.action_assign()
        else:
            self.env["stock.move.line"].with_user(user or self.keeper).create({
                "move_id": picking.move_ids.id, "picking_id": picking.id, "product_id": lot.product_id.id,
                "product_uom_id": lot.product_id.uom_id.id, "quantity": qty, "lot_id": lot.id,
                "location_id": source.id, "location_dest_id": dest.id})
        self.assertEqual(picking.move_line_ids.lot_id, lot)
        self.assertEqual(picking.move_line_ids.quantity, qty)
        picking.move_ids.picked = True
        return picking

    def test_released_lot_into_nonconforming_refused_by_picking(self):
        lot = self._stock_lot(self.syringe, "REL-1", 10)
        picking = self._internal_picking(lot, 4, self.stock, self.nonconforming)
        with self.assertRaisesRegex(UserError, r"This movement is refused:(.|\n)*REL-1 is Released and cannot be "
                                               r"put into .*Nonconforming \(Nonconforming zone\)"):
            picking.with_user(self.keeper).button_validate()
        self.assertNotEqual(picking.state, "done")
        self.assertEqual(self._quants(lot, self.stock), 10)
        self.assertEqual(self._quants(lot, self.nonconforming), 0)

    def test_allowed_move_by_picking(self):
        # The guard refuses by status, not every move: a held lot may be segregated.
        lot = self._stock_lot(self.syringe, "HOLD-1", 10, state="hold")
        # Held stock is not reserved from released stock: it is picked by hand.
        picking = self._internal_picking(lot, 10, self.stock, self.nonconforming, reserve=False)
        self._validate(picking, user=self.keeper)
        self.assertEqual(self._quants(lot, self.stock), 0)
        self.assertEqual(self._quants(lot, self.nonconforming), 10)

    def test_quarantined_lot_into_stock_refused(self):
        lot = self._stock_lot(self.syringe, "QUA-1", 10, state="quarantine", location=self.quarantine)
        with self.assertRaisesRegex(UserError, r"QUA-1 is Quarantine and cannot be put into .*\(Released Stock zone\)"):
            self.env["stock.lot"]._md_move_quantities([(lot, 10, self.quarantine, self.stock)], "TEST")
        self.assertEqual(self._quants(lot, self.quarantine), 10)
        self.assertEqual(self._quants(lot, self.stock), 0)

        # The same through a picking, by a user.
        picking = self._internal_picking(lot, 10, self.quarantine, self.stock)
        with self.assertRaisesRegex(UserError, r"QUA-1 is Quarantine and cannot be put into"):
            picking.with_user(self.keeper).button_validate()
        self.assertEqual(self._quants(lot, self.quarantine), 10)
        self.assertEqual(self._quants(lot, self.stock), 0)

    def test_released_lot_from_quarantine_into_stock_allowed(self):
        lot = self._stock_lot(self.syringe, "QUA-OK", 10, state="released", location=self.quarantine)
        self.env["stock.lot"]._md_move_quantities([(lot, 10, self.quarantine, self.stock)], "TEST")
        self.assertEqual(self._quants(lot, self.quarantine), 0)
        self.assertEqual(self._quants(lot, self.stock), 10)

    def test_nothing_leaves_nonconforming_for_stock(self):
        # On hold is accepted in released stock: only the nonconforming exit rule can refuse this.
        lot = self._stock_lot(self.syringe, "NC-1", 6, state="hold", location=self.nonconforming)
        with self.assertRaisesRegex(UserError, r"NC-1 cannot leave the nonconforming zone for .*Stock: "
                                               r"nonconforming goods go back to the supplier or to scrap"):
            self.env["stock.lot"]._md_move_quantities([(lot, 6, self.nonconforming, self.stock)], "TEST")
        self.assertEqual(self._quants(lot, self.nonconforming), 6)
        self.assertEqual(self._quants(lot, self.stock), 0)

        # Within the zone is fine (a sub-location of it).
        cage = self.env["stock.location"].create({"name": "Cage", "location_id": self.nonconforming.id,
                                                   "usage": "internal"})
        self.env["stock.lot"]._md_move_quantities([(lot, 6, self.nonconforming, cage)], "TEST")
        self.assertEqual(self._quants(lot, cage), 6)

    def test_rejected_lot_not_into_quarantine(self):
        lot = self._stock_lot(self.syringe, "REJ-1", 3, state="rejected", location=self.nonconforming)
        with self.assertRaisesRegex(UserError, r"REJ-1 is Rejected and cannot be put into .*\(Quarantine zone\)"):
            self.env["stock.lot"]._md_move_quantities([(lot, 3, self.nonconforming, self.quarantine)], "TEST")
        self.assertEqual(self._quants(lot, self.nonconforming), 3)
        self.assertEqual(self._quants(lot, self.quarantine), 0)

    def test_non_devices_move_freely(self):
        product = self.env["product.product"].create({"name": "Cardboard box", "type": "consu",
                                                      "is_storable": True})
        self.env["stock.quant"]._update_available_quantity(product, self.stock, 5)
        move = self.env["stock.move"].create({
            "name": "box", "product_id": product.id, "product_uom": product.uom_id.id, "product_uom_qty": 5,
            "location_id": self.stock.id, "location_dest_id": self.nonconforming.id})
        move._action_confirm()
        move._action_assign()
        move.picked = True
        move._action_done()
        self.assertEqual(move.state, "done")
        self.assertEqual(product.with_context(location=self.nonconforming.id).qty_available, 5)
