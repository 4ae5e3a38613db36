from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallFreezeOnStart(RecallCommon):
    """Starting a recall freezes its lots; the start itself is refused until the decision is complete."""

    def _recall_changes(self, lot):
        return lot.md_quality_line_ids.change_id.filtered(lambda c: c.new_state == "recalled")

    def _internal(self, lot, qty, source, dest, user):
        """An internal transfer of exactly ``qty`` of ``lot``, ready to validate by ``user``."""
        return self._picking(self.warehouse.int_type_id, {lot: qty}, source, dest, user)

    # Freeze -------------------------------------------------------------------

    def test_start_puts_every_lot_on_recalled(self):
        first = self._supplied_lot("FZ-A", 10, days=300)
        second = self._supplied_lot("FZ-B", 6, days=320)
        spare = self._supplied_lot("FZ-GOOD", 10, days=500)
        recall = self._recall(level="2", lot_ids=[first.id, second.id])
        recall.action_compute_scope()
        before = fields.Datetime.now()
        recall.action_start()
        self.assertEqual((recall.state, recall.started_by), ("ongoing", self.coordinator))
        self.assertGreaterEqual(recall.started_on, before)
        self.assertEqual(recall.decision_date, recall.started_on, "an empty decision date is the start")
        self.assertEqual((first.md_quality_state, second.md_quality_state, spare.md_quality_state),
                         ("recalled", "recalled", "released"))
        for lot in (first, second):
            change = self._recall_changes(lot)
            self.assertEqual(len(change), 1)
            self.assertEqual((change.origin, change.new_state, change.state), (recall.name, "recalled", "done"))
            self.assertIn(recall.name, change.reason)
            self.assertEqual(change.line_ids.filtered(lambda l: l.lot_id == lot).old_state, "released")
        self.assertEqual({l.lot_id: l.previous_state for l in recall.scope_lot_ids},
                         {first: "released", second: "released"})
        self.assertEqual({l.lot_id: l.quality_state for l in recall.scope_lot_ids},
                         {first: "recalled", second: "recalled"})
        # The goods stay where they were: the freeze is a status, not a move.
        self.assertEqual((self._quants(first, self.stock), self._quants(second, self.stock)), (10, 6))
        # FEFO would pick the recalled lots first; the new delivery reserves the released one only.
        delivery = self._delivery(self.syringe, 4)
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual([(l.lot_id, l.quantity) for l in delivery.move_line_ids], [(spare, 4)])
        recalled_quants = self.env["stock.quant"].search([("lot_id", "in", (first | second).ids)])
        self.assertEqual(sum(recalled_quants.mapped("reserved_quantity")), 0)
        # Asking for more than the released stock still leaves the recalled lots alone.
        bigger = self._delivery(self.syringe, 20)
        self.assertEqual(set(bigger.move_line_ids.lot_id), {spare})
        self.assertEqual(sum(bigger.move_line_ids.mapped("quantity")), 6)
        self.assertEqual(sum(recalled_quants.mapped("reserved_quantity")), 0)

    def test_open_delivery_is_refused_naming_the_recall(self):
        lot = self._supplied_lot("FZ-OPEN", 10)
        delivery = self._delivery(self.syringe, 3)
        self.assertEqual([(l.lot_id, l.quantity) for l in delivery.move_line_ids], [(lot, 3)])
        recall = self._started(level="1", lot_ids=[lot.id])
        expected = (f"{self.syringe.display_name} {lot.name} is recalled under {recall.name} (Level I) "
                    "and may not be reserved or delivered.")
        review = self._review(delivery)
        self.assertIn(expected, review.problem_ids.mapped("message"))
        with self.assertRaises(UserError) as caught:
            delivery.with_user(self.picker).with_context(skip_backorder=True).button_validate()
        self.assertIn(expected, str(caught.exception))
        self.assertIn("Level I", str(caught.exception))
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual([(l.lot_id, l.quantity, l.state) for l in delivery.move_line_ids],
                         [(lot, 3, "assigned")])
        self.assertEqual((self._quants(lot, self.stock), self._quants(lot, self.customer_loc)), (10, 0))
        self.assertFalse(self.env["stock.move.line"].search([("lot_id", "=", lot.id), ("state", "=", "done"),
                                                             ("location_dest_id", "=", self.customer_loc.id)]))

    def test_scan_of_a_recalled_lot_names_the_recall(self):
        lot = self._supplied_lot("FZ-SCAN", 10)
        other = self._supplied_lot("FZ-SCAN-2", 10, days=500)
        delivery = self._delivery(self.syringe, 3)
        self.assertEqual(delivery.move_line_ids.lot_id, lot)
        recall = self._started(level="1", lot_ids=[lot.id, other.id])
        # The reserved lot and one the picker might take instead: both refused at the scan, naming the recall.
        for recalled in (lot, other):
            expected = (f"{self.syringe.display_name} {recalled.name} is recalled under {recall.name} (Level I) "
                        "and may not be reserved or delivered.")
            with self.subTest(lot=recalled.name), self.assertRaises(UserError) as caught:
                delivery.with_user(self.picker).md_scan_udi(f"(01)06909999000012(10){recalled.name}")
            self.assertIn(expected, str(caught.exception))
        self.assertEqual([(l.lot_id, l.quantity, l.md_scanned_by) for l in delivery.move_line_ids],
                         [(lot, 3, self.env["res.users"])])
        self.assertEqual(sum(self.env["stock.quant"].search([("lot_id", "=", other.id)]).mapped("reserved_quantity")),
                         0)

    def test_recalled_goods_go_to_segregation_and_not_back(self):
        lot = self._supplied_lot("FZ-SEG", 10)
        recall = self._started(lot_ids=[lot.id])
        picking = self._internal(lot, 4, self.stock, self.nonconforming, self.keeper)
        self._validate(picking, user=self.keeper)
        self.env["stock.lot"]._md_move_quantities([(lot, 2, self.stock, self.quarantine)], recall.name)
        self.assertEqual((self._quants(lot, self.stock), self._quants(lot, self.nonconforming),
                          self._quants(lot, self.quarantine)), (4, 4, 2))
        for zone in (self.quarantine, self.nonconforming):
            with self.assertRaises(UserError) as caught:
                self.env["stock.lot"]._md_move_quantities([(lot, 2, zone, self.stock)], "PUT BACK")
            self.assertIn(f"{lot.display_name} is recalled under {recall.name} and cannot be put into "
                          f"{self.stock.display_name}: recalled goods stay segregated", str(caught.exception))
        back = self._internal(lot, 2, self.quarantine, self.stock, self.keeper)
        with self.assertRaisesRegex(UserError, f"recalled under {recall.name}"):
            back.with_user(self.keeper).with_context(skip_backorder=True).button_validate()
        self.assertNotEqual(back.state, "done")
        self.assertEqual((self._quants(lot, self.stock), self._quants(lot, self.nonconforming),
                          self._quants(lot, self.quarantine)), (4, 4, 2))
        self.assertEqual(lot.md_quality_state, "recalled")

    def test_lot_recalled_twice(self):
        lot = self._supplied_lot("FZ-TWICE", 5)
        first = self._started(lot_ids=[lot.id])
        second = self._started(level="1", lot_ids=[lot.id])
        self.assertEqual((first.state, second.state, lot.md_quality_state), ("ongoing", "ongoing", "recalled"))
        changes = self._recall_changes(lot)
        self.assertEqual(changes.mapped("origin"), [first.name], "the lot was recalled once, by the first recall")
        self.assertEqual(lot._md_active_recalls(), first | second)
        problems = self.env["stock.lot"]._md_delivery_problems(self.syringe, lot)
        self.assertEqual(len(problems), 1)
        self.assertIn(f"{first.name} (Level II)", problems[0][1])
        self.assertIn(f"{second.name} (Level I)", problems[0][1])

    # Refusals -----------------------------------------------------------------

    def _assert_untouched(self, recall, lot):
        self.assertEqual((recall.state, recall.started_on, recall.started_by.id), ("draft", False, False))
        self.assertFalse(recall.notice_ids or recall.activity_ids)
        self.assertEqual(lot.md_quality_state, "released")
        self.assertFalse(self._recall_changes(lot))
        self.assertFalse(recall.scope_lot_ids.filtered("previous_state"))

    def test_start_refusals_change_nothing(self):
        lot = self._supplied_lot("FZ-REF", 5)
        self._deliver({lot: 2}, partner=self.hospital)
        unscoped = self._recall(lot_ids=[lot.id])
        no_hazard = self._recall(lot_ids=[lot.id], hazard_assessment="  ")
        future = self._recall(lot_ids=[lot.id], decision_date=fields.Datetime.now() + timedelta(days=2))
        for recall in (no_hazard, future):
            recall.action_compute_scope()
        cases = [(unscoped, "Compute the scope first."),
                 (no_hazard, "Record the hazard assessment that justifies the level."),
                 (future, "The decision date lies in the future.")]
        for recall, problem in cases:
            with self.assertRaises(UserError) as caught:
                recall.action_start()
            self.assertEqual(str(caught.exception), f"{recall.name} cannot start:\n• {problem}")
            self._assert_untouched(recall, lot)
        self.assertEqual(future.decision_date.date(), (fields.Datetime.now() + timedelta(days=2)).date())

        ready = self._recall(lot_ids=[lot.id])
        ready.action_compute_scope()
        with self.assertRaisesRegex(AccessError, "Only recall coordinators run recalls."):
            ready.with_user(self.keeper).action_start()
        self._assert_untouched(ready, lot)

        ready.action_start()
        notices, activities = ready.notice_ids.ids, ready.activity_ids.ids
        with self.assertRaises(UserError) as caught:
            ready.action_start()
        self.assertEqual(str(caught.exception), f"{ready.name} cannot start:\n• {ready.name} has already started.")
        self.assertEqual((ready.notice_ids.ids, ready.activity_ids.ids), (notices, activities))
        self.assertEqual(len(self._recall_changes(lot)), 1)

    def test_started_recall_is_on_record(self):
        lot = self._supplied_lot("FZ-LOCK", 5)
        other = self._supplied_lot("FZ-LOCK-2", 5)
        recall = self._started(lot_ids=[lot.id])
        decided = recall.decision_date
        for values in ({"level": "1"}, {"reason": "Something else"}, {"lot_ids": [Command.link(other.id)]},
                       {"decision_date": decided - timedelta(days=1)}, {"product_ids": [Command.set([])]}):
            with self.assertRaises(UserError) as caught:
                recall.write(values)
            self.assertEqual(str(caught.exception), f"{recall.name} has started: its decision and scope are on "
                                                    "record and can no longer be changed. Start a new recall "
                                                    "that names this one to widen it.")
        recall.invalidate_recordset()
        self.assertEqual((recall.level, recall.reason, recall.lot_ids, recall.decision_date),
                         ("2", "Balloon may not deflate", lot, decided))
        # What is not part of the decision can still be written.
        recall.action_plan = "Call every consignee"
        self.assertEqual(recall.action_plan, "Call every consignee")
        with self.assertRaises(UserError) as caught:
            recall.unlink()
        self.assertEqual(str(caught.exception),
                         "Only draft recalls can be deleted; a started recall stays on record.")
        self.assertTrue(recall.exists())
        with self.assertRaises(UserError) as caught:
            recall.action_cancel()
        self.assertEqual(str(caught.exception), f"{recall.name} has started and is closed, not cancelled.")
        self.assertEqual(recall.state, "ongoing")

        draft = self._recall(lot_ids=[other.id])
        draft.write({"level": "3", "lot_ids": [Command.link(lot.id)]})
        self.assertEqual((draft.level, draft.lot_ids), ("3", lot | other))
        with self.assertRaises(AccessError):
            draft.with_user(self.keeper).action_cancel()
        self.assertEqual(draft.state, "draft")
        draft.action_cancel()
        self.assertEqual(draft.state, "cancel")
        deletable = self._recall(lot_ids=[other.id])
        deletable.action_compute_scope()
        scope_lines = deletable.scope_lot_ids
        deletable.unlink()
        self.assertFalse(deletable.exists() or scope_lines.exists())
        self.assertEqual(other.md_quality_state, "released")

    def test_recalled_lot_is_not_delivered_without_a_picking(self):
        lot = self._supplied_lot("FZ-NOPICK", 6)
        recall = self._started(level="1", lot_ids=[lot.id])
        expected = (f"{self.syringe.display_name} {lot.name} is recalled under {recall.name} (Level I) "
                    "and may not be reserved or delivered.")
        with self.assertRaises(UserError) as caught:
            self.env["stock.lot"]._md_move_quantities([(lot, 2, self.stock, self.customer_loc)], "DIRECT")
        self.assertIn(expected, str(caught.exception))
        # A bare move to the customer, as any other module could make it, meets the same guard.
        move = self.env["stock.move"].create({
            "name": "Direct delivery", "product_id": self.syringe.id, "product_uom": self.syringe.uom_id.id,
            "product_uom_qty": 2, "location_id": self.stock.id, "location_dest_id": self.customer_loc.id,
            "partner_id": self.hospital.id})
        move._action_confirm()
        self.assertFalse(move.move_line_ids, "nothing of the recalled lot is reserved")
        self.env["stock.move.line"].create({
            "move_id": move.id, "product_id": self.syringe.id, "product_uom_id": self.syringe.uom_id.id,
            "quantity": 2, "lot_id": lot.id, "location_id": self.stock.id,
            "location_dest_id": self.customer_loc.id, "picked": True})
        with self.assertRaises(UserError) as caught:
            move._action_done()
        self.assertIn(expected, str(caught.exception))
        self.assertNotEqual(move.state, "done")
        self.assertEqual((self._quants(lot, self.stock), self._quants(lot, self.customer_loc)), (6, 0))
        self.assertFalse(self.env["stock.move.line"].search([("lot_id", "=", lot.id), ("state", "=", "done"),
                                                             ("location_dest_id", "=", self.customer_loc.id)]))
