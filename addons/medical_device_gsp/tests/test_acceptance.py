import re

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import GspCommon


@tagged("post_install", "-at_install")
class TestAcceptance(GspCommon):
    """Signing an acceptance: what it moves, when it is refused, and how a signed one stays as it was."""

    # Helpers -------------------------------------------------------------------

    def _lots(self, picking):
        return {lot.name: lot for lot in picking.move_line_ids.lot_id}

    def _fill(self, acceptance, values, user=None):
        """Write the same inspection values on every line, as the inspector."""
        acceptance.line_ids.with_user(user or self.inspector).write(dict({"delivery_note_check": "pass"}, **values))

    def _signatures(self, record):
        return self.env["md.signature"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def _changes(self, acceptance):
        return self.env["md.quality.change"].search([("origin", "=", acceptance.name)])

    def assertNotSigned(self, acceptance):
        """Nothing happened: unsigned, no signature, no status change, stock still in quarantine."""
        self.assertFalse(acceptance.md_signed)
        self.assertEqual(acceptance.state, "draft")
        self.assertFalse(acceptance.inspector_id)
        self.assertFalse(self._signatures(acceptance))
        self.assertFalse(self._changes(acceptance))
        self.assertEqual(acceptance.picking_id.md_acceptance_state, "draft")
        for line in acceptance.line_ids:
            self.assertEqual(line.lot_id.md_quality_state, "quarantine")
            self.assertEqual(self._quants(line.lot_id, self.quarantine), line.qty_received)
            self.assertEqual(self._quants(line.lot_id, self.stock), 0)
            self.assertEqual(self._quants(line.lot_id, self.nonconforming), 0)

    def assertSignRefused(self, acceptance, *fragments, user=None):
        with self.assertRaisesRegex(UserError, f"{acceptance.name} cannot be signed yet:") as caught:
            acceptance.with_user(user or self.inspector)._md_sign("accepted")
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertNotSigned(acceptance)
        return message

    # Counting by scan ------------------------------------------------------------

    def test_scan_counts_accepted_and_rejected_units(self):
        _picking, acceptance = self._received(self.syringe, [("SCN-1", 4, 400)])
        _picking, serials = self._received(self.stent, [("SCN-SN-1", 1, 400)])
        inspector = acceptance.with_user(self.inspector)
        code = "(01)06909999000012(10)SCN-1"
        # The form's scan field and the scanner's call take the same path.
        inspector.write({"scan_udi": code})
        line = inspector.action_scan_udi(code, "reject", reason="Blister torn open")
        inspector.action_scan_udi(f"{code}(30)2")
        self.assertRecordValues(acceptance.line_ids, [{"qty_accepted": 3, "qty_rejected": 1,
                                                       "reason": "Blister torn open"}])
        self.assertEqual(line, acceptance.line_ids)
        serials.with_user(self.inspector).action_scan_udi("(01)06909999000029(21)SCN-SN-1", "reject")
        refusals = [
            (acceptance, code, "SCN-1: 4 of the 4 received are counted already; 1 more is too many."),
            (acceptance, "(01)06909999000012(10)NOT-HERE", "Test Syringe 5 ml NOT-HERE is not on acceptance"),
            (acceptance, "(01)06909999000029(21)SCN-SN-1", "Test Stent 3.0x18 SCN-SN-1 is not on acceptance"),
            (serials, "(01)06909999000029(21)SCN-SN-1", "Serial number SCN-SN-1 of Test Stent 3.0x18 is already "
                                                         "counted"),
        ]
        for record, scanned, message in refusals:
            with self.subTest(scanned), self.assertRaisesRegex(UserError, re.escape(message)):
                record.with_user(self.inspector).action_scan_udi(scanned)
        self.assertRecordValues(acceptance.line_ids | serials.line_ids, [
            {"qty_accepted": 3, "qty_rejected": 1}, {"qty_accepted": 0, "qty_rejected": 1}])
        # Checks for every line; a failed one needs its reason.
        with self.assertRaisesRegex(UserError, r"Give the reason for the failed check \(Packaging\)"):
            inspector.action_record_checks(packaging="fail")
        self.assertFalse(acceptance.line_ids.packaging_check)
        inspector.action_record_checks(packaging="pass", label="pass", delivery_note="pass")
        self.assertRecordValues(acceptance.line_ids, [{"packaging_check": "pass", "label_check": "pass",
                                                       "delivery_note_check": "pass"}])
        inspector._md_sign("accepted")
        with self.assertRaisesRegex(UserError, "is signed; its counts can no longer change"):
            inspector.action_scan_udi(code)
        with self.assertRaisesRegex(UserError, "is signed; its checks can no longer change"):
            inspector.action_record_checks(label="fail", reason="Label smudged")
        self.assertEqual(self._quants(acceptance.line_ids.lot_id, self.stock), 3)

    # Signing -------------------------------------------------------------------

    def test_partial_acceptance(self):
        picking, acceptance = self._received(self.syringe, [("PA-1", 10, 400), ("PA-2", 5, 500), ("PA-3", 4, 600)])
        lots = self._lots(picking)
        signature = self._accept(acceptance, {"PA-1": (7, 3), "PA-2": (0, 5)})

        self.assertEqual(signature.meaning, "accepted")
        self.assertEqual(signature.signer_id, self.inspector)
        self.assertEqual(self._signatures(acceptance), signature)
        self.assertTrue(acceptance.md_signed)
        self.assertEqual(acceptance.state, "accepted")
        self.assertEqual(acceptance.inspector_id, self.inspector)
        self.assertEqual(acceptance.accepted_on, signature.signed_at)
        self.assertEqual((acceptance.qty_received, acceptance.qty_accepted, acceptance.qty_rejected), (19, 11, 8))
        conclusions = {line.lot_id.name: line.conclusion for line in acceptance.line_ids}
        self.assertEqual(conclusions, {"PA-1": "partial", "PA-2": "rejected", "PA-3": "accepted"})

        # Accepted units to released stock, rejected ones to the nonconforming zone.
        self.assertEqual(lots["PA-1"].md_quality_state, "released")
        self.assertEqual(lots["PA-2"].md_quality_state, "rejected")
        self.assertEqual(lots["PA-3"].md_quality_state, "released")
        self.assertEqual(self._quants(lots["PA-1"], self.stock), 7)
        self.assertEqual(self._quants(lots["PA-1"], self.nonconforming), 3)
        self.assertEqual(self._quants(lots["PA-2"], self.stock), 0)
        self.assertEqual(self._quants(lots["PA-2"], self.nonconforming), 5)
        self.assertEqual(self._quants(lots["PA-3"], self.stock), 4)
        for lot in lots.values():
            self.assertEqual(self._quants(lot, self.quarantine), 0, lot.name)

        # Status changes are recorded, authorised by the acceptance's signature.
        changes = self._changes(acceptance)
        self.assertEqual(len(changes), 2)
        released = changes.filtered(lambda c: c.new_state == "released")
        rejected = changes.filtered(lambda c: c.new_state == "rejected")
        self.assertEqual(released.line_ids.lot_id, lots["PA-1"] | lots["PA-3"])
        self.assertEqual(rejected.line_ids.lot_id, lots["PA-2"])
        self.assertEqual(set(changes.line_ids.mapped("old_state")), {"quarantine"})
        self.assertEqual(changes.signature_id, signature)
        self.assertEqual(set(changes.mapped("state")), {"done"})
        self.assertIn(f"Accepted by {acceptance.name}", released.reason)
        self.assertIn("Outer carton crushed, units damaged", rejected.reason)
        self.assertEqual(picking.md_acceptance_state, "accepted")

    def test_serial_stent_one_line_per_serial(self):
        picking, acceptance = self._received(self.stent, [("ST-001", 1, 800), ("ST-002", 1, 800),
                                                          ("ST-003", 1, 800)])
        self.assertEqual(len(acceptance.line_ids), 3)
        self.assertEqual(sorted(acceptance.line_ids.lot_id.mapped("name")), ["ST-001", "ST-002", "ST-003"])
        self.assertEqual(set(acceptance.line_ids.mapped("qty_received")), {1})
        self.assertEqual(acceptance.line_ids.mapped("certificate_number"), ["国械注准20193130123"] * 3)
        lots = self._lots(picking)
        self._accept(acceptance, {"ST-003": (0, 1)})
        self.assertEqual(self._quants(lots["ST-001"], self.stock), 1)
        self.assertEqual(self._quants(lots["ST-002"], self.stock), 1)
        self.assertEqual(self._quants(lots["ST-003"], self.nonconforming), 1)
        self.assertEqual(lots["ST-003"].md_quality_state, "rejected")
        self.assertEqual(lots["ST-001"].md_quality_state, "released")

    # Refusals ------------------------------------------------------------------

    def test_refused_when_quantities_do_not_add_up(self):
        _picking, acceptance = self._received(self.syringe, [("QA-1", 10, 400)])
        self._fill(acceptance, {"qty_accepted": 8, "qty_rejected": 1, "packaging_check": "fail",
                                "label_check": "pass", "reason": "One unit crushed in transit"})
        self.assertEqual(acceptance.line_ids.conclusion, "pending")
        self.assertSignRefused(acceptance, "Test Syringe 5 ml QA-1: accepted (8.0) and rejected (1.0) must add up "
                                           "to the 10.0 received.")

    def test_refused_when_negative(self):
        _picking, acceptance = self._received(self.syringe, [("NEG-1", 10, 400)])
        self._fill(acceptance, {"qty_accepted": 12, "qty_rejected": -2, "packaging_check": "pass",
                                "label_check": "pass", "reason": "Counting error"})
        self.assertSignRefused(acceptance, "Test Syringe 5 ml NEG-1: quantities cannot be negative.")

    def test_refused_when_checks_missing(self):
        _picking, acceptance = self._received(self.syringe, [("CK-1", 10, 400)])
        self._fill(acceptance, {"qty_accepted": 10, "packaging_check": "pass"})
        message = self.assertSignRefused(acceptance, "Test Syringe 5 ml CK-1: record the packaging and label checks.")
        self.assertNotIn("must add up", message)

    def test_refused_when_rejection_without_reason(self):
        _picking, acceptance = self._received(self.syringe, [("RR-1", 10, 400)])
        self._fill(acceptance, {"qty_accepted": 8, "qty_rejected": 2, "packaging_check": "fail",
                                "label_check": "pass"})
        self.assertSignRefused(acceptance, "Test Syringe 5 ml RR-1: give the reason for the rejection")
        # A few blank characters are no reason either.
        self._fill(acceptance, {"reason": "  no  "})
        self.assertSignRefused(acceptance, "give the reason for the rejection")

    def test_refused_when_accepted_despite_failed_check_without_reason(self):
        _picking, acceptance = self._received(self.syringe, [("FC-1", 10, 400)])
        self._fill(acceptance, {"qty_accepted": 10, "packaging_check": "pass", "label_check": "fail"})
        self.assertSignRefused(acceptance, "or for accepting despite a failed check")
        self._fill(acceptance, {"reason": "Label smudged but legible; lot and expiry checked against the UDI"})
        acceptance.with_user(self.inspector)._md_sign("accepted")
        self.assertEqual(acceptance.line_ids.lot_id.md_quality_state, "released")

    def test_receiver_may_not_sign_own_receipt(self):
        picking = self._validate(self._receipt(self.syringe, [("SEG-1", 10, 400)], user=self.inspector),
                                 user=self.inspector)
        acceptance = picking.md_acceptance_ids
        self.assertEqual(acceptance.receiver_id, self.inspector)
        self.assertTrue(self.company.md_acceptance_segregation)
        with self.assertRaisesRegex(UserError, "segregation of duties") as caught:
            self._accept(acceptance)
        self.assertIn(f"Ivy Inspector validated receipt {picking.name} and may not also sign its acceptance",
                      str(caught.exception))
        self.assertNotSigned(acceptance)

        # Another inspector may.
        other = new_test_user(self.env, "md_inspector2", name="Ines Inspector",
                              groups="base.group_user,stock.group_stock_user,medical_device_base.group_md_inspector")
        signature = self._accept(acceptance, user=other)
        self.assertEqual(signature.signer_id, other)
        self.assertEqual(acceptance.line_ids.lot_id.md_quality_state, "released")

    def test_receiver_may_sign_when_segregation_off(self):
        self.company.md_acceptance_segregation = False
        picking = self._validate(self._receipt(self.syringe, [("SEG-2", 10, 400)], user=self.inspector),
                                 user=self.inspector)
        acceptance = picking.md_acceptance_ids
        signature = self._accept(acceptance)
        self.assertEqual(signature.signer_id, self.inspector)
        self.assertEqual(acceptance.inspector_id, acceptance.receiver_id)
        lot = acceptance.line_ids.lot_id
        self.assertEqual(lot.md_quality_state, "released")
        self.assertEqual(self._quants(lot, self.stock), 10)

    def test_receiver_without_inspector_group_cannot_sign(self):
        self.assertFalse(self.receiver.has_group("medical_device_base.group_md_inspector"))
        _picking, acceptance = self._received(self.syringe, [("RC-1", 10, 400)])
        with self.assertRaises(AccessError):
            acceptance.line_ids.with_user(self.receiver).write({"qty_accepted": 10})
        self._fill(acceptance, {"qty_accepted": 10, "packaging_check": "pass", "label_check": "pass"})
        with self.assertRaisesRegex(AccessError, "may sign"):
            acceptance.with_user(self.receiver)._md_sign("accepted")
        self.assertNotSigned(acceptance)

    def test_signing_twice_refused(self):
        picking, acceptance = self._received(self.syringe, [("TW-1", 10, 400)])
        lot = self._lots(picking)["TW-1"]
        self._accept(acceptance, {"TW-1": (9, 1)})
        with self.assertRaisesRegex(UserError, f"{acceptance.name} is already signed."):
            acceptance.with_user(self.inspector)._md_sign("accepted")
        with self.assertRaisesRegex(UserError, f"{acceptance.name} is already signed."):
            acceptance.with_user(self.inspector).action_sign_acceptance()
        self.assertEqual(len(self._signatures(acceptance)), 1)
        self.assertEqual(len(self._changes(acceptance)), 1)
        self.assertEqual(self._quants(lot, self.stock), 9)
        self.assertEqual(self._quants(lot, self.nonconforming), 1)

    # A signed acceptance is frozen ----------------------------------------------

    def test_signed_acceptance_cannot_be_edited(self):
        _picking, acceptance = self._received(self.syringe, [("ED-1", 10, 400)])
        self._accept(acceptance)
        line = acceptance.line_ids
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            acceptance.with_user(self.inspector).write({"note": "Second thoughts"})
        with self.assertRaisesRegex(UserError, "its lines can no longer be changed"):
            line.with_user(self.inspector).write({"qty_accepted": 5, "qty_rejected": 5})
        # Not even with every right.
        with self.assertRaisesRegex(UserError, "its lines can no longer be changed"):
            line.sudo().write({"reason": "Written by an administrator"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            acceptance.sudo().write({"note": "Written by an administrator"})
        with self.assertRaisesRegex(UserError, "Lines cannot be added to a signed acceptance."):
            self.env["md.acceptance.line"].sudo().create({
                "acceptance_id": acceptance.id, "product_id": self.syringe.id, "lot_id": line.lot_id.id,
                "qty_received": 3, "qty_accepted": 3})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            acceptance.sudo().write({"line_ids": [Command.create({
                "product_id": self.syringe.id, "lot_id": line.lot_id.id, "qty_received": 3})]})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            line.sudo().unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            acceptance.sudo().unlink()
        self.assertEqual(len(acceptance.line_ids), 1)
        self.assertEqual((line.qty_accepted, line.qty_rejected), (10, 0))
        self.assertFalse(acceptance.note)
        self.assertTrue(acceptance.exists())

    def test_draft_acceptance_only_inspection_fields_editable(self):
        _picking, acceptance = self._received(self.syringe, [("DR-1", 10, 400)])
        line = acceptance.line_ids
        with self.assertRaisesRegex(UserError, "Only the inspection fields of an acceptance line can be changed."):
            line.with_user(self.inspector).write({"qty_received": 12})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            line.sudo().unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            acceptance.sudo().unlink()
        acceptance.with_user(self.inspector).write({"note": "Checked with the delivery note"})
        self.assertEqual(acceptance.note, "Checked with the delivery note")
        self.assertEqual(line.qty_received, 10)

    # Corrections ---------------------------------------------------------------

    def test_correction_signed_moves_no_stock(self):
        picking, acceptance = self._received(self.syringe, [("CO-1", 10, 400)])
        lot = self._lots(picking)["CO-1"]
        self._accept(acceptance, {"CO-1": (8, 2)})
        with self.assertRaisesRegex(AccessError, "Only a QA manager may correct"):
            acceptance.with_user(self.inspector)._md_create_correction("Inspectors do not correct signed records")
        self.assertFalse(acceptance.md_corrected)
        moves_before = self.env["stock.move.line"].search_count([("lot_id", "=", lot.id)])
        changes_before = self.env["md.quality.change"].search_count([])

        correction = acceptance.with_user(self.qa_user)._md_create_correction(
            "Packaging check was recorded against the wrong carton")
        self.assertNotEqual(correction, acceptance)
        self.assertEqual(correction.md_correction_of, acceptance)
        self.assertEqual(correction.md_correction_reason, "Packaging check was recorded against the wrong carton")
        self.assertEqual(correction.name, acceptance.name)
        self.assertEqual(correction.picking_id, picking)
        self.assertEqual(correction.state, "draft")
        self.assertFalse(correction.inspector_id)
        self.assertTrue(acceptance.md_corrected)
        self.assertEqual(acceptance.state, "corrected")
        self.assertEqual(picking.md_acceptance_state, "draft")
        self.assertEqual(picking.action_md_open_acceptance()["res_id"], correction.id)
        self.assertRecordValues(correction.line_ids, [{
            "lot_id": lot.id, "qty_received": 10, "qty_accepted": 8, "qty_rejected": 2,
            "reason": "Outer carton crushed, units damaged"}])
        self.assertNotEqual(correction.line_ids, acceptance.line_ids)

        correction.line_ids.with_user(self.inspector).write({"packaging_check": "pass", "label_check": "fail"})
        correction.with_user(self.inspector).write({"note": "Label of the rejected units torn, carton intact"})
        signature = correction.with_user(self.inspector)._md_sign("accepted")
        self.assertEqual(self._signatures(correction), signature)
        self.assertEqual(correction.state, "accepted")
        self.assertEqual(correction.inspector_id, self.inspector)
        self.assertEqual(picking.md_acceptance_state, "accepted")
        # The stock was moved by the original signature; a correction moves nothing again.
        self.assertEqual(self.env["stock.move.line"].search_count([("lot_id", "=", lot.id)]), moves_before)
        self.assertEqual(self.env["md.quality.change"].search_count([]), changes_before)
        self.assertEqual(self._quants(lot, self.stock), 8)
        self.assertEqual(self._quants(lot, self.nonconforming), 2)
        self.assertEqual(lot.md_quality_state, "released")
        # The original stays as it was signed.
        self.assertEqual(acceptance.line_ids.packaging_check, "fail")
        self.assertFalse(acceptance.note)

    def test_correction_may_not_change_quantities(self):
        picking, acceptance = self._received(self.syringe, [("CQ-1", 10, 400)])
        lot = self._lots(picking)["CQ-1"]
        self._accept(acceptance)
        correction = acceptance.with_user(self.qa_user)._md_create_correction(
            "Two units were found damaged after shelving")
        correction.line_ids.with_user(self.inspector).write({
            "qty_accepted": 8, "qty_rejected": 2, "packaging_check": "fail", "reason": "Two units damaged"})
        with self.assertRaisesRegex(UserError, "A correction cannot change accepted or rejected quantities"):
            correction.with_user(self.inspector)._md_sign("accepted")
        self.assertFalse(correction.md_signed)
        self.assertEqual(self._quants(lot, self.stock), 10)
        self.assertEqual(self._quants(lot, self.nonconforming), 0)
        self.assertEqual(lot.md_quality_state, "released")

    def test_correction_needs_reason_and_signed_original(self):
        _picking, acceptance = self._received(self.syringe, [("CN-1", 10, 400)])
        with self.assertRaisesRegex(UserError, "is not signed; change it directly"):
            acceptance.with_user(self.qa_user)._md_create_correction("Correction before any signature")
        self._accept(acceptance)
        with self.assertRaisesRegex(UserError, "at least 10 characters"):
            acceptance.with_user(self.qa_user)._md_create_correction("typo")
        self.assertFalse(acceptance.md_corrected)
        self.assertEqual(self.env["md.acceptance"].search_count([("picking_id", "=", acceptance.picking_id.id)]), 1)

    # Report and buttons ----------------------------------------------------------

    def test_report_shows_lot_registration_and_signature(self):
        _picking, acceptance = self._received(self.syringe, [("RP-1", 10, 400)])
        Report = self.env["ir.actions.report"].with_user(self.inspector)
        html = Report._render_qweb_html("medical_device_gsp.action_report_md_acceptance", acceptance.ids)[0]
        html = html.decode()
        self.assertIn("RP-1", html)
        self.assertIn("Not signed: not an acceptance yet.", html)

        signature = self._accept(acceptance)
        html = Report._render_qweb_html("medical_device_gsp.action_report_md_acceptance", acceptance.ids)[0]
        html = html.decode()
        self.assertIn(acceptance.name, html)
        self.assertIn("RP-1", html)
        self.assertIn("苏械注准20172141234", html)
        self.assertIn("Test Supplier Co.", html)
        self.assertIn("Rui Receiver", html)
        self.assertIn("Ivy Inspector", html)
        self.assertIn(signature.manifestation, html)
        self.assertIn("Ivy Inspector, ", signature.manifestation)
        self.assertTrue(signature.manifestation.endswith(", Accepted"), signature.manifestation)
        self.assertNotIn("Not signed", html)

    def test_sign_button_opens_wizard_only_when_complete(self):
        _picking, acceptance = self._received(self.syringe, [("SB-1", 10, 400)])
        with self.assertRaisesRegex(UserError, f"{acceptance.name} cannot be signed yet:"):
            acceptance.with_user(self.inspector).action_sign_acceptance()
        acceptance.with_user(self.inspector).action_accept_all()
        self.assertRecordValues(acceptance.line_ids, [{
            "qty_accepted": 10, "qty_rejected": 0, "packaging_check": "pass", "label_check": "pass",
            "conclusion": "accepted"}])
        action = acceptance.with_user(self.inspector).action_sign_acceptance()
        self.assertEqual(action["res_model"], "md.signature.wizard")
        self.assertEqual(action["context"]["default_res_model"], "md.acceptance")
        self.assertEqual(action["context"]["default_res_id"], acceptance.id)
        self.assertEqual(action["context"]["default_meaning"], "accepted")
        self.assertNotSigned(acceptance)

        # A storage keeper is no inspector: not even the password prompt.
        with self.assertRaisesRegex(AccessError, "may sign"):
            acceptance.with_user(self.keeper).action_sign_acceptance()

        # The prompt signs with the inspector's password.
        wizard = self.env["md.signature.wizard"].with_user(self.inspector).with_context(
            **action["context"]).create({"password": "md_inspector"})
        wizard.action_sign()
        self.assertEqual(acceptance.state, "accepted")
        self.assertEqual(acceptance.line_ids.lot_id.md_quality_state, "released")
        self.assertEqual(self._quants(acceptance.line_ids.lot_id, self.stock), 10)
