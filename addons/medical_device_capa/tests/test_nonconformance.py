from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CapaCommon


@tagged("post_install", "-at_install")
class TestNonconformance(CapaCommon):
    """Nonconformance: containment that holds the lots, QA's signed disposition, CAPA, report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gadget = cls.env["product.product"].create({
            "name": "Test Non-Device Gadget", "is_storable": True, "tracking": "lot"})

    def _nc(self, lots=None, user=None, **values):
        return self.env["md.nonconformance"].with_user(user or self.engineer).create(dict({
            "title": "Cracked barrels", "description": "Barrels cracked on the shelf",
            "product_id": self.syringe.id, "lot_ids": [Command.set((lots or self.env["stock.lot"]).ids)],
            "partner_id": self.supplier.id, "quantity": 5,
        }, **values)).with_env(self.env)

    def _contained(self, lots=None, **values):
        nc = self._nc(lots, containment="Set apart on the quarantine shelf", **values)
        nc.with_user(self.engineer).action_contain()
        return nc

    def _ready(self, lots=None, disposition="scrap", justification="Cracks cannot be repaired; scrap all units"):
        nc = self._contained(lots)
        nc.with_user(self.qa_user).write({"disposition": disposition, "justification": justification})
        return nc

    def _signatures(self, record):
        return self.env["md.signature"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def _changes(self, nc):
        return self.env["md.quality.change"].search([("origin", "=", nc.name)])

    def _sign_in_wizard(self, nc, user=None):
        user = user or self.qa_user
        action = nc.with_user(user).action_sign_disposition()
        self.assertEqual((action["res_model"], action["context"]["default_meaning"]),
                         ("md.signature.wizard", "approved"))
        self.env["md.signature.wizard"].with_user(user).with_context(**action["context"]).create(
            {"password": user.login + "x" * (8 - len(user.login))}).action_sign()

    # Containment -----------------------------------------------------------------

    def test_containment_holds_the_usable_lots_in_one_change(self):
        released = self._supplied_lot("NC-REL", 10)
        quarantined = self._stock_lot(self.syringe, "NC-QUA", 5, state="quarantine", location=self.quarantine)
        held = self._stock_lot(self.syringe, "NC-HOLD", 5, state="hold")
        rejected = self._stock_lot(self.syringe, "NC-REJ", 5, state="rejected", location=self.nonconforming)
        gadget_lot = self.env["stock.lot"].create({"product_id": self.gadget.id, "name": "GAD-1",
                                                   "company_id": self.company.id})
        history = {lot: len(lot.md_quality_line_ids) for lot in (held, rejected)}
        nc = self._nc(released | quarantined | held | rejected | gadget_lot)
        self.assertTrue(nc.name.startswith("NC/"), nc.name)
        self.assertEqual((nc.state, nc.user_id, nc.lot_count), ("draft", self.engineer, 5))

        nc.with_user(self.engineer).write({"containment": "  Shelf emptied, units in the cage  "})
        self.assertTrue(nc.with_user(self.engineer).action_contain())
        self.assertEqual(nc.state, "open")
        change = self._changes(nc)
        self.assertRecordValues(change, [{
            "new_state": "hold", "state": "done", "origin": nc.name, "user_id": self.engineer.id,
            "reason": f"{nc.name}: Shelf emptied, units in the cage"}])
        self.assertEqual(nc.quality_change_ids, change)
        self.assertEqual(change.line_ids.lot_id, released | quarantined)
        self.assertEqual({line.lot_id.name: line.old_state for line in change.line_ids},
                         {"NC-REL": "released", "NC-QUA": "quarantine"})
        self.assertEqual((released.md_quality_state, quarantined.md_quality_state), ("hold", "hold"))
        # Lots already kept from use, and lots of products that are not devices, are left alone.
        self.assertEqual((held.md_quality_state, rejected.md_quality_state), ("hold", "rejected"))
        self.assertFalse(gadget_lot.md_quality_state)
        self.assertEqual({lot: len(lot.md_quality_line_ids) for lot in (held, rejected)}, history)
        # Held stock stays where it was.
        self.assertEqual(self._quants(released, self.stock), 10)
        log = "\n".join(nc.message_ids.mapped("body"))
        self.assertIn("Put on hold: ", log)
        self.assertIn("NC-HOLD", log)

    def test_containment_without_lots_or_nothing_to_hold(self):
        nc = self._contained()
        self.assertEqual((nc.state, nc.quality_change_ids), ("open", self.env["md.quality.change"]))
        held = self._stock_lot(self.syringe, "NC-HOLD-2", 5, state="hold")
        other = self._contained(held)
        self.assertEqual(other.state, "open")
        self.assertFalse(other.quality_change_ids)
        self.assertFalse(self._changes(other))

    def test_containment_refusals(self):
        lot = self._supplied_lot("NC-REF", 10)
        nc = self._nc(lot, containment="short")
        with self.assertRaisesRegex(UserError, "Describe the immediate containment in at least 10 characters."):
            nc.with_user(self.engineer).action_contain()
        self.assertEqual((nc.state, lot.md_quality_state), ("draft", "released"))
        self.assertFalse(self._changes(nc))
        nc.with_user(self.engineer).containment = "Units set apart in the cage"
        nc.with_user(self.engineer).action_contain()
        with self.assertRaisesRegex(UserError, f"{nc.name} has already been contained or closed."):
            nc.with_user(self.engineer).action_contain()
        self.assertEqual(len(self._changes(nc)), 1)

    # Disposition -----------------------------------------------------------------

    def _assert_not_signed(self, nc, message, user=None, error=UserError):
        state = nc.state
        with self.assertRaisesRegex(error, message):
            nc.with_user(user or self.qa_user).action_sign_disposition()
        with self.assertRaisesRegex(error, message):
            nc.with_user(user or self.qa_user)._md_sign("approved")
        self.assertEqual((nc.state, nc.md_signed), (state, False))
        self.assertFalse(self._signatures(nc))

    def test_disposition_refusals(self):
        draft = self._nc(disposition="scrap", justification="Cracks cannot be repaired")
        self._assert_not_signed(draft, f"{draft.name} is Draft; only a contained nonconformance can be dispositioned.")
        nc = self._contained()
        self._assert_not_signed(nc, "Choose the disposition.")
        nc.with_user(self.qa_user).write({"disposition": "rework", "justification": " too short "})
        self._assert_not_signed(nc, "Justify the disposition in at least 10 characters.")
        nc.with_user(self.qa_user).write({"disposition": "use_as_is", "justification": "fine"})
        self._assert_not_signed(nc, r"A concession \(use as is\) must name who accepts the risk and on what evidence")
        nc.with_user(self.qa_user).justification = "Cosmetic only: QA accepts the risk, bench test report BT-12"
        self._assert_not_signed(nc, "Only members of .* may sign", user=self.engineer, error=AccessError)
        with self.assertRaises(UserError) as caught:
            self._nc().with_user(self.qa_user)._md_sign("approved")
        self.assertIn("• Choose the disposition.", str(caught.exception))
        self.assertIn("• Justify the disposition in at least 10 characters.", str(caught.exception))

    def test_signed_disposition_is_final(self):
        nc = self._ready(disposition="use_as_is",
                         justification="Cosmetic only: QA accepts the risk, bench test report BT-12")
        self._sign_in_wizard(nc)
        signature = self._signatures(nc)
        self.assertRecordValues(signature, [{"meaning": "approved", "signer_id": self.qa_user.id}])
        self.assertRecordValues(nc, [{"state": "done", "md_signed": True, "dispositioned_by": self.qa_user.id}])
        self.assertEqual(nc.dispositioned_on, signature.signed_at)
        for values in ({"disposition": "scrap"}, {"justification": "Changed my mind entirely"},
                       {"lot_ids": [Command.clear()]}):
            with self.assertRaisesRegex(UserError, f"{nc.name} is signed"):
                nc.with_user(self.qa_user).write(values)
        self.assertEqual((nc.disposition, nc.state), ("use_as_is", "done"))
        with self.assertRaisesRegex(UserError, f"{nc.name} has a signed disposition and cannot be cancelled."):
            nc.with_user(self.qa_user).action_cancel()
        with self.assertRaisesRegex(UserError, "is Dispositioned; only a contained nonconformance"):
            nc.with_user(self.qa_user)._md_sign("approved")
        self.assertEqual(len(self._signatures(nc)), 1)

    def test_status_only_through_its_buttons(self):
        nc = self._ready()
        for values in ({"state": "done"}, {"dispositioned_by": self.qa_user.id}, {"quality_change_ids": False}):
            with self.assertRaisesRegex(UserError, "of Nonconformance change only through its buttons"):
                nc.with_user(self.qa_user).write(values)
        with self.assertRaisesRegex(UserError, "Status of Nonconformance change only through its buttons"):
            self._nc(state="done")
        # Someone who may only read it cannot move it either.
        auditor = self.env["res.users"].create({
            "name": "Au Auditor", "login": "md_capa_auditor",
            "groups_id": [Command.set([self.env.ref("base.group_user").id,
                                       self.env.ref("medical_device_base.group_md_auditor").id])]})
        with self.assertRaises(AccessError):
            nc.with_user(auditor).action_cancel()
        self.assertRecordValues(nc, [{"state": "open", "md_signed": False, "dispositioned_by": False}])

    def test_cancel(self):
        lot = self._supplied_lot("NC-CAN", 4)
        nc = self._contained(lot)
        nc.with_user(self.engineer).action_cancel()
        self.assertEqual(nc.state, "cancel")
        # The hold stays: freeing a lot takes QA's decision.
        self.assertEqual(lot.md_quality_state, "hold")
        with self.assertRaisesRegex(UserError, f"{nc.name} is already cancelled."):
            nc.with_user(self.engineer).action_cancel()
        with self.assertRaisesRegex(UserError, f"{nc.name} is cancelled."):
            nc.with_user(self.qa_user).action_md_open_capa()
        with self.assertRaisesRegex(UserError, f"{nc.name} is Cancelled; only a contained"):
            nc.with_user(self.qa_user)._md_sign("approved")
        # It put a lot on hold: it stays on record, only a draft goes.
        with self.assertRaisesRegex(UserError, "Only draft nonconformances can be deleted"):
            nc.with_user(self.qa_user).unlink()
        self.assertTrue(nc.exists())
        draft = self.env["md.nonconformance"].with_user(self.qa_user).create(
            {"title": "Typo", "description": "Entered twice by mistake."})
        draft.unlink()
        self.assertFalse(draft.exists())

    # CAPA ------------------------------------------------------------------------

    def test_open_capa_from_nonconformance(self):
        lot = self._supplied_lot("NC-CAPA", 6)
        nc = self._contained(lot)
        action = nc.with_user(self.qa_user).action_md_open_capa()
        capa = Form(self.env["md.capa"].with_user(self.qa_user).with_context(**action["context"])).save()
        self.assertRecordValues(capa, [{
            "title": f"{nc.name}: Cracked barrels", "description": "Barrels cracked on the shelf",
            "product_id": self.syringe.id, "partner_id": self.supplier.id, "company_id": self.company.id}])
        self.assertEqual((capa.source_ref, capa.nonconformance_ids, capa.lot_ids), (nc, nc, lot))
        self.assertEqual((nc.capa_ids, nc.capa_count, nc.md_capa_count), (capa, 1, 1))
        self.assertEqual(self.env["md.capa"].search(nc.action_view_capas()["domain"]), capa)
        # Only QA opens a CAPA; a nonconformance is not the source of another one.
        with self.assertRaises(AccessError):
            nc.with_user(self.engineer).action_md_open_capa()
        with self.assertRaisesRegex(UserError, f"{nc.name} is itself a nonconformance"):
            nc.with_user(self.engineer).action_md_open_nonconformance()

    # Report ----------------------------------------------------------------------

    def _html(self, nc):
        html, kind = self.env["ir.actions.report"]._render_qweb_html(
            "medical_device_capa.report_md_nonconformance", nc.ids)
        self.assertEqual(kind, "html")
        return html.decode()

    def test_report(self):
        lot = self._supplied_lot("NC-PDF", 8)
        nc = self._ready(lot, disposition="return", justification="Supplier replaces the lot under claim C-7")
        html = self._html(nc)
        self.assertIn("Not signed", html)
        self._sign_in_wizard(nc)
        html = self._html(nc)
        for text in (nc.name, "Cracked barrels", "Test Supplier Co.", "NC-PDF", "Barrels cracked on the shelf",
                     "Set apart on the quarantine shelf", nc.quality_change_ids.name, "Return to Supplier",
                     "Supplier replaces the lot under claim C-7", self._signatures(nc).manifestation):
            self.assertIn(text, html)
        self.assertNotIn("Not signed", html)
