import base64

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .env_common import EnvCommon


@tagged("post_install", "-at_install")
class TestStorageConditions(EnvCommon):
    """A device goes only where the declared storage conditions cover its label conditions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.normal_room = cls._room("Normal Store", 10, 30, humidity=75)

    def setUp(self):
        super().setUp()
        # The test warehouse's stock declares nothing: it is not checked.
        self.lot = self._lot(self.reagent, "SC-1")
        self._put(self.lot, 10, self.stock)

    def assertRefused(self, lot, dest, *fragments, qty=5):
        with self.assertRaisesRegex(UserError, "^This movement is refused:\n• ") as caught:
            self._move(lot, qty, self.stock, dest)
        message = str(caught.exception)
        for fragment in (lot.product_id.display_name, f"cannot be stored in {dest.display_name}: ") + fragments:
            self.assertIn(fragment, message)
        self.assertEqual(self._quants(lot, self.stock), 10)
        self.assertEqual(self._quants(lot, dest), 0)
        return message

    def assertMoved(self, lot, dest, qty=5):
        self._move(lot, qty, self.stock, dest)
        self.assertEqual(self._quants(lot, dest), qty)

    def test_cold_device_only_in_a_cold_room(self):
        message = self.assertRefused(self.lot, self.normal_room,
                                     "2.0 to 8.0 °C is needed, the location keeps 10.0 to 30.0 °C")
        self.assertTrue(message.endswith("; the location is not cold-chain capable."), message)
        self.assertEqual(self._quants(self.lot, self.stock), 10)
        self.assertMoved(self.lot, self.cold_room)
        self.assertEqual(self._quants(self.lot, self.stock), 5)

    def test_normal_device_not_in_the_cold_room(self):
        lot = self._lot(self.syringe, "SC-S1")
        self._put(lot, 10, self.stock)
        self.assertRefused(lot, self.cold_room, "10.0 to 30.0 °C is needed, the location keeps 2.0 to 8.0 °C")
        self.assertMoved(lot, self.normal_room)
        # A narrower range is covered; cold-chain capability is only asked of cold-chain devices.
        self.assertMoved(lot, self._room("Air-conditioned Store", 15, 25, humidity=60), qty=2)

    def test_sub_location_inherits_unless_it_has_its_own(self):
        shelf = self.env["stock.location"].create({
            "name": "Shelf A", "usage": "internal", "location_id": self.normal_room.id})
        fridge = self._room("Fridge", 2, 8, humidity=75, cold=True, parent=self.normal_room)
        cold_shelf = self.env["stock.location"].create({
            "name": "Cold Shelf", "usage": "internal", "location_id": self.cold_room.id})
        self.assertRecordValues(shelf | fridge | cold_shelf, [
            {"md_storage_controlled": True, "md_temp_min": 10, "md_temp_max": 30, "md_humidity_max": 75,
             "md_cold_chain_capable": False, "md_parent_controlled": True},
            {"md_storage_controlled": True, "md_temp_min": 2, "md_temp_max": 8, "md_humidity_max": 75,
             "md_cold_chain_capable": True, "md_parent_controlled": True},
            {"md_storage_controlled": True, "md_temp_min": 2, "md_temp_max": 8, "md_humidity_max": 75,
             "md_cold_chain_capable": True, "md_parent_controlled": True},
        ])
        self.assertRefused(self.lot, shelf, "the location keeps 10.0 to 30.0 °C")
        self.assertMoved(self.lot, fridge, qty=3)
        self.assertMoved(self.lot, cold_shelf, qty=3)
        # A change of the room reaches its shelves, not the fridge declaring its own.
        self.normal_room.md_temp_max = 25
        self.assertEqual(shelf.md_temp_max, 25)
        self.assertEqual(fridge.md_temp_max, 8)
        # The shelf can declare its own too.
        shelf.write({"md_own_conditions": True, "md_temp_min": 2, "md_temp_max": 8, "md_cold_chain_capable": True})
        self.assertMoved(self.lot, shelf, qty=2)
        # Switching the room's conditions off leaves no stale limits on the shelves that took them.
        inner = self.env["stock.location"].create({
            "name": "Bin", "usage": "internal", "location_id": cold_shelf.id})
        self.cold_room.md_storage_controlled = False
        self.assertRecordValues(cold_shelf | inner | fridge, [
            {"md_storage_controlled": False}, {"md_storage_controlled": False}, {"md_storage_controlled": True}])

    def test_humidity_requirement(self):
        self.assertRefused(self.lot, self._room("Cold Box, humidity not kept", 2, 8, humidity=0, cold=True),
                           "humidity at most 75.0 % is needed, the location guarantees none")
        message = self.assertRefused(self.lot, self._room("Damp Cold Room", 2, 8, humidity=85, cold=True),
                                     "humidity at most 75.0 % is needed, the location guarantees 85.0 %")
        self.assertNotIn("°C is needed", message)
        self.assertMoved(self.lot, self._room("Dry Cold Room", 2, 8, humidity=60, cold=True))

    def test_cold_chain_capability(self):
        message = self.assertRefused(self.lot, self._room("Unmonitored Fridge", 2, 8, humidity=75),
                                     "the location is not cold-chain capable")
        self.assertNotIn("°C is needed", message)
        self.assertNotIn("humidity", message)

    def test_undeclared_locations_are_not_checked(self):
        plain = self.env["stock.location"].create({"name": "Plain Corner", "usage": "internal",
                                                   "location_id": self.stock.id})
        self.assertFalse(plain.md_storage_controlled)
        self.assertMoved(self.lot, plain)
        # Conditions switched off are not checked either.
        self.normal_room.md_storage_controlled = False
        self.assertMoved(self.lot, self.normal_room)

    def test_declared_conditions_are_consistent(self):
        with self.assertRaisesRegex(ValidationError, "the minimum temperature must be below the maximum"):
            self._room("Upside Down", 8, 2)
        with self.assertRaisesRegex(ValidationError, "the maximum humidity must be between 0 and 100"):
            self._room("Wet", 2, 8, humidity=120)

    def test_sensor_watches_its_location(self):
        self.assertEqual(self.sensor._md_limits(), (2.0, 8.0, 75.0))
        self.cold_room.write({"md_temp_min": 3, "md_temp_max": 7, "md_humidity_max": 70})
        self.assertEqual(self.sensor._md_limits(), (3.0, 7.0, 70.0))
        # A transport logger without a location watches the 2-8 °C cold chain.
        box = self._sensor("Box", "T-BOX-9")
        self.assertEqual(box._md_limits(), (2.0, 8.0, 0.0))

    # Acceptance ----------------------------------------------------------------

    def _cold_received(self, name):
        picking = self._receipt(self.reagent, [(name, 10, 400)])
        picking.with_user(self.receiver).write({
            "md_cc_arrival_time": self.now, "md_cc_arrival_temperature": 5.0,
            "md_cc_record": base64.b64encode(b"logger export"), "md_cc_record_name": "box.csv"})
        self._validate(picking)
        return picking.md_acceptance_ids

    def test_acceptance_puts_away_into_the_cold_room(self):
        self.env["stock.putaway.rule"].create({
            "product_id": self.reagent.id, "location_in_id": self.stock.id, "location_out_id": self.cold_room.id})
        acceptance = self._cold_received("SC-P1")
        self._accept(acceptance)
        lot = acceptance.line_ids.lot_id
        self.assertEqual(lot.md_quality_state, "released")
        self.assertEqual(self._quants(lot, self.cold_room), 10)
        self.assertEqual(self._quants(lot, self.stock), 0)
        self.assertEqual(self._quants(lot, self.quarantine), 0)

    def test_acceptance_refused_where_the_conditions_do_not_fit(self):
        # The warehouse's stock is a normal-temperature store and no putaway rule leads to the cold room.
        self.stock.write({"md_storage_controlled": True, "md_temp_min": 10, "md_temp_max": 30,
                          "md_humidity_max": 75})
        acceptance = self._cold_received("SC-P2")
        lot = acceptance.line_ids.lot_id
        with self.assertRaisesRegex(UserError, f"Test HIV Reagent cannot be stored in {self.stock.display_name}: "
                                               f"2.0 to 8.0 °C is needed, the location keeps 10.0 to 30.0 °C"):
            self._accept(acceptance)
        self.assertFalse(acceptance.md_signed)
        self.assertEqual(lot.md_quality_state, "quarantine")
        self.assertEqual(self._quants(lot, self.quarantine), 10)
        # The cold room keeps its own conditions under the normal store.
        self.assertEqual((self.cold_room.md_temp_min, self.cold_room.md_temp_max), (2.0, 8.0))
