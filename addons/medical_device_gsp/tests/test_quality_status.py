from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import GspCommon

REASON = "Customer complaint about leaking plungers"


@tagged("post_install", "-at_install")
class TestQualityStatus(GspCommon):
    """The quality status of a lot: where it starts, who changes it, and the record each change leaves."""

    def _wizard(self, lots, new_state, user, reason=REASON):
        return self.env["md.quality.change.wizard"].with_user(user).create({
            "lot_ids": [Command.set(lots.ids)], "new_state": new_state, "reason": reason})

    def _changes(self, lot):
        return self.env["md.quality.change"].search([("line_ids.lot_id", "=", lot.id)])

    # The status itself -----------------------------------------------------------

    def test_new_lot_starts_in_quarantine(self):
        lot = self.env["stock.lot"].create({"product_id": self.syringe.id, "name": "NEW-1",
                                            "company_id": self.company.id})
        self.assertEqual(lot.md_quality_state, "quarantine")
        serial = self.env["stock.lot"].with_user(self.receiver).create({
            "product_id": self.stent.id, "name": "SN-0001", "company_id": self.company.id})
        self.assertEqual(serial.md_quality_state, "quarantine")
        # Lots of other products have no quality status.
        plain = self.env["product.product"].create({"name": "Batteries", "type": "consu", "is_storable": True,
                                                    "tracking": "lot"})
        other = self.env["stock.lot"].create({"product_id": plain.id, "name": "BAT-1",
                                              "company_id": self.company.id})
        self.assertFalse(other.md_quality_state)

    def test_status_not_written_directly(self):
        # Without the set-up context the helper's lot carries.
        lot = self._stock_lot(self.syringe, "DIRECT-1", 10, state="quarantine").with_env(self.env)
        with self.assertRaisesRegex(UserError, "changes only through a signed acceptance or Change Quality Status"):
            lot.write({"md_quality_state": "released"})
        # Not even the superuser or a QA manager.
        with self.assertRaisesRegex(UserError, "changes only through a signed acceptance"):
            lot.sudo().md_quality_state = "released"
        with self.assertRaisesRegex(UserError, "changes only through a signed acceptance"):
            lot.with_user(self.qa_user).write({"md_quality_state": "released"})
        self.assertEqual(lot.md_quality_state, "quarantine")
        self.assertFalse(self._changes(lot))

    def test_lot_not_created_with_status(self):
        with self.assertRaisesRegex(UserError, "A new lot starts in quarantine"):
            self.env["stock.lot"].create({"product_id": self.syringe.id, "name": "SNEAK-1",
                                          "company_id": self.company.id, "md_quality_state": "released"})
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "SNEAK-1")]))

    # Manual changes ---------------------------------------------------------------

    def test_hold_by_keeper_is_recorded(self):
        lot = self._stock_lot(self.syringe, "HOLD-1", 10)
        other = self._stock_lot(self.syringe, "HOLD-2", 4, state="quarantine", location=self.quarantine)
        before = self.now.replace(microsecond=0)
        result = self._wizard(lot | other, "hold", self.keeper).action_apply()
        self.assertEqual(result, {"type": "ir.actions.act_window_close"})
        self.assertEqual((lot.md_quality_state, other.md_quality_state), ("hold", "hold"))

        change = self._changes(lot)
        self.assertEqual(len(change), 1)
        self.assertEqual(change, self._changes(other))
        self.assertEqual((change.new_state, change.state, change.user_id, change.reason),
                         ("hold", "done", self.keeper, REASON))
        self.assertTrue(change.date and change.date >= before)
        self.assertNotEqual(change.name, "/")
        self.assertFalse(change.signature_id, "a hold frees no stock and needs no signature")
        self.assertEqual({line.lot_id.name: line.old_state for line in change.line_ids},
                         {"HOLD-1": "released", "HOLD-2": "quarantine"})
        self.assertEqual(lot.md_quality_line_ids, change.line_ids.filtered(lambda l: l.lot_id == lot))
        self.assertEqual((lot.md_quality_line_ids.user_id, lot.md_quality_line_ids.new_state),
                         (self.keeper, "hold"))

        bodies = lot.message_ids.mapped("body")
        self.assertTrue(any(f"Quality status Released → On Hold by Kai Keeper ({change.name}): {REASON}" in body
                            for body in bodies), bodies)
        self.assertTrue(any("Quality status Quarantine → On Hold" in body for body in other.message_ids.mapped("body")))
        # On hold is accepted where the stock is: nothing moved.
        self.assertEqual(self._quants(lot, self.stock), 10)
        self.assertEqual(self._quants(other, self.quarantine), 4)

    def test_reason_too_short(self):
        lot = self._stock_lot(self.syringe, "SHORT-1", 10)
        with self.assertRaisesRegex(UserError, "Explain the status change in at least 10 characters"):
            self._wizard(lot, "hold", self.keeper, reason="  damaged ").action_apply()
        self.assertEqual(lot.md_quality_state, "released")
        self.assertFalse(self._changes(lot))

    def test_release_needs_qa_signature(self):
        lot = self._stock_lot(self.syringe, "REL-1", 10, state="hold")
        action = self._wizard(lot, "released", self.qa_user, reason="Investigation closed, no defect").action_apply()
        self.assertEqual(action["res_model"], "md.signature.wizard")
        change = self._changes(lot)
        self.assertEqual(len(change), 1)
        self.assertEqual(action["context"], {"default_res_model": "md.quality.change", "default_res_id": change.id,
                                             "default_meaning": "released"})
        self.assertEqual((change.state, change.new_state, change.user_id), ("pending", "released", self.qa_user))
        self.assertFalse(change.signature_id)
        self.assertEqual(lot.md_quality_state, "hold", "nothing is released before the signature")

        # A storage keeper cannot sign the release.
        with self.assertRaisesRegex(AccessError, "may sign"):
            change.with_user(self.keeper)._md_sign("released")
        self.assertEqual((lot.md_quality_state, change.state), ("hold", "pending"))

        signature = change.with_user(self.qa_user)._md_sign("released")
        self.assertEqual(lot.md_quality_state, "released")
        self.assertEqual(change.state, "done")
        self.assertEqual(change.signature_id, signature)
        self.assertEqual((signature.meaning, signature.signer_id, signature.res_model, signature.res_id),
                         ("released", self.qa_user, "md.quality.change", change.id))
        self.assertTrue(change.date)
        self.assertEqual(self._quants(lot, self.stock), 10)
        self.assertTrue(any("Quality status On Hold → Released" in body for body in lot.message_ids.mapped("body")))

        with self.assertRaisesRegex(UserError, "has already been applied"):
            change.with_user(self.qa_user)._md_sign("released")

    def test_release_without_signature_refused(self):
        lot = self._stock_lot(self.syringe, "NOSIG-1", 10, state="hold")
        with self.assertRaisesRegex(UserError, "needs an electronic signature"):
            lot._md_change_quality_state("released", "Released without any signature")
        with self.assertRaisesRegex(UserError, "needs an electronic signature"):
            lot.sudo()._md_change_quality_state("released", "Released without any signature")
        self.assertEqual(lot.md_quality_state, "hold")
        self.assertFalse(self._changes(lot))

    def test_keeper_cannot_release_or_reject(self):
        lot = self._stock_lot(self.syringe, "KEEP-1", 10, state="hold")
        for new_state in ("released", "rejected", "quarantine"):
            with self.assertRaisesRegex(AccessError, "Only members of .* may set lots to"):
                self._wizard(lot, new_state, self.keeper).action_apply()
        self.assertEqual(lot.md_quality_state, "hold")
        self.assertFalse(self._changes(lot))
        self.assertEqual(self._quants(lot, self.stock), 10)

    def test_quarantined_lot_released_by_acceptance_only(self):
        lot = self._stock_lot(self.syringe, "QUA-1", 10, state="quarantine", location=self.quarantine)
        with self.assertRaisesRegex(UserError, "QUA-1 cannot be set to Released from their current status. "
                                               "A quarantined lot is released by signing its acceptance."):
            self._wizard(lot, "released", self.qa_user).action_apply()
        self.assertEqual(lot.md_quality_state, "quarantine")
        self.assertFalse(self._changes(lot))
        # A rejected lot cannot be brought back either.
        rejected = self._stock_lot(self.syringe, "REJ-X", 2, state="rejected", location=self.nonconforming)
        with self.assertRaisesRegex(UserError, "Allowed from: On Hold"):
            self._wizard(rejected, "released", self.qa_user).action_apply()
        self.assertEqual(rejected.md_quality_state, "rejected")

    def test_rejected_stock_goes_to_nonconforming(self):
        lot = self._stock_lot(self.syringe, "BAD-1", 10, state="hold")
        self.env["stock.quant"]._update_available_quantity(self.syringe, self.quarantine, 3, lot_id=lot)
        self._wizard(lot, "rejected", self.qa_user, reason="Sterility test failed for this lot").action_apply()
        self.assertEqual(lot.md_quality_state, "rejected")
        self.assertEqual(self._quants(lot, self.stock), 0)
        self.assertEqual(self._quants(lot, self.quarantine), 0)
        self.assertEqual(self._quants(lot, self.nonconforming), 13)
        change = self._changes(lot)
        moves = self.env["stock.move"].search([("origin", "=", change.name), ("state", "=", "done")])
        self.assertEqual(set(moves.mapped("location_id")), {self.stock, self.quarantine})
        self.assertEqual(moves.location_dest_id, self.nonconforming)


    # Refusals of the status-change API ---------------------------------------------

    def test_change_refusals(self):
        lot = self._stock_lot(self.syringe, "API-1", 4)
        gloves = self.env["product.product"].create({"name": "Exam gloves", "is_storable": True, "tracking": "lot"})
        paper_lot = self.env["stock.lot"].create({"product_id": gloves.id, "name": "GL-1"})
        with self.assertRaisesRegex(UserError, "applies to lots of medical devices only"):
            paper_lot._md_change_quality_state("hold", REASON)
        with self.assertRaisesRegex(UserError, "Give the reason for the status change"):
            lot._md_change_quality_state("hold", "   ")
        with self.assertRaisesRegex(UserError, "already have the status Released"):
            lot._md_change_quality_state("released", REASON, signature=self.env["md.signature"].browse(1))
        self.assertFalse(self._changes(lot))
        self.assertEqual(lot.md_quality_state, "released")

    def test_release_request_goes_stale(self):
        lot = self._stock_lot(self.syringe, "STALE-1", 4, state="hold")
        request = lot._md_request_quality_state("released", REASON)
        lot._md_change_quality_state("rejected", "Found damaged during maintenance check")
        with self.assertRaisesRegex(UserError, "changed since this request"):
            request.with_user(self.qa_user)._md_sign("released")
        self.assertEqual(lot.md_quality_state, "rejected")
        self.assertEqual(request.state, "pending")
        self.assertFalse(request.md_signed)

    def test_relocation_needs_the_target_zone(self):
        lot = self._stock_lot(self.syringe, "NOZONE-1", 4)
        self.warehouse.md_nonconforming_location_id = False
        with self.assertRaisesRegex(UserError, "GSP Test Warehouse has no GSP zones"):
            lot._md_change_quality_state("rejected", REASON)
        self.assertEqual(lot.md_quality_state, "released")
        self.assertEqual(self._quants(lot, self.stock), 4)


@tagged("post_install", "-at_install")
class TestInstallHook(GspCommon):

    def test_lots_before_installation_go_on_hold(self):
        from .. import post_init_hook  # noqa: PLC0415

        old = self._stock_lot(self.syringe, "BEFORE-GSP", 5)
        self.env.cr.execute("UPDATE stock_lot SET md_quality_state = NULL WHERE id = %s", [old.id])
        old.invalidate_recordset(["md_quality_state"])
        post_init_hook(self.env)
        self.assertEqual(old.md_quality_state, "hold")
        line = old.md_quality_line_ids
        self.assertEqual((line.old_state, line.new_state), (False, "hold"))
        self.assertIn("before GSP quality control", line.reason)
        self.assertEqual(self._quants(old, self.stock), 5, "holding does not move stock")
