import base64
import re
from datetime import date, datetime, time, timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestReceiving(GspCommon):
    """What the receiving check refuses at validation, and what a received device becomes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gloves = cls.env["product.product"].create({
            "name": "Examination Gloves Box", "type": "consu", "is_storable": True})

    # Helpers -------------------------------------------------------------------

    def _mixed_receipt(self, device, lots, other, other_qty):
        """One receipt with ``device`` in ``lots`` and ``other_qty`` of the untracked ``other``."""
        picking = self._confirmed_receipt([(device, sum(q for _n, q, _d in lots)), (other, other_qty)])
        picking.move_ids.move_line_ids.unlink()
        device_move = picking.move_ids.filtered(lambda m: m.product_id == device)
        other_move = picking.move_ids - device_move
        self.env["stock.move.line"].with_user(self.receiver).create([{
            "move_id": device_move.id, "picking_id": picking.id, "product_id": device.id,
            "product_uom_id": device.uom_id.id, "quantity": qty, "lot_name": name,
            "expiration_date": self.now + timedelta(days=days), "md_production_date": self.production_date,
            "location_id": device_move.location_id.id, "location_dest_id": device_move.location_dest_id.id,
            "picked": True,
        } for name, qty, days in lots] + [{
            "move_id": other_move.id, "picking_id": picking.id, "product_id": other.id,
            "product_uom_id": other.uom_id.id, "quantity": other_qty,
            "location_id": other_move.location_id.id, "location_dest_id": other_move.location_dest_id.id,
            "picked": True,
        }])
        return picking

    def _set_expiry(self, picking, lot_name, days_from_today):
        """Expire at the last second of the day, so the count of days left does not depend on the hour."""
        expiry = datetime.combine(fields.Datetime.now().date() + timedelta(days=days_from_today), time(23, 59, 59))
        picking.move_line_ids.filtered(lambda ml: ml.lot_name == lot_name).expiration_date = expiry

    def _warehouse_quantity(self, product):
        quants = self.env["stock.quant"].search([
            ("product_id", "=", product.id), ("location_id", "child_of", self.warehouse.view_location_id.id)])
        return sum(quants.mapped("quantity"))

    def assertNotReceived(self, picking, *fragments):
        """Validation is refused with every fragment in one error, and nothing is received."""
        lot_names = picking.move_line_ids.mapped("lot_name")
        with self.assertRaisesRegex(UserError, re.escape(f"{picking.name} cannot be received:")) as caught:
            picking.with_user(self.receiver).with_context(
                skip_backorder=True, picking_ids_not_to_backorder=picking.ids).button_validate()
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertNotEqual(picking.state, "done")
        self.assertFalse(picking.md_acceptance_ids)
        self.assertFalse(self.env["md.acceptance"].search([("picking_id", "=", picking.id)]))
        for product in picking.move_ids.product_id:
            self.assertEqual(self._warehouse_quantity(product), 0, f"no {product.display_name} received")
        self.assertFalse(self.env["stock.lot"].search([("name", "in", lot_names)]))
        return message

    # Refusals: the device and its supplier ------------------------------------

    def test_acceptance_keeps_the_label_expiry_date(self):
        # Expiry on the label 2029-03-31 is stored as Shanghai midnight, 16:00 UTC the day before.
        self.receiver.tz = "Asia/Shanghai"
        picking = self._receipt(self.syringe, [("TZ-LOT-1", 5, 400)])
        picking.move_line_ids.expiration_date = datetime(2029, 3, 30, 16, 0)
        acceptance = self._validate(picking).md_acceptance_ids
        self.assertEqual(acceptance.line_ids.expiry_date, date(2029, 3, 31))

    def test_lot_made_after_its_certificate_expired(self):
        self.cert_syringe.write({"expiry_date": self.production_date - timedelta(days=1)})
        picking = self._receipt(self.syringe, [("CX1", 10, 400)])
        self.assertNotReceived(
            picking, f"Test Syringe 5 ml lot CX1 was produced on {self.production_date}, when no certificate "
                     f"of the device was in force")

    def test_certificate_revoked(self):
        self.cert_syringe._md_revoke("Registration cancelled by the provincial authority")
        picking = self._receipt(self.syringe, [("CR1", 10, 400)])
        self.assertNotReceived(
            picking, "The certificate 苏械注准20172141234 that covered Test Syringe 5 ml lot CR1 was revoked: "
                     "Registration cancelled by the provincial authority")

    def test_supplier_not_approved(self):
        self.supplier.md_supplier_approved = False
        picking = self._receipt(self.syringe, [("NA1", 10, 400)])
        self.assertNotReceived(picking, "Supplier Test Supplier Co. is not approved by QA.")

    def test_supplier_licence_lapsed(self):
        self.supplier_distribution.write({"issue_date": self.today - timedelta(days=2000),
                                          "expiry_date": self.today - timedelta(days=3)})
        picking = self._receipt(self.syringe, [("LL1", 10, 400)])
        self.assertNotReceived(picking, "Supplier Test Supplier Co. may not trade Test Syringe 5 ml",
                               "the licences covering it have lapsed", "沪食药监械经营许20200001号")

    # Refusals: the lots -------------------------------------------------------

    def test_supplier_missing(self):
        picking = self._receipt(self.syringe, [("NOSUP", 5, 400)])
        picking.partner_id = False
        self.assertNotReceived(picking, "Name the supplier on the receipt.")

    def test_warehouse_without_gsp_zones(self):
        self.warehouse.write({"md_quarantine_location_id": False, "md_nonconforming_location_id": False})
        picking = self._receipt(self.syringe, [("NOZONE", 5, 400)])
        self.assertEqual(picking.move_ids.location_dest_id, self.stock, "no quarantine to redirect to")
        self.assertNotReceived(picking, "GSP Test Warehouse has no GSP zones: create them first")

    def test_lot_without_expiry_date(self):
        picking = self._receipt(self.syringe, [("NOEXP", 10, None)])
        # Odoo proposes an expiry from the product; the receiver cleared it.
        picking.move_line_ids.with_user(self.receiver).expiration_date = False
        self.assertNotReceived(picking, "Test Syringe 5 ml lot NOEXP has no expiry date.")

    def test_lot_expired(self):
        picking = self._receipt(self.syringe, [("OLD", 10, -2)])
        expired_on = picking.move_line_ids.expiration_date.date()
        self.assertNotReceived(picking, f"Test Syringe 5 ml lot OLD expired on {expired_on}.")

    def test_shelf_life_below_minimum(self):
        self.assertEqual(self.syringe.md_receipt_min_shelf_life_days, 180)
        picking = self._receipt(self.syringe, [("SHORT", 10, 100)])
        self._set_expiry(picking, "SHORT", 179)
        self.assertNotReceived(
            picking, "Test Syringe 5 ml lot SHORT has 179 days of shelf life left; at least 180 are required.")

    def test_shelf_life_exactly_at_minimum_accepted(self):
        picking = self._receipt(self.syringe, [("EDGE", 10, 100)])
        self._set_expiry(picking, "EDGE", 180)
        self._validate(picking)
        lot = picking.move_line_ids.lot_id
        self.assertEqual(lot.name, "EDGE")
        self.assertEqual(self._quants(lot, self.quarantine), 10)
        self.assertEqual(len(picking.md_acceptance_ids), 1)

    def test_shelf_life_minimum_is_per_product(self):
        self.syringe.md_receipt_min_shelf_life_days = 30
        picking = self._receipt(self.syringe, [("THIRTY", 10, 100)])
        self._set_expiry(picking, "THIRTY", 29)
        self.assertNotReceived(picking, "has 29 days of shelf life left; at least 30 are required.")
        self._set_expiry(picking, "THIRTY", 30)
        self._validate(picking)
        self.assertEqual(picking.move_line_ids.lot_id.md_quality_state, "quarantine")

    def test_cold_chain_needs_arrival_temperature_and_record(self):
        self.syringe.md_storage_condition = "cold_chain"
        picking = self._receipt(self.syringe, [("COLD1", 10, 400)])
        self.assertTrue(picking.md_cold_chain)
        message = self.assertNotReceived(
            picking, "Cold-chain devices: record the arrival temperature and when it was taken.",
            "Cold-chain devices: attach the in-transit temperature record or import the transport "
            "logger's readings.")
        self.assertEqual(message.count("•"), 2, message)

        # The time alone is not enough: the record is still missing.
        picking.with_user(self.receiver).write({"md_cc_arrival_time": self.now, "md_cc_arrival_temperature": 5.5})
        message = self.assertNotReceived(
            picking, "Cold-chain devices: attach the in-transit temperature record or import the transport "
                     "logger's readings.")
        self.assertNotIn("record the arrival temperature", message)

        picking.with_user(self.receiver).write({
            "md_cc_transport_mode": "vehicle", "md_cc_vehicle": "沪A-12345",
            "md_cc_record": base64.b64encode(b"time;temp\n08:00;4.1\n12:00;5.5\n"),
            "md_cc_record_name": "logger-COLD1.csv"})
        self._validate(picking)
        acceptance = picking.md_acceptance_ids
        self.assertEqual(len(acceptance), 1)
        self.assertTrue(acceptance.cold_chain)
        self.assertEqual(acceptance.arrival_temperature, 5.5)
        self.assertEqual(acceptance.arrival_time, self.now)
        self.assertEqual(acceptance.transit_record_name, "logger-COLD1.csv")
        self.assertEqual(acceptance.transport_mode, "Refrigerated Vehicle")
        self.assertEqual(acceptance.transport_vehicle, "沪A-12345")
        self.assertTrue(acceptance.line_ids.cold_chain)
        self.assertEqual(acceptance.line_ids.arrival_temperature, 5.5)

    def test_several_problems_in_one_error(self):
        self.supplier.md_supplier_approved = False
        picking = self._receipt(self.syringe, [("M-OLD", 5, -1), ("M-NOEXP", 5, None), ("M-SHORT", 5, 100),
                                               ("M-GOOD", 5, 400)])
        picking.move_line_ids.filtered(lambda ml: ml.lot_name == "M-NOEXP").expiration_date = False
        message = self.assertNotReceived(
            picking, "Supplier Test Supplier Co. is not approved by QA.", "lot M-OLD expired on",
            "lot M-NOEXP has no expiry date.", "lot M-SHORT has", "at least 180 are required.")
        self.assertEqual(message.count("•"), 4, message)
        self.assertNotIn("M-GOOD", message)

    # Received -----------------------------------------------------------------

    def test_received_into_quarantine_with_acceptance(self):
        self.syringe.default_code = "SY-5ML"
        contract_maker = self.env["res.partner"].create({"name": "Contract Maker Ltd.", "is_company": True})
        Licence = self.env["md.licence"]
        Licence.create({"partner_id": self.maker.id, "licence_type": "production_licence",
                        "name": "苏食药监械生产许20150001号", "issue_date": self.today - timedelta(days=500),
                        "expiry_date": self.today + timedelta(days=1000)})
        Licence.create({"partner_id": contract_maker.id, "licence_type": "production_licence",
                        "name": "浙食药监械生产许20180002号", "issue_date": self.today - timedelta(days=500),
                        "expiry_date": self.today + timedelta(days=1000)})
        self.cert_syringe.manufacturer_id = contract_maker
        picking = self._receipt(self.syringe, [("HP-A", 12, 400), ("HP-B", 8, 600)])
        produced = self.today - timedelta(days=30)
        picking.move_line_ids.filtered(lambda ml: ml.lot_name == "HP-A").md_production_date = produced
        self.assertEqual(picking.location_dest_id, self.stock)
        self._validate(picking)

        self.assertEqual(picking.md_validated_by, self.receiver)
        lots = {lot.name: lot for lot in picking.move_line_ids.lot_id}
        self.assertEqual(set(lots), {"HP-A", "HP-B"})
        for name, qty in (("HP-A", 12), ("HP-B", 8)):
            self.assertEqual(lots[name].md_quality_state, "quarantine")
            self.assertEqual(self._quants(lots[name], self.quarantine), qty)
            self.assertEqual(self._quants(lots[name], self.stock), 0)
        self.assertEqual(picking.move_ids.location_dest_id, self.quarantine)

        acceptance = picking.md_acceptance_ids
        self.assertEqual(len(acceptance), 1)
        self.assertEqual(acceptance.state, "draft")
        self.assertEqual(picking.md_acceptance_state, "draft")
        self.assertNotEqual(acceptance.name, "/")
        self.assertEqual(acceptance.partner_id, self.supplier)
        self.assertEqual(acceptance.receiver_id, self.receiver)
        self.assertEqual(acceptance.receipt_date, picking.date_done)
        self.assertFalse(acceptance.purchase_id)
        self.assertFalse(acceptance.purchase_date)
        self.assertFalse(acceptance.inspector_id)
        self.assertEqual(acceptance.qty_received, 20)
        self.assertEqual(len(acceptance.line_ids), 2)
        line = acceptance.line_ids.filtered(lambda l: l.lot_id == lots["HP-A"])
        self.assertRecordValues(line, [{
            "product_id": self.syringe.id,
            "model_spec": "SY-5ML",
            "certificate_number": "苏械注准20172141234",
            "registrant": "Test Maker Co.",
            "registrant_licence": "苏食药监械生产许20150001号",
            "manufacturer": "Contract Maker Ltd.",
            "manufacturer_licence": "浙食药监械生产许20180002号",
            "production_date": produced,
            "expiry_date": lots["HP-A"].expiration_date.date(),
            "qty_received": 12,
            "qty_accepted": 0,
            "qty_rejected": 0,
            "uom_id": self.syringe.uom_id.id,
            "location_id": self.quarantine.id,
            "cold_chain": False,
            "conclusion": "pending",
        }])
        self.assertEqual(line.expiry_date, (self.now + timedelta(days=400)).date())
        self.assertEqual(acceptance.line_ids.filtered(lambda l: l.lot_id == lots["HP-B"]).qty_received, 8)
        self.assertIn(picking.name, acceptance.message_ids[:1].body)

    def test_maker_without_production_licence(self):
        _picking, acceptance = self._received(self.syringe, [("NL1", 10, 400)])
        self.assertRecordValues(acceptance.line_ids, [{
            "model_spec": "Test Syringe 5 ml", "registrant": "Test Maker Co.", "registrant_licence": False,
            "manufacturer": "Test Maker Co.", "manufacturer_licence": False}])

    def test_received_from_purchase_order(self):
        po = self.env["purchase.order"].with_user(self.buyer).create({
            "partner_id": self.supplier.id,
            "picking_type_id": self.warehouse.in_type_id.id,
            "order_line": [Command.create({"product_id": self.syringe.id, "product_qty": 10, "price_unit": 5})],
        })
        po.with_user(self.buyer).button_confirm()
        picking = po.picking_ids.with_env(self.env)
        move = picking.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].with_user(self.receiver).create({
            "move_id": move.id, "picking_id": picking.id, "product_id": self.syringe.id,
            "product_uom_id": self.syringe.uom_id.id, "quantity": 10, "lot_name": "PO-1",
            "expiration_date": self.now + timedelta(days=500), "md_production_date": self.production_date,
            "location_id": move.location_id.id, "location_dest_id": move.location_dest_id.id, "picked": True})
        self._validate(picking)
        acceptance = picking.md_acceptance_ids
        self.assertEqual(acceptance.purchase_id, po)
        self.assertTrue(po.date_approve)
        self.assertEqual(acceptance.purchase_date, po.date_approve.date())
        self.assertEqual(acceptance.partner_id, self.supplier)
        self.assertEqual(acceptance.receiver_id, self.receiver)
        self.assertEqual(acceptance.line_ids.qty_received, 10)

    def test_non_device_on_same_receipt_not_quarantined(self):
        picking = self._mixed_receipt(self.syringe, [("MX1", 10, 400)], self.gloves, 50)
        self.assertEqual(picking.move_ids.filtered(lambda m: m.product_id == self.gloves).location_dest_id,
                         self.stock)
        self._validate(picking)
        lot = picking.move_line_ids.lot_id
        self.assertEqual(self._quants(lot, self.quarantine), 10)
        self.assertEqual(self.env["stock.quant"]._get_available_quantity(self.gloves, self.stock), 50)
        self.assertEqual(self.env["stock.quant"]._get_available_quantity(self.gloves, self.quarantine), 0)
        acceptance = picking.md_acceptance_ids
        self.assertEqual(acceptance.line_ids.product_id, self.syringe)

    def test_non_device_problem_free_while_device_blocked(self):
        """A refusal names only the device; the untracked non-device line raises nothing of its own."""
        picking = self._mixed_receipt(self.syringe, [("MX2", 10, -1)], self.gloves, 50)
        message = self.assertNotReceived(picking, "Test Syringe 5 ml lot MX2 expired on")
        self.assertEqual(message.count("•"), 1, message)
        self.assertNotIn("Gloves", message)

    def test_non_device_receipt_not_gated(self):
        self.supplier.md_supplier_approved = False
        picking = self.env["stock.picking"].with_user(self.receiver).create({
            "picking_type_id": self.warehouse.in_type_id.id,
            "partner_id": self.supplier.id,
            "location_id": self.supplier_loc.id,
            "location_dest_id": self.stock.id,
            "move_ids": [Command.create({
                "name": self.gloves.name, "product_id": self.gloves.id, "product_uom": self.gloves.uom_id.id,
                "product_uom_qty": 20, "location_id": self.supplier_loc.id, "location_dest_id": self.stock.id,
            })],
        })
        picking.action_confirm()
        picking.move_ids.quantity = 20
        picking.move_ids.picked = True
        self._validate(picking)
        self.assertFalse(picking.md_acceptance_ids)
        self.assertFalse(picking.md_acceptance_state)
        self.assertEqual(self.env["stock.quant"]._get_available_quantity(self.gloves, self.stock), 20)
