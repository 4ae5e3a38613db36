from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.medical_device_base.tests.rpc import RpcCallMixin

from .common import ScannerCommon, ScannerTourCase, label

SYRINGE = "06909999000012"
STENT = "06909999000029"
VALVE = "06909999000043"
REASON = "Three syringes were picked for order SO-17 without a scan; the picker confirmed it."


class CountCommon(ScannerCommon):
    """Two shelves of the warehouse's stock: syringes and stents on A, valves on B; a third shelf empty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Location = cls.env["stock.location"]
        cls.shelf_a = Location.create({"name": "Shelf A", "location_id": cls.stock.id, "barcode": "CNT-A"})
        cls.shelf_b = Location.create({"name": "Shelf B", "location_id": cls.stock.id, "barcode": "CNT-B"})
        cls.shelf_x = Location.create({"name": "Shelf X", "location_id": cls.stock.id, "barcode": "CNT-X"})
        # Class III but neither implantable nor serial-tracked.
        cls.valve = cls._device("Test Valve Sizer", "3", "13-06", cls.cert_stent, "lot", VALVE)
        cls.stent.standard_price = 5000
        cls.valve.standard_price = 500
        cls.sy_a = cls._stock_lot(cls.syringe, "SY-A", 10, location=cls.shelf_a)
        cls.st_1 = cls._stock_lot(cls.stent, "ST-1", 1, location=cls.shelf_a)
        cls.st_2 = cls._stock_lot(cls.stent, "ST-2", 1, location=cls.shelf_a)
        cls.va_1 = cls._stock_lot(cls.valve, "VA-1", 5, location=cls.shelf_b)
        cls.va_soon = cls._stock_lot(cls.valve, "VA-SOON", 3, days=30, location=cls.shelf_b)

    @classmethod
    def _plan(cls, **values):
        return cls.env["md.count.plan"].create(dict({
            "name": "Test count plan", "warehouse_id": cls.warehouse.id, "location_ids": [Command.set(cls.stock.ids)],
            "interval_days": 30, "next_date": cls.today}, **values))

    def _count_scans(self, count, codes, user):
        """Scan ``codes`` in order as ``user``, carrying the screen's parameters (the location) along."""
        params, results = {}, []
        for code in codes:
            result = self._scan("count", count, code, params, user=user)
            params = result["params"]
            results.append(result)
        return results

    def _action(self, count, action, user):
        return self.env["md.scanner"].with_user(user).md_action("count", count.id, action)

    def _lines(self, count):
        return {(line.location_id.name, line.lot_id.name): (line.expected, line.counted, line.recounted,
                                                            line.variance, line.above_threshold)
                for line in count.line_ids}


