from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .env_common import EnvCommon

REASON = "Customer complaint about leaking plungers"
# Context keys that unlocked writes before, and the one the buttons use now:
# a client can send them all, none of them may unlock anything on its own.
FORGED_CONTEXT = {"md_quality_write": True, "md_maintenance_done": True, "md_review_rebuild": True,
                  "md_rejected_units": True, "md_quality_relocation": True, "md_workflow": True,
                  "md_signing": True}
# AccessError is a UserError: either refusal counts.
REFUSED = UserError


@tagged("post_install", "-at_install")
class TestForgery(EnvCommon):
    """Every status and "who/when" field of GSP changes only through its button, whatever the context says."""

    def _forge(self, records, user):
        return records.with_user(user).with_context(**FORGED_CONTEXT)

    # Lot quality status ------------------------------------------------------------

    def test_stock_user_cannot_release_a_held_lot(self):
        lot = self._stock_lot(self.syringe, "FORGE-1", 10, state="hold")
        for user in (self.receiver, self.keeper, self.qa_user):
            with self.assertRaises(REFUSED):
                self._forge(lot, user).write({"md_quality_state": "released"})
            with self.assertRaises(REFUSED):
                self._forge(lot, user).sudo(False).md_quality_state = "released"
        self.assertEqual(lot.md_quality_state, "hold")
        self.assertFalse(self.env["md.quality.change.line"].search([("lot_id", "=", lot.id)]))

    def test_lot_not_created_released_with_a_forged_context(self):
        with self.assertRaises(REFUSED):
            self._forge(self.env["stock.lot"], self.receiver).create({
                "product_id": self.syringe.id, "name": "FORGE-NEW", "company_id": self.company.id,
                "md_quality_state": "released"})
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "FORGE-NEW")]))
        # Without a status the lot is made, in quarantine.
        lot = self._forge(self.env["stock.lot"], self.receiver).create({
            "product_id": self.syringe.id, "name": "FORGE-NEW", "company_id": self.company.id})
        self.assertEqual(lot.md_quality_state, "quarantine")

    def test_quality_change_record_not_forged(self):
        lot = self._stock_lot(self.syringe, "FORGE-2", 10)
        change = lot.with_user(self.keeper)._md_change_quality_state("hold", REASON, origin="Test")
        for user in (self.keeper, self.qa_user):
            with self.assertRaises(REFUSED):
                self._forge(change, user).write({"new_state": "released", "user_id": user.id})
            with self.assertRaises(REFUSED):
                self._forge(self.env["md.quality.change"], user).create({
                    "new_state": "released", "reason": REASON, "state": "done",
                    "line_ids": [Command.create({"lot_id": lot.id, "old_state": "hold"})]})
        self.assertRecordValues(change, [{"new_state": "hold", "user_id": self.keeper.id, "state": "done"}])
        self.assertEqual(lot.md_quality_state, "hold")

    def test_legitimate_changes_still_apply(self):
        lot = self._stock_lot(self.syringe, "LEGIT-1", 10)
        self.env["md.quality.change.wizard"].with_user(self.keeper).create({
            "lot_ids": [Command.set(lot.ids)], "new_state": "hold", "reason": REASON}).action_apply()
        self.assertEqual(lot.md_quality_state, "hold")
        wizard = self.env["md.quality.change.wizard"].with_user(self.qa_user).create({
            "lot_ids": [Command.set(lot.ids)], "new_state": "released", "reason": REASON})
        change = self.env["md.quality.change"].browse(wizard.action_apply()["context"]["default_res_id"])
        change.with_user(self.qa_user)._md_sign("released")
        self.assertEqual(lot.md_quality_state, "released")

    # Maintenance check ------------------------------------------------------------

    def _check(self):
        self._stock_lot(self.syringe, "MAINT-1", 10)
        plan = self.env["md.maintenance.plan"].create({
            "name": "Forgery plan", "location_id": self.stock.id, "interval_days": 30,
            "next_date": self.today, "user_id": self.keeper.id})
        plan.action_generate_check()
        return plan.check_ids

    def test_keeper_cannot_write_done_or_done_by(self):
        check = self._check()
        for vals in ({"state": "done"}, {"done_by": self.qa_user.id}, {"done_on": self.now},
                     {"state": "done", "done_by": self.qa_user.id, "done_on": self.now}):
            with self.assertRaises(REFUSED):
                self._forge(check, self.keeper).write(vals)
        self.assertRecordValues(check, [{"state": "draft", "done_by": False, "done_on": False}])
        # The button sets them, naming who pressed it.
        check.line_ids.with_user(self.keeper).write({
            "appearance": "pass", "packaging": "pass", "label": "pass", "expiry": "pass",
            "storage_condition": "pass"})
        check.with_user(self.keeper).action_done()
        self.assertRecordValues(check, [{"state": "done", "done_by": self.keeper.id}])
        # Done is final, whatever the context.
        for vals in ({"state": "draft"}, {"done_by": self.qa_user.id}, {"date": self.today - timedelta(days=3)},
                     {"user_id": self.qa_user.id}):
            with self.assertRaises(REFUSED):
                self._forge(check, self.keeper).write(vals)
        with self.assertRaises(REFUSED):
            self._forge(check.line_ids, self.keeper).write({"appearance": "fail", "finding": "Forged afterwards"})
        self.assertRecordValues(check, [{"state": "done", "done_by": self.keeper.id}])

    def test_only_a_keeper_completes_a_check(self):
        check = self._check()
        check.line_ids.write({"appearance": "pass", "packaging": "pass", "label": "pass", "expiry": "pass",
                              "storage_condition": "pass"})
        with self.assertRaises(REFUSED):
            check.with_user(self.inspector).action_done()
        self.assertEqual(check.state, "draft")

    # Movements --------------------------------------------------------------------

    def test_rejected_units_flag_does_not_open_the_nonconforming_zone(self):
        lot = self._stock_lot(self.syringe, "NC-1", 5, state="quarantine", location=self.quarantine)
        move = self._forge(self.env["stock.move"], self.keeper).create({
            "name": "Sneak into nonconforming", "product_id": self.syringe.id,
            "product_uom": self.syringe.uom_id.id, "product_uom_qty": 5, "location_id": self.quarantine.id,
            "location_dest_id": self.nonconforming.id, "state": "confirmed", "picked": True,
            "move_line_ids": [Command.create({
                "product_id": self.syringe.id, "product_uom_id": self.syringe.uom_id.id, "quantity": 5,
                "location_id": self.quarantine.id, "location_dest_id": self.nonconforming.id, "lot_id": lot.id,
                "picked": True})]})
        with self.assertRaisesRegex(UserError, "cannot be put into"):
            move._action_done()
        self.assertEqual(self.env["stock.quant"]._get_available_quantity(
            self.syringe, self.nonconforming, lot_id=lot, strict=True), 0)

    def test_relocation_flag_does_not_skip_routes(self):
        move = self.env["stock.move"].with_user(self.keeper).create({
            "name": "Routed", "product_id": self.syringe.id, "product_uom": self.syringe.uom_id.id,
            "product_uom_qty": 1, "location_id": self.quarantine.id, "location_dest_id": self.stock.id})
        self.assertFalse(move.with_context(md_quality_relocation=True)._skip_push())
        self.assertTrue(move.sudo().with_context(md_quality_relocation=True)._skip_push())

    # Acceptance, outbound review, excursion ---------------------------------------

    def test_acceptance_who_and_when_not_forged(self):
        picking = self._validate(self._receipt(self.syringe, [("ACC-1", 10, 400)]))
        acceptance = picking.md_acceptance_ids
        self.assertEqual(acceptance.receiver_id, self.receiver)
        for vals in ({"receiver_id": self.qa_user.id}, {"inspector_id": self.inspector.id},
                     {"accepted_on": self.now}, {"transit_temp_max": 5.0}):
            with self.assertRaises(REFUSED):
                self._forge(acceptance, self.inspector).write(vals)
        self.assertRecordValues(acceptance, [{"receiver_id": self.receiver.id, "inspector_id": False,
                                              "accepted_on": False, "state": "draft"}])
        self._accept(acceptance)
        self.assertRecordValues(acceptance, [{"inspector_id": self.inspector.id, "state": "accepted"}])
        self.assertTrue(acceptance.accepted_on)

    def test_review_pickers_and_reviewer_not_forged(self):
        lot = self._stock_lot(self.syringe, "OUT-1", 5)
        delivery = self._delivery(self.syringe, 3)
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        self.assertIn(self.picker, review.picker_ids)
        for vals in ({"picker_ids": [Command.clear()]}, {"reviewer_id": self.keeper.id},
                     {"reviewed_on": self.now}, {"partner_id": self.retailer.id}):
            with self.assertRaises(REFUSED):
                self._forge(review, self.keeper).write(vals)
        # Lines and problems are deleted only by the rebuild, not by a client saying it rebuilds.
        with self.assertRaises(REFUSED):
            self._forge(review.line_ids, self.keeper).unlink()
        self.assertEqual(review.line_ids.lot_id, lot)
        self.assertIn(self.picker, review.picker_ids)
        # The rebuild itself still works.
        review.with_user(self.keeper).action_refresh()
        self.assertEqual(review.line_ids.lot_id, lot)

    def test_review_problems_not_deleted_with_a_forged_context(self):
        self._stock_lot(self.syringe, "PRB-1", 5)
        delivery = self._delivery(self.syringe, 2)
        delivery.move_line_ids.lot_id = False
        review = self._review(delivery)
        self.assertTrue(review.problem_ids)
        with self.assertRaises(REFUSED):
            self._forge(review.problem_ids, self.qa_user).unlink()
        self.assertTrue(review.problem_ids)

    def test_excursion_evaluator_not_forged(self):
        lot = self._lot(self.reagent, "EXC-1")
        self._put(lot, 10, self.cold_room, date=self.t0 - timedelta(days=1))
        self._feed(self.sensor, self.t0, [5.0] + [12.0] * 20 + [5.0])
        excursion = self._excursions(self.sensor)
        self.assertEqual(lot.md_quality_state, "hold")
        for vals in ({"evaluated_by": self.qa_user.id}, {"evaluated_on": self.now}, {"state": "done"}):
            with self.assertRaises(REFUSED):
                self._forge(excursion, self.qa_user).write(vals)
        self.assertRecordValues(excursion, [{"evaluated_by": False, "evaluated_on": False,
                                             "state": "to_evaluate"}])
        # Readings are never edited or deleted through the ORM.
        readings = self._readings(self.sensor)
        for user in (self.keeper, self.qa_user):
            with self.assertRaises(REFUSED):
                self._forge(readings[:1], user).write({"temperature": 5.0})
            with self.assertRaises(REFUSED):
                self._forge(readings[:1], user).unlink()
        # QA's signature sets the evaluator.
        excursion.lot_ids.with_user(self.qa_user).write({"decision": "release"})
        excursion.with_user(self.qa_user).evaluation = "Stability data cover 48 h at up to 25 °C."
        excursion.with_user(self.qa_user)._md_sign("approved")
        self.assertRecordValues(excursion, [{"evaluated_by": self.qa_user.id, "state": "done"}])
        self.assertEqual(lot.md_quality_state, "released")


