from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.tour import MdTourCase

from .env_common import MINUTE, EnvCommon


@tagged("post_install", "-at_install")
class TestGspTours(EnvCommon, MdTourCase):
    """The GSP journeys, clicked through in the web client by the role that does each of them."""

    def _signatures(self, record):
        return self.env["md.signature"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def test_receiver_scans_udis_into_a_receipt(self):
        picking = self._confirmed_receipt([(self.stent, 2), (self.syringe, 10)])
        self.assertFalse(picking.move_line_ids.filtered("lot_name"))

        self.md_tour(f"/odoo/action-stock.action_picking_tree_all/{picking.id}", "md_gsp_receipt_udi_scan",
                     user=self.receiver, screenshot="receipt_udi_scan")

        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.md_validated_by, self.receiver)
        lots = picking.move_line_ids.lot_id
        self.assertEqual(sorted(lots.mapped("name")), ["TR-LOT-7", "TR-SN-001", "TR-SN-002"])
        expiry = {lot.name: (lot.expiration_date, lot.md_production_date) for lot in lots}
        self.assertEqual(expiry["TR-SN-001"], (datetime(2029, 1, 31), datetime(2026, 1, 5).date()))
        self.assertEqual(expiry["TR-SN-002"], (datetime(2029, 1, 31), datetime(2026, 1, 5).date()))
        self.assertEqual(expiry["TR-LOT-7"], (datetime(2029, 6, 30), datetime(2026, 6, 10).date()))
        self.assertEqual(set(lots.mapped("md_quality_state")), {"quarantine"})
        self.assertEqual(set(picking.move_line_ids.mapped("md_udi")), {
            "(01)06909999000029(11)260105(17)290131(21)TR-SN-001",
            "(01)06909999000029(11)260105(17)290131(21)TR-SN-002",
            "(01)06909999000012(11)260610(17)290630(10)TR-LOT-7"})
        # Everything waits in quarantine; nothing is available in the released stock.
        for lot, qty in zip(lots.sorted("name"), (10, 1, 1)):
            self.assertEqual((self._quants(lot, self.quarantine), self._quants(lot, self.stock)), (qty, 0), lot.name)
        acceptance = picking.md_acceptance_ids
        self.assertEqual(len(acceptance), 1)
        self.assertRecordValues(acceptance, [{"state": "draft", "receiver_id": self.receiver.id,
                                              "partner_id": self.supplier.id}])
        self.assertEqual({(line.lot_id.name, line.qty_received) for line in acceptance.line_ids},
                         {("TR-SN-001", 1), ("TR-SN-002", 1), ("TR-LOT-7", 10)})

    def test_picker_scans_the_lot_picked_on_a_delivery(self):
        lot_a = self._stock_lot(self.syringe, "TR-OUT-A", 5, days=300)
        lot_b = self._stock_lot(self.syringe, "TR-OUT-B", 5, days=500)
        delivery = self._delivery(self.syringe, 3)
        self.assertEqual(delivery.move_line_ids.lot_id, lot_a)

        self.md_tour(f"/odoo/action-stock.action_picking_tree_all/{delivery.id}", "md_gsp_delivery_udi_scan",
                     user=self.picker, screenshot="delivery_udi_scan")

        line = delivery.move_line_ids
        self.assertRecordValues(line, [{"lot_id": lot_b.id, "quantity": 3, "md_scanned_by": self.picker.id,
                                        "md_scan_code": "(01)06909999000012(10)TR-OUT-B"}])
        reserved = {lot: sum(self.env["stock.quant"].search([("lot_id", "=", lot.id)]).mapped("reserved_quantity"))
                    for lot in (lot_a, lot_b)}
        self.assertEqual(reserved, {lot_a: 0, lot_b: 3})

    def test_inspector_fills_and_signs_an_acceptance(self):
        picking, acceptance = self._received(self.syringe, [("TR-ACC-1", 6, 400)])
        lot = acceptance.line_ids.lot_id
        self.assertEqual((lot.md_quality_state, self._quants(lot, self.quarantine)), ("quarantine", 6))

        self.md_tour(f"/odoo/action-medical_device_gsp.md_acceptance_action/{acceptance.id}",
                     "md_gsp_acceptance_signing", user=self.inspector, screenshot="acceptance_signing")

        self.assertRecordValues(acceptance.line_ids, [{
            "qty_accepted": 5, "qty_rejected": 1, "packaging_check": "fail", "label_check": "pass",
            "delivery_note_check": "pass", "conclusion": "partial", "reason": "One blister torn open, unit rejected"}])
        signature = self._signatures(acceptance)
        self.assertRecordValues(signature, [{"meaning": "accepted", "signer_id": self.inspector.id,
                                             "signer_name": "Ivy Inspector"}])
        self.assertRecordValues(acceptance, [{"state": "accepted", "md_signed": True,
                                              "inspector_id": self.inspector.id}])
        self.assertEqual(acceptance.accepted_on, signature.signed_at)
        self.assertEqual(picking.md_acceptance_state, "accepted")
        # The accepted units are released to stock, the rejected one is segregated.
        self.assertEqual(lot.md_quality_state, "released")
        self.assertEqual(self._quants(lot, self.stock), 5)
        self.assertEqual(self._quants(lot, self.nonconforming), 1)
        self.assertEqual(self._quants(lot, self.quarantine), 0)

    def test_picker_sees_the_delivery_of_a_quarantined_lot_refused(self):
        _picking, acceptance = self._received(self.syringe, [("TR-QUA-1", 5, 400)])
        lot = acceptance.line_ids.lot_id
        delivery = self._delivery(self.syringe, 2)
        # Odoo reserves released stock only: the lot is put on the delivery by hand.
        self.assertFalse(delivery.move_line_ids)
        self.env["stock.move.line"].with_user(self.picker).create({
            "move_id": delivery.move_ids.id, "picking_id": delivery.id, "product_id": self.syringe.id,
            "product_uom_id": self.syringe.uom_id.id, "quantity": 2, "lot_id": lot.id, "picked": True,
            "location_id": self.quarantine.id, "location_dest_id": self.customer_loc.id})
        self.assertEqual(delivery.state, "assigned")

        self.md_tour(f"/odoo/action-stock.action_picking_tree_all/{delivery.id}", "md_gsp_delivery_refused",
                     user=self.picker, screenshot="delivery_refused")

        self.assertEqual(delivery.state, "assigned")
        self.assertEqual(self._quants(lot, self.quarantine), 5)
        self.assertEqual(self._quants(lot, self.customer_loc), 0)
        self.assertEqual(lot.md_quality_state, "quarantine")
        review = delivery.md_review_ids
        self.assertEqual(len(review), 1)
        self.assertEqual(review.state, "draft")
        self.assertFalse(self._signatures(review))
        self.assertEqual(review.problem_ids.filtered(lambda p: p.lot_id == lot).mapped("code"), ["lot_state"])

    def test_keeper_records_a_maintenance_check(self):
        self.company.md_storage_keeper_id = self.keeper
        lot_a = self._stock_lot(self.syringe, "TR-MNT-A", 10)
        lot_b = self._stock_lot(self.stent, "TR-MNT-B", 1)
        plan = self.env["md.maintenance.plan"].create({
            "name": "Main stock, monthly", "location_id": self.stock.id, "interval_days": 30,
            "next_date": self.today, "user_id": self.keeper.id})
        plan.action_generate_check()
        check = plan.check_ids
        self.assertEqual(check.line_ids.lot_id, lot_a | lot_b)

        self.md_tour(f"/odoo/action-medical_device_gsp.md_maintenance_check_action/{check.id}",
                     "md_gsp_maintenance_check", user=self.keeper, screenshot="maintenance_check")

        self.assertRecordValues(check, [{"state": "done", "done_by": self.keeper.id, "fail_count": 1,
                                         "todo_count": 0}])
        self.assertTrue(check.done_on)
        line_a = check.line_ids.filtered(lambda line: line.lot_id == lot_a)
        line_b = check.line_ids.filtered(lambda line: line.lot_id == lot_b)
        self.assertRecordValues(line_a, [{"appearance": "pass", "packaging": "pass", "label": "pass",
                                          "expiry": "pass", "storage_condition": "pass", "result": "pass"}])
        self.assertRecordValues(line_b, [{"appearance": "pass", "packaging": "fail", "label": "pass",
                                          "expiry": "pass", "storage_condition": "pass", "result": "fail",
                                          "finding": "Outer carton wet and torn"}])
        self.assertEqual(lot_a.md_quality_state, "released")
        self.assertEqual(lot_b.md_quality_state, "hold")
        self.assertFalse(check.activity_ids)

    def test_qa_evaluates_an_excursion(self):
        lot_a, lot_b = self._lot(self.reagent, "TR-EXC-A"), self._lot(self.reagent, "TR-EXC-B")
        self._put(lot_a, 10, self.cold_room, date=self.t0 - timedelta(days=2))
        self._put(lot_b, 6, self.cold_room, date=self.t0 + 10 * MINUTE)
        self._feed(self.sensor, self.t0, [5.0] + [12.0] * 20 + [5.0])
        excursion = self._excursions(self.sensor)
        self.assertRecordValues(excursion, [{"state": "to_evaluate", "temp_max_seen": 12.0}])
        self.assertEqual((lot_a | lot_b).mapped("md_quality_state"), ["hold", "hold"])
        # The form saves the decisions through the excursion; the lots themselves stay as detected.
        qa_excursion = excursion.with_user(self.qa_user)
        with self.assertRaisesRegex(UserError, "cannot be edited"):
            qa_excursion.write({"lot_ids": [Command.create({"lot_id": lot_a.id, "quantity": 1})]})
        with self.assertRaisesRegex(UserError, "Only the decision and note"):
            qa_excursion.write({"lot_ids": [Command.update(excursion.lot_ids[0].id, {"quantity": 1})]})

        self.md_tour(f"/odoo/action-medical_device_gsp.md_excursion_action/{excursion.id}",
                     "md_gsp_excursion_evaluation", user=self.qa_user, screenshot="excursion_evaluation")

        signature = self._signatures(excursion)
        self.assertRecordValues(signature, [{"meaning": "approved", "signer_id": self.qa_user.id}])
        self.assertRecordValues(excursion, [{"state": "done", "md_signed": True, "evaluated_by": self.qa_user.id}])
        self.assertIn("lot B arrived during the excursion, rejected", excursion.evaluation)
        self.assertEqual(excursion.stability_data, "Maker's statement MS-2026-01: 48 h at up to 25 °C")
        decisions = {line.lot_id: (line.decision, line.note) for line in excursion.lot_ids}
        self.assertEqual(decisions, {lot_a: ("release", "Inside the 48 h allowance"), lot_b: ("reject", False)})
        self.assertEqual(lot_a.md_quality_state, "released")
        self.assertEqual(lot_b.md_quality_state, "rejected")
        self.assertEqual(self._quants(lot_a, self.cold_room), 10)
        self.assertEqual(self._quants(lot_b, self.cold_room), 0)
        self.assertEqual(self._quants(lot_b, self.nonconforming), 6)