@tagged("post_install", "-at_install")
class TestCount(CountCommon):
    """Plans pick stock by risk; counts are recounted by someone else and approved by QA above the threshold."""

    def _selected(self, plan):
        return sorted(lot.name for _product, lot, _location, _qty in plan._md_select_stock())

    def test_plans_select_stock_by_each_criterion(self):
        plan = self._plan()
        everything = ["SY-A", "ST-1", "ST-2", "VA-1", "VA-SOON"]
        self.assertEqual(self._selected(plan), sorted(everything))
        cases = [
            ({"crit_class_3": True}, ["ST-1", "ST-2", "VA-1", "VA-SOON"]),
            ({"crit_implantable": True}, ["ST-1", "ST-2"]),
            ({"crit_high_value": True, "high_value_amount": 1000}, ["ST-1", "ST-2"]),
            ({"crit_high_value": True, "high_value_amount": 100}, ["ST-1", "ST-2", "VA-1", "VA-SOON"]),
            ({"crit_near_expiry": True, "near_expiry_days": 90}, ["VA-SOON"]),
            # Criteria add up: a lot meeting any of them is counted.
            ({"crit_implantable": True, "crit_near_expiry": True, "near_expiry_days": 90},
             ["ST-1", "ST-2", "VA-SOON"]),
            # The scope: shelf B only.
            ({"location_ids": [Command.set(self.shelf_b.ids)]}, ["VA-1", "VA-SOON"]),
        ]
        for values, expected in cases:
            with self.subTest(values=values):
                self.assertEqual(self._selected(self._plan(**values)), sorted(expected))
        # Slow movers: syringes were delivered last week, stents and valves not for 90 days.
        sy_out = self._stock_lot(self.syringe, "SY-OUT", 2)
        delivery = self._deliver({sy_out: 1})
        slow = self._plan(crit_slow_moving=True, slow_moving_days=90)
        self.assertEqual(self._selected(slow), sorted(["ST-1", "ST-2", "VA-1", "VA-SOON"]))
        # A delivery older than the plan's days does not make a mover.
        delivery.move_line_ids.date = self.now - timedelta(days=91)
        self.assertEqual(self._selected(slow), sorted(everything + ["SY-OUT"]))

    def test_cron_and_button_create_counts_of_due_plans(self):
        due = self._plan(crit_implantable=True, location_ids=[Command.set(self.shelf_a.ids)], threshold_qty=2)
        later = self._plan(next_date=self.today + timedelta(days=3))
        archived = self._plan(active=False)
        self.env["md.count.plan"]._cron_md_create_counts()
        self.assertEqual(len(due.count_ids), 1)
        self.assertFalse(later.count_ids | archived.with_context(active_test=False).count_ids)
        self.assertEqual(due.next_date, self.today + timedelta(days=30))
        count = due.count_ids
        self.assertRecordValues(count, [{"state": "draft", "threshold_qty": 2, "location_ids": self.shelf_a.ids}])
        self.assertEqual(sorted(count.line_ids.lot_id.mapped("name")), ["ST-1", "ST-2"])
        # The button does the same at once; a plan that selects nothing says so.
        action = later.action_create_count()
        self.assertEqual(action["res_id"], later.count_ids.id)
        empty = self._plan(location_ids=[Command.set(self.shelf_x.ids)])
        with self.assertRaisesRegex(UserError, "selects no device stock today"):
            empty.action_create_count()

    def test_variance_above_threshold_is_recounted_by_another_then_approved_by_qa(self):
        count = self._plan(location_ids=[Command.set(self.shelf_a.ids)], threshold_qty=1)._md_create_count()
        self._action(count, "start", self.picker)
        self.assertRecordValues(count, [{"state": "counting", "counted_by": self.picker.id}])
        box_of_seven = label(SYRINGE, lot="SY-A") + "(30)7"
        results = self._count_scans(count, [
            box_of_seven,
            "CNT-A", box_of_seven, label(STENT, serial="ST-1"), label(STENT, serial="ST-1"),
            label(VALVE, lot="VA-1"), "CNT-X", "NOT-A-CODE", label(SYRINGE, lot="SY-NOWHERE"),
        ], self.picker)
        self.assertEqual([r["ok"] for r in results], [False, True, True, True, False, True, False, False, False])
        messages = [" ".join([r["message"]] + r["problems"]) for r in results]
        self.assertIn("Scan the barcode of a location of the count first.", messages[0])
        self.assertIn("Serial number ST-1 of Test Stent 3.0x18 is already counted.", messages[4])
        self.assertIn("Shelf X is not in the scope of", messages[6])
        self.assertIn("Lot SY-NOWHERE of Test Syringe 5 ml is not in the records", messages[8])
        # Blind count: the screen shows what was scanned, not what the records expect.
        self.assertEqual({(l["subtitle"], l["qty"], l["expected"]) for l in results[5]["screen"]["lines"]},
                         {("SY-A · GTW/Stock/Shelf A", 7, None), ("ST-1 · GTW/Stock/Shelf A", 1, None),
                          ("ST-2 · GTW/Stock/Shelf A", 0, None), ("VA-1 · GTW/Stock/Shelf A", 1, None)})
        self.assertEqual(self._lines(count), {
            ("Shelf A", "SY-A"): (10, 7, 0, -3, True),
            ("Shelf A", "ST-1"): (1, 1, 0, 0, False),
            ("Shelf A", "ST-2"): (1, 0, 0, -1, False),
            # Found where the records have none: a new line, nothing expected there.
            ("Shelf A", "VA-1"): (0, 1, 0, 1, False),
        })
        self._action(count, "finish", self.picker)
        self.assertEqual(count.state, "recount")
        self.assertEqual(count.line_ids.filtered("recount_required").lot_id, self.sy_a)

        # The first counter may not recount; someone else does.
        refused = self._count_scans(count, ["CNT-A", box_of_seven], self.picker)[-1]
        self.assertFalse(refused["ok"])
        self.assertIn("The recount must be made by someone other than the first counter", refused["problems"][0])
        recount = self._count_scans(count, ["CNT-A", label(SYRINGE, lot="SY-A") + "(30)8"], self.keeper)
        self.assertTrue(all(r["ok"] for r in recount), recount)
        self.assertEqual(count.recounted_by, self.keeper)
        self.assertEqual([(l["title"], l["qty"]) for l in recount[-1]["screen"]["lines"]],
                         [(self.syringe.display_name, 8)])
        with self.assertRaisesRegex(UserError, "Only Kai Keeper, who recounts"):
            count.with_user(self.picker).action_finish_recount()
        self._action(count, "finish_recount", self.keeper)
        self.assertRecordValues(count, [{"state": "to_approve", "approval_required": True}])
        self.assertEqual(self._lines(count)[("Shelf A", "SY-A")], (10, 7, 8, -2, True))

        # No adjustment before QA's signed approval, whoever asks.
        for user in (self.keeper, self.picker, self.qa_user):
            with self.assertRaisesRegex(UserError, "need QA's signed approval"):
                count.with_user(user).action_apply()
        self.assertEqual(self._quants(self.sy_a, self.shelf_a), 10)
        with self.assertRaises(AccessError):
            count.with_user(self.keeper).action_sign_approval()
        with self.assertRaisesRegex(UserError, "Explain the variances in at least 10 characters."):
            count.with_user(self.qa_user).action_sign_approval()
        count.with_user(self.qa_user).approval_reason = REASON
        # The scanner offers the approval to QA only; it opens the signature prompt.
        with self.assertRaisesRegex(UserError, "This screen has no button sign"):
            self._action(count, "sign", self.keeper)
        action = self._action(count, "sign", self.qa_user)["action"]
        self.assertEqual((action["res_model"], action["context"]["default_res_id"]), ("md.signature.wizard", count.id))
        count.with_user(self.qa_user)._md_sign("approved")

        self.assertRecordValues(count, [{"state": "done", "md_signed": True, "approved_by": self.qa_user.id}])
        signature = self.env["md.signature"].search([("res_model", "=", "md.count"), ("res_id", "=", count.id)])
        self.assertEqual((signature.meaning, signature.signer_id), ("approved", self.qa_user))
        # The inventory follows the final quantities: the recount where there was one.
        self.assertEqual(self._quants(self.sy_a, self.shelf_a), 8)
        self.assertEqual(self._quants(self.st_1, self.shelf_a), 1)
        self.assertEqual(self._quants(self.st_2, self.shelf_a), 0)
        self.assertEqual(self._quants(self.va_1, self.shelf_a), 1)
        self.assertEqual(self._quants(self.va_1, self.shelf_b), 5)
        moves = self.env["stock.move"].search([("reference", "=", count.name)])
        self.assertEqual(sorted(moves.mapped("state")), ["done"] * 3)
        with self.assertRaisesRegex(UserError, "written when the count waits for QA.s approval"):
            count.with_user(self.qa_user).approval_reason = "Another story afterwards."
        # Every scan is on record, refused ones with their reason.
        logs = self._logs(count)
        self.assertEqual((len(logs), logs.filtered(lambda l: l.outcome == "refused").mapped("code")[:1]),
                         (13, [box_of_seven]))

    def test_variance_within_threshold_applies_without_approval(self):
        count = self._plan(location_ids=[Command.set(self.shelf_b.ids)], threshold_percent=50)._md_create_count()
        self._action(count, "start", self.keeper)
        results = self._count_scans(count, ["CNT-B", label(VALVE, lot="VA-1") + "(30)4",
                                            label(VALVE, lot="VA-SOON") + "(30)3"], self.keeper)
        self.assertTrue(all(r["ok"] for r in results), results)
        result = self._action(count, "finish", self.keeper)
        self.assertFalse(result["screen"], "the count is done and leaves the scanner's list")
        self.assertRecordValues(count, [{"state": "done", "md_signed": False, "approval_required": False,
                                         "recounted_by": False}])
        self.assertEqual(self._quants(self.va_1, self.shelf_b), 4)
        self.assertEqual(self._quants(self.va_soon, self.shelf_b), 3)
        # A regulated record: not deleted, not edited, not moved back.
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            count.unlink()
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            count.line_ids[:1].write({"counted": 5})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            count.write({"state": "counting"})
        with self.assertRaisesRegex(UserError, "is Done: it cannot be counted"):
            count.with_user(self.keeper).md_count_unit(self.shelf_b, self.valve, self.va_1)
        with self.assertRaisesRegex(UserError, "is no longer open"):
            count.write({"location_ids": [Command.set(self.shelf_a.ids)]})
        with self.assertRaisesRegex(UserError, "adjusted only by an approved or finished count"):
            count.with_user(self.qa_user)._md_apply_inventory()
        # Shelf B had a variance: a plan counting past variances now picks it.
        self.assertEqual(self._selected(self._plan(crit_past_variance=True)), ["VA-1", "VA-SOON"])

    def test_approver_is_neither_counter_nor_recounter_and_cancelling_keeps_the_count(self):
        count = self._plan(location_ids=[Command.set(self.shelf_b.ids)])._md_create_count()
        draft = self._plan(location_ids=[Command.set(self.shelf_b.ids)])._md_create_count()
        draft.unlink()
        self.assertFalse(draft.exists(), "a count nobody started may be deleted")
        count.with_user(self.qa_user).action_start()
        count.with_user(self.qa_user).md_count_unit(self.shelf_b, self.valve, self.va_1, 4)
        count.with_user(self.qa_user).action_finish_count()
        count.with_user(self.keeper).md_count_unit(self.shelf_b, self.valve, self.va_1, 4)
        count.with_user(self.keeper).action_finish_recount()
        self.assertEqual(count.state, "to_approve")
        count.with_user(self.qa_user).approval_reason = REASON
        with self.assertRaisesRegex(UserError, "The approver must be someone other than the counter"):
            count.with_user(self.qa_user)._md_sign("approved")
        self.assertFalse(count.md_signed)
        # Cancelling is for managers and QA; the count stays on record.
        with self.assertRaisesRegex(AccessError, "Only inventory managers and QA may cancel a count."):
            count.with_user(self.keeper).action_cancel()
        count.with_user(self.qa_user).action_cancel()
        self.assertRecordValues(count, [{"state": "cancel", "cancelled_by": self.qa_user.id}])
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            count.unlink()
        self.assertEqual(self._quants(self.va_1, self.shelf_b), 5)