@tagged("post_install", "-at_install")
class TestQualityStateRegistry(EnvCommon):
    """One registry of lot statuses, read by every field and rule."""

    def test_registry_shape(self):
        Lot = self.env["stock.lot"]
        states = Lot._md_quality_states()
        self.assertTrue({"quarantine", "released", "hold", "rejected"} <= set(states))
        for spec in states.values():
            self.assertTrue({"label", "zones", "zone", "frees", "holdable", "group", "sources"} <= set(spec))
        self.assertEqual(Lot._md_quality_states_with("frees"), ("released",))
        self.assertEqual(set(Lot._md_quality_states_with("holdable")), {"quarantine", "released"})
        self.assertTrue(Lot._md_zone_states()["nonconforming"] >= {"rejected", "hold"})
        self.assertNotIn("released", Lot._md_zone_states()["nonconforming"])

    def test_snapshot_fields_take_their_values_from_the_registry(self):
        """No stored selection values: uninstalling an add-on with a status rewrites no signed record."""
        codes = [code for code, _label in self.env["stock.lot"]._md_quality_state_selection()]
        for model, name in (("stock.lot", "md_quality_state"), ("md.quality.change", "new_state"),
                            ("md.quality.change.line", "old_state"), ("md.excursion.lot", "previous_state"),
                            ("md.outbound.review.line", "quality_state"), ("md.near.expiry.report", "quality_state")):
            field = self.env[model]._fields[name]
            self.assertEqual([code for code, _label in field._description_selection(self.env)], codes, model)
            self.assertFalse(self.env["ir.model.fields.selection"].search([
                ("field_id.model", "=", model), ("field_id.name", "=", name)]), model)

    def test_wizard_offers_the_states_set_by_hand(self):
        field = self.env["md.quality.change.wizard"]._fields["new_state"]
        offered = {code for code, _label in field._description_selection(self.env)}
        manual = {code for code, spec in self.env["stock.lot"]._md_quality_states().items() if spec["group"]}
        self.assertEqual(offered, manual)
        self.assertTrue({"quarantine", "released", "hold", "rejected"} <= offered)

    def test_uninstalled_state_goes_on_hold_with_a_record(self):
        Lot = self.env["stock.lot"]
        registry = type(Lot)._md_quality_states

        def with_gone(lots):
            states = registry(lots)
            states["gone"] = dict(states["hold"], label="Gone", group=False, sources=())
            return states

        lot = self._stock_lot(self.syringe, "ORPHAN-1", 5)
        # An add-on's own status, as the uninstall hook of that add-on sees it.
        with patch.object(type(Lot), "_md_quality_states", with_gone):
            lot._md_workflow_env().write({"md_quality_state": "gone"})
            self.assertEqual(Lot._md_hold_uninstalled_state("gone"), lot)
        self.assertEqual(lot.md_quality_state, "hold")
        line = self.env["md.quality.change.line"].search([("lot_id", "=", lot.id)])
        self.assertEqual((line.old_state, line.new_state), ("gone", "hold"))
        # Once the add-on is gone the recorded value stays as it was.
        line.invalidate_recordset()
        self.assertEqual(line.old_state, "gone")


