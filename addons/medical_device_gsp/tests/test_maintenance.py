import re
from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import GspCommon

PASS_ALL = {"appearance": "pass", "packaging": "pass", "label": "pass", "expiry": "pass",
            "storage_condition": "pass"}


@tagged("post_install", "-at_install")
class TestMaintenance(GspCommon):
    """养护: plans generate checks of the stock in scope; failed checks put lots on hold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"md_near_expiry_days": 90, "md_storage_keeper_id": cls.keeper.id})
        Category = cls.env["product.category"]
        cls.cat_devices = Category.create({"name": "Test Devices"})
        cls.cat_syringes = Category.create({"name": "Test Syringes", "parent_id": cls.cat_devices.id})
        cls.cat_implants = Category.create({"name": "Test Implants"})
        cls.syringe.categ_id = cls.cat_syringes
        cls.stent.categ_id = cls.cat_implants
        cls.gloves = cls.env["product.product"].create({
            "name": "Lab Gloves", "type": "consu", "is_storable": True, "tracking": "lot",
            "use_expiration_date": True, "categ_id": cls.cat_syringes.id})
        cls.shelf = cls.env["stock.location"].create({
            "name": "Shelf A", "usage": "internal", "location_id": cls.stock.id})
        cls.activity_type = cls.env.ref("medical_device_gsp.mail_activity_md_maintenance_check")

    def _plan(self, **vals):
        return self.env["md.maintenance.plan"].create(dict({
            "name": "Test plan", "location_id": self.stock.id, "interval_days": 30,
            "next_date": self.today, "user_id": self.keeper.id}, **vals))

    def _generate(self, plan):
        before = plan.check_ids
        plan.action_generate_check()
        return plan.check_ids - before

    def _rows(self, check):
        return {(line.lot_id.name, line.location_id, line.quantity) for line in check.line_ids}

    def _line(self, check, lot):
        return check.line_ids.filtered(lambda line: line.lot_id == lot)

    def _changes(self, lot):
        return self.env["md.quality.change.line"].search([("lot_id", "=", lot.id)])

    # Generation ------------------------------------------------------------------

    def test_generate_lines_are_device_lots_with_stock_in_scope(self):
        lot = self._stock_lot(self.syringe, "SYR-A", 10)
        self.env["stock.quant"]._update_available_quantity(self.syringe, self.shelf, 3, lot_id=lot)
        self._stock_lot(self.stent, "SN-1", 1)
        self._stock_lot(self.syringe, "SYR-QUA", 4, state="quarantine", location=self.quarantine)
        self._stock_lot(self.syringe, "SYR-GONE", 2, location=self.customer_loc)
        zero = self._stock_lot(self.syringe, "SYR-ZERO", 5)
        self.env["stock.quant"]._update_available_quantity(self.syringe, self.stock, -5, lot_id=zero)
        self._stock_lot(self.gloves, "GLV-1", 50, state=False)
        plan = self._plan(next_date=self.today - timedelta(days=3), interval_days=30)

        check = self._generate(plan)

        self.assertEqual(len(check), 1)
        self.assertEqual(self._rows(check), {("SYR-A", self.stock, 10), ("SYR-A", self.shelf, 3),
                                             ("SN-1", self.stock, 1)})
        self.assertEqual(check.state, "draft")
        self.assertEqual(check.date, self.today)
        self.assertEqual(check.user_id, self.keeper)
        self.assertEqual(check.company_id, self.company)
        self.assertRegex(check.name, r"^MNT/\d{4}/\d+$")
        self.assertEqual(check.line_ids.product_id, self.syringe | self.stent)
        self.assertEqual(plan.next_date, self.today + timedelta(days=30))
        # Nothing is pre-filled as passing: the keeper has to look.
        for field in PASS_ALL:
            self.assertEqual(set(check.line_ids.mapped(field)), {False}, field)
        self.assertEqual(set(check.line_ids.mapped("result")), {False})

    def test_generate_zone_and_category_filters(self):
        self._stock_lot(self.syringe, "SYR-REL", 6)
        self._stock_lot(self.stent, "SN-REL", 1)
        self._stock_lot(self.syringe, "SYR-QUA", 4, state="quarantine", location=self.quarantine)
        whole_warehouse = self.warehouse.view_location_id

        everything = self._generate(self._plan(location_id=whole_warehouse.id))
        self.assertEqual({row[0] for row in self._rows(everything)}, {"SYR-REL", "SN-REL", "SYR-QUA"})

        quarantine_zone = self._generate(self._plan(location_id=whole_warehouse.id, zone="quarantine"))
        self.assertEqual(self._rows(quarantine_zone), {("SYR-QUA", self.quarantine, 4)})

        released_syringes = self._generate(self._plan(location_id=whole_warehouse.id, zone="released",
                                                      product_category_id=self.cat_devices.id))
        self.assertEqual(self._rows(released_syringes), {("SYR-REL", self.stock, 6)},
                         "the sub-category counts, the implants' category does not")

    def test_generate_cold_chain_filter_and_condition_prefill(self):
        self.stent.md_storage_condition = "cold_chain"
        self.shelf.write({"md_storage_controlled": True, "md_temp_min": 15, "md_temp_max": 25})
        warm = self._stock_lot(self.stent, "SN-WARM", 1, location=self.shelf)
        self._stock_lot(self.syringe, "SYR-NORMAL", 8)

        check = self._generate(self._plan(storage_condition="cold_chain", interval_days=7))

        self.assertEqual(self._rows(check), {("SN-WARM", self.shelf, 1)})
        line = check.line_ids
        self.assertEqual(line.storage_condition, "fail")
        self.assertEqual(line.result, "fail")
        self.assertIn("not cold-chain capable", line.finding)
        self.assertFalse(line.expiry)
        self.assertEqual(warm.md_quality_state, "released", "generating a check changes no status")

    def test_generate_near_expiry_only(self):
        self._stock_lot(self.syringe, "SYR-30", 5, days=30)
        expired = self._stock_lot(self.syringe, "SYR-EXPIRED", 2, days=-3)
        self._stock_lot(self.syringe, "SYR-400", 7, days=400)
        self._stock_lot(self.stent, "SN-100", 1, days=100)

        check = self._generate(self._plan(near_expiry_only=True, interval_days=7))

        self.assertEqual({row[0] for row in self._rows(check)}, {"SYR-30", "SYR-EXPIRED"})
        self.assertEqual(self._line(check, expired).expiry, "fail")
        self.assertIn("Expired on", self._line(check, expired).finding)
        self.assertFalse(check.line_ids.filtered(lambda line: line.lot_id != expired).expiry)

        self.company.md_near_expiry_days = 120
        wider = self._generate(self._plan(near_expiry_only=True, interval_days=7))
        self.assertEqual({row[0] for row in self._rows(wider)}, {"SYR-30", "SYR-EXPIRED", "SN-100"})

    def test_generate_nothing_in_scope(self):
        self._stock_lot(self.syringe, "SYR-QUA", 4, state="quarantine", location=self.quarantine)
        plan = self._plan(next_date=self.today - timedelta(days=1), interval_days=7)
        messages = plan.message_ids

        self.assertEqual(plan.action_generate_check()["tag"], "display_notification")

        self.assertFalse(plan.check_ids)
        self.assertIn("no check generated", " ".join((plan.message_ids - messages).mapped("body")))
        self.assertEqual(plan.next_date, self.today + timedelta(days=7))

    def test_interval_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self._plan(interval_days=0)

    def test_cron_generates_due_plans_only(self):
        self._stock_lot(self.syringe, "SYR-A", 10)
        due = self._plan(name="Due today")
        overdue = self._plan(name="Overdue", next_date=self.today - timedelta(days=10), interval_days=7)
        later = self._plan(name="Later", next_date=self.today + timedelta(days=2))

        self.env["md.maintenance.plan"]._cron_md_generate_checks()

        self.assertEqual(len(due.check_ids), 1)
        self.assertEqual(len(overdue.check_ids), 1)
        self.assertFalse(later.check_ids)
        self.assertEqual(due.next_date, self.today + timedelta(days=30))
        self.assertEqual(overdue.next_date, self.today + timedelta(days=7))
        self.assertEqual(later.next_date, self.today + timedelta(days=2))

        # The next run the same day finds nothing due.
        self.env["md.maintenance.plan"]._cron_md_generate_checks()
        self.assertEqual(len(due.check_ids | overdue.check_ids), 2)

    def test_check_schedules_activity_for_keeper(self):
        self._stock_lot(self.syringe, "SYR-A", 10)
        check = self._generate(self._plan(user_id=False))
        self.assertEqual(check.user_id, self.keeper, "the company's storage keeper by default")
        activity = check.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.activity_type_id, activity.user_id, activity.date_deadline),
                         (self.activity_type, self.keeper, check.date))

    # Completion ------------------------------------------------------------------

    def test_scanning_a_lot_in_hand_checks_its_line(self):
        lot = self._stock_lot(self.syringe, "SYR-SCAN", 10)
        self.env["stock.quant"]._update_available_quantity(self.syringe, self.shelf, 3, lot_id=lot)
        other = self._stock_lot(self.syringe, "SYR-OTHER", 2)
        check = self._generate(self._plan())
        keeper = check.with_user(self.keeper)
        code = f"(01)06909999000012(17){lot.expiration_date:%y%m%d}(10)SYR-SCAN"
        # The form's scan field and the scanner's call take the same path; a second scan takes the next place.
        keeper.write({"scan_udi": code})
        line = keeper.action_scan_udi(code, failed="packaging", finding="Outer carton wet")
        lines = self._line(check, lot)
        self.assertEqual(len(lines), 2)
        self.assertEqual(sorted(lines.mapped("result")), ["fail", "pass"])
        self.assertRecordValues(line, [dict(PASS_ALL, packaging="fail", finding="Outer carton wet")])
        refusals = [
            ((code,), "Test Syringe 5 ml SYR-SCAN is checked already on"),
            (("(01)06909999000012(10)SYR-NONE",), "Test Syringe 5 ml SYR-NONE is not on maintenance check"),
            (("(01)06909999000012(17)451231(10)SYR-OTHER",), "but the scanned code says 2045-12-31"),
            (("(01)06909999000012(10)SYR-OTHER", "label"), "Label fails: describe the finding."),
        ]
        for args, message in refusals:
            with self.subTest(args), self.assertRaisesRegex(UserError, re.escape(message)):
                keeper.action_scan_udi(*args)
        self.assertFalse(any(self._line(check, other)[field] for field in PASS_ALL))
        keeper.action_scan_udi("(01)06909999000012(10)SYR-OTHER")
        self.assertEqual(self._line(check, other).result, "pass")
        keeper.action_done()
        self.assertEqual(lot.md_quality_state, "hold")
        with self.assertRaisesRegex(UserError, "is done"):
            keeper.action_scan_udi("(01)06909999000012(10)SYR-OTHER")

    def test_done_refused_lists_every_problem_and_changes_nothing(self):
        unchecked = self._stock_lot(self.syringe, "SYR-UNCHECKED", 10)
        failed = self._stock_lot(self.syringe, "SYR-FAILED", 5)
        check = self._generate(self._plan())
        self._line(check, unchecked).with_user(self.keeper).write({"appearance": "pass", "label": "pass"})
        self._line(check, failed).with_user(self.keeper).write(dict(PASS_ALL, packaging="fail", finding="wet"))

        with self.assertRaises(UserError) as caught:
            check.with_user(self.picker).action_done()
        message = str(caught.exception)
        self.assertIn("Pei Picker is not a storage keeper", message)
        self.assertIn("SYR-UNCHECKED", message)
        self.assertIn("no result for Packaging, Expiry, Storage Conditions", message)
        self.assertIn("SYR-FAILED @ GTW/Stock: describe the finding", message)

        with self.assertRaises(UserError) as caught:
            check.with_user(self.keeper).action_done()
        self.assertNotIn("storage keeper", str(caught.exception))
        self.assertIn("no result for", str(caught.exception))

        self.assertEqual(check.state, "draft")
        self.assertFalse(check.done_by)
        self.assertEqual((unchecked.md_quality_state, failed.md_quality_state), ("released", "released"))
        self.assertFalse(self._changes(unchecked) | self._changes(failed))
        self.assertTrue(check.activity_ids)

    def test_failed_line_puts_lot_on_hold(self):
        damaged = self._stock_lot(self.syringe, "SYR-DAMAGED", 10)
        fine = self._stock_lot(self.syringe, "SYR-FINE", 4)
        held = self._stock_lot(self.stent, "SN-HELD", 1, state="hold")
        check = self._generate(self._plan())
        keeper_lines = check.line_ids.with_user(self.keeper)
        keeper_lines.filtered(lambda l: l.lot_id == damaged).write(
            dict(PASS_ALL, packaging="fail", finding="Outer carton wet and crushed"))
        keeper_lines.filtered(lambda l: l.lot_id == fine).write(PASS_ALL)
        keeper_lines.filtered(lambda l: l.lot_id == held).write(
            dict(PASS_ALL, label="fail", finding="Label unreadable"))

        check.with_user(self.keeper).action_done()

        self.assertEqual(check.state, "done")
        self.assertEqual(check.done_by, self.keeper)
        self.assertTrue(check.done_on)
        self.assertFalse(check.activity_ids, "the keeper's activity is marked done")
        self.assertEqual(damaged.md_quality_state, "hold")
        change = self._changes(damaged)
        self.assertEqual(len(change), 1)
        self.assertEqual((change.old_state, change.new_state, change.change_state), ("released", "hold", "done"))
        self.assertEqual(change.change_id.reason, f"{check.name}: Outer carton wet and crushed")
        self.assertEqual(change.change_id.origin, check.name)
        self.assertEqual(change.change_id.user_id, self.keeper)
        self.assertEqual(self._quants(damaged, self.stock), 10, "a hold needs no other zone")
        self.assertEqual(fine.md_quality_state, "released")
        self.assertFalse(self._changes(fine))
        # Already on hold: left as it is, the finding is on record.
        self.assertEqual(held.md_quality_state, "hold")
        self.assertFalse(self._changes(held))
        self.assertIn("Label unreadable", " ".join(held.message_ids.mapped("body")))
        summary = " ".join(check.message_ids.mapped("body"))
        self.assertIn("Put on hold: SYR-DAMAGED", summary)
        self.assertIn("Outer carton wet and crushed", summary)

    def test_passing_check_holds_nothing(self):
        lots = self._stock_lot(self.syringe, "SYR-1", 10) | self._stock_lot(self.stent, "SN-1", 1)
        check = self._generate(self._plan())
        check.line_ids.with_user(self.keeper).write(PASS_ALL)
        self.assertEqual(set(check.line_ids.mapped("result")), {"pass"})

        check.with_user(self.keeper).action_done()

        self.assertEqual(check.state, "done")
        self.assertEqual(set(lots.mapped("md_quality_state")), {"released"})
        self.assertFalse(self._changes(lots[0]) | self._changes(lots[1]))

    def test_done_check_is_frozen(self):
        self._stock_lot(self.syringe, "SYR-1", 10)
        check = self._generate(self._plan())
        check.line_ids.with_user(self.keeper).write(PASS_ALL)
        check.with_user(self.keeper).action_done()
        line = check.line_ids

        with self.assertRaisesRegex(UserError, "is done"):
            line.with_user(self.keeper).write({"appearance": "fail", "finding": "Changed my mind"})
        with self.assertRaisesRegex(UserError, "is done"):
            check.with_user(self.keeper).write({"date": self.today + timedelta(days=1)})
        with self.assertRaisesRegex(UserError, "is done"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "is done"):
            check.unlink()
        with self.assertRaisesRegex(UserError, "already done"):
            check.with_user(self.keeper).action_done()
        self.assertEqual((line.appearance, check.date, check.state), ("pass", self.today, "done"))

        # A draft check, by contrast, can still be corrected or removed.
        draft = self._generate(self._plan())
        draft.line_ids.with_user(self.keeper).write({"appearance": "fail", "finding": "Dusty shelf"})
        draft.unlink()
        self.assertFalse(draft.exists())