@tagged("post_install", "-at_install")
class TestCountRpc(RpcCallMixin, CountCommon, HttpCase):
    """What a stock user may try through the web client's channel: no state, no counter, no adjustment."""

    def _refused(self, error, message, *args, **kwargs):
        ok, name, text = self._call(*args, **kwargs)
        self.assertFalse(ok, f"{args[:2]} was not refused")
        self.assertEqual(name, f"odoo.exceptions.{error}", text)
        self.assertIn(message, text)

    @mute_logger("odoo.http")
    def test_stock_user_cannot_force_a_count(self):
        forged = {"md_workflow": True, "md_signing": True}
        count = self._plan(location_ids=[Command.set(self.shelf_a.ids)], threshold_qty=1)._md_create_count()
        count.with_user(self.keeper).action_start()
        count.with_user(self.keeper).md_count_unit(self.shelf_a, self.syringe, self.sy_a, 4)
        self.authenticate("md_picker", "md_picker")
        for field, value in (("state", "done"), ("counted_by", self.picker.id), ("recounted_by", self.picker.id),
                             ("md_signed", True)):
            self._refused("UserError", "", "md.count", "write", [[count.id], {field: value}], context=forged)
        self._refused("UserError", "change only through its buttons", "md.count", "create",
                      [{"warehouse_id": self.warehouse.id, "state": "to_approve"}], context=forged)
        self._refused("UserError", "change only through its buttons", "md.count.line", "write",
                      [count.line_ids.ids, {"counted": 10}],
                      context=forged)
        self._refused("UserError", "Only the counter applies", "md.count", "action_apply", [[count.id]],
                      context=forged)
        self._refused("UserError", "Keeper is counting", "md.count", "md_count_unit",
                      [[count.id], self.shelf_a.id, self.syringe.id, self.sy_a.id, 6], context=forged)
        self._refused("AccessError", "", "md.count", "_md_apply_inventory", [[count.id]], context=forged)
        # The counter himself cannot apply a variance above the threshold.
        self.authenticate("md_keeper", "md_keeper")
        self._refused("UserError", "need a recount by someone other than the counter", "md.count",
                      "action_apply", [[count.id]], context=forged)
        # Nor the picker, recounting, apply or sign what QA approves.
        count.with_user(self.keeper).action_finish_count()
        count.with_user(self.picker).md_count_unit(self.shelf_a, self.syringe, self.sy_a, 4)
        count.with_user(self.picker).action_finish_recount()
        self.assertEqual(count.state, "to_approve")
        self.authenticate("md_picker", "md_picker")
        self._refused("UserError", "need QA's signed approval", "md.count", "action_apply", [[count.id]],
                      context=forged)
        self._refused("AccessError", "may sign", "md.count", "action_sign_approval", [[count.id]], context=forged)
        self._refused("UserError", "", "md.count", "write", [[count.id], {"state": "done"}], context=forged)
        self.env.invalidate_all()
        self.assertRecordValues(count, [{"state": "to_approve", "md_signed": False, "counted_by": self.keeper.id,
                                         "recounted_by": self.picker.id}])
        self.assertEqual(self._quants(self.sy_a, self.shelf_a), 10)


@tagged("post_install", "-at_install")
class TestCountTour(ScannerTourCase, CountCommon):
    """On a phone: the keeper starts a count, scans the shelf and a box, is refused twice, finishes."""

    def test_count_on_a_phone(self):
        tour_shelf = self.env["stock.location"].create({"name": "Tour Shelf", "location_id": self.stock.id,
                                                        "barcode": "TOUR-SHELF"})
        lot = self._stock_lot(self.syringe, "TOUR-LOT", 5, location=tour_shelf)
        count = self.env["md.count"].create({"warehouse_id": self.warehouse.id,
                                             "location_ids": [Command.set(tour_shelf.ids)]})
        self.md_tour("/odoo/action-medical_device_scanner.md_scanner_client_action", "md_scanner_count",
                     user=self.keeper, screenshot="scanner_count")
        self.assertRecordValues(count, [{"state": "done", "counted_by": self.keeper.id}])
        self.assertEqual(self._lines(count), {("Tour Shelf", "TOUR-LOT"): (5, 5, 0, 0, False)})
        self.assertEqual(self._quants(lot, tour_shelf), 5)
        self.assertEqual(self._logs(count).mapped("outcome").count("refused"), 2)