@tagged("post_install", "-at_install")
class TestPickerForgery(EnvCommon):
    """Who picked and who validated are recorded by the system, whatever a client sends."""

    def _forge(self, records, user):
        return records.with_user(user).with_context(**FORGED_CONTEXT)

    def test_picker_and_validator_not_forged(self):
        """The outbound review keeps the picker from reviewing; the acceptance keeps the receiver from
        inspecting: neither name may be typed in."""
        self._stock_lot(self.syringe, "FORGE-PICK", 10)
        delivery = self._delivery(self.syringe, 2)
        line = delivery.move_line_ids
        self.assertEqual(line.md_picked_by, self.picker)
        with self.assertRaises(REFUSED):
            self._forge(line, self.picker).write({"md_picked_by": self.keeper.id})
        with self.assertRaises(REFUSED):
            self._forge(delivery, self.picker).write({"md_validated_by": self.keeper.id})
        with self.assertRaises(REFUSED):
            self._forge(self.env["stock.move.line"], self.picker).create({
                "move_id": delivery.move_ids.id, "picking_id": delivery.id, "product_id": self.syringe.id,
                "product_uom_id": self.syringe.uom_id.id, "quantity": 1, "location_id": self.stock.id,
                "location_dest_id": self.customer_loc.id, "md_picked_by": self.keeper.id})
        self.assertEqual(line.md_picked_by, self.picker)
        self.assertFalse(delivery.md_validated_by)
        # Whoever changes what is picked becomes the picker.
        line.with_user(self.keeper).quantity = 1
        self.assertEqual(line.md_picked_by, self.keeper)
