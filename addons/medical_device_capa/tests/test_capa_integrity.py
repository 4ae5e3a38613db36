from datetime import date

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CapaCommon

BUTTONS_ONLY = "change only through its buttons"


@tagged("post_install", "-at_install")
class TestCapaIntegrity(CapaCommon):
    """Status, who and when, scorecard figures and sources are set by the records' own methods only."""

    def _forged_value(self, record, name):
        field = record._fields[name]
        if field.type == "selection":
            return field.get_values(self.env)[-1]
        if field.type == "many2one":
            return self.env[field.comodel_name].search([], limit=1).id
        if field.type in ("one2many", "many2many"):
            return [Command.clear()]
        if field.type == "datetime":
            return fields.Datetime.now()
        if field.type == "date":
            return fields.Date.today()
        if field.type in ("float", "integer", "monetary"):
            return 42
        return "forged"

    def _assert_fields_refused(self, record, user):
        """Each field on the buttons' list, written by ``user`` who may edit the record, is refused."""
        names = record._md_workflow_fields
        self.assertTrue(names)
        before = record.read(list(names))
        for name in names:
            with self.subTest(model=record._name, field=name), self.assertRaisesRegex(UserError, BUTTONS_ONLY):
                record.with_user(user).write({name: self._forged_value(record, name)})
        record.invalidate_recordset()
        self.assertEqual(record.read(list(names)), before)

    def test_status_and_stamps_of_every_capa_record(self):
        nc = self.env["md.nonconformance"].with_user(self.engineer).create({
            "title": "Cracked barrels", "description": "Barrels cracked on the shelf", "product_id": self.syringe.id})
        capa = self.env["md.capa"].with_user(self.qa_user).create({"title": "Barrels", "description": "Cracks"})
        action = self.env["md.capa.action"].with_user(self.qa_user).create({
            "capa_id": capa.id, "name": "Audit the supplier", "user_id": self.engineer.id,
            "date_deadline": date(2030, 1, 1)})
        complaint = self.env["md.complaint"].with_user(self.seller).create({
            "title": "Needles come loose", "partner_id": self.hospital.id, "description": "Needle lost"})
        event = self.env["md.adverse.event"].with_user(self.seller).create({
            "product_id": self.syringe.id, "awareness_date": date(2026, 11, 2), "seriousness": "serious_injury",
            "reporter_partner_id": self.hospital.id, "description": "Needle detached during an injection"})
        for record, user in ((nc, self.engineer), (nc, self.qa_user), (capa, self.qa_user),
                             (action, self.qa_user), (complaint, self.seller),
                             (event, self.seller), (event, self.qa_user)):
            self._assert_fields_refused(record, user)
        # Not created in a later status or with someone else's name either.
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            self.env["md.nonconformance"].with_user(self.engineer).create({
                "title": "Cracked", "description": "Cracked", "user_id": self.qa_user.id})
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            self.env["md.adverse.event"].with_user(self.seller).create({
                "product_id": self.syringe.id, "awareness_date": date(2026, 11, 2), "state": "reported",
                "reporter_partner_id": self.hospital.id, "description": "Needle detached"})
        # The buttons still move them, stamping who and when.
        nc.with_user(self.engineer).write({"containment": "Set apart on the quarantine shelf"})
        nc.with_user(self.engineer).action_contain()
        self.assertEqual((nc.state, nc.user_id), ("open", self.engineer))
        complaint.with_user(self.seller).action_start_investigation()
        self.assertEqual(complaint.state, "investigation")
        event.with_user(self.qa_user).write({"report_number": "AE-NMPA-2026-000999"})
        event.with_user(self.qa_user).action_mark_reported()
        self.assertEqual((event.state, event.reported_by), ("reported", self.qa_user))

    def test_scorecard_figures_come_from_the_computation(self):
        card = self.env["md.supplier.scorecard"].with_user(self.qa_user)._md_compute_scorecards(
            date(2026, 1, 1), date(2026, 1, 31), partners=self.supplier)
        self.assertEqual(len(card), 1)
        self._assert_fields_refused(card, self.qa_user)
        with self.assertRaisesRegex(UserError, BUTTONS_ONLY):
            self.env["md.supplier.scorecard"].with_user(self.qa_user).create({
                "partner_id": self.other_supplier().id, "date_from": date(2026, 2, 1), "date_to": date(2026, 2, 28),
                "score": 99.0, "grade": "A"})
        # Computing again is the way to change them.
        again = card.with_user(self.qa_user).action_md_recompute()
        self.assertTrue(again)
        self.assertTrue(card.computed_on)

    def other_supplier(self):
        return self.env["res.partner"].create({"name": "Integrity Supplier", "is_company": True})

    def test_source_rules_hold_whatever_the_form_sends(self):
        _picking, acceptance = self._received(self.syringe, [("INT-CAPA", 5, 400)])
        line = acceptance.line_ids
        counts = (self.env["md.nonconformance"].search_count([]), self.env["md.capa"].search_count([]))
        # A line with nothing rejected, of an acceptance not signed, is no source, however the reference is given.
        with self.assertRaisesRegex(UserError, "nothing was rejected at acceptance"):
            self.env["md.nonconformance"].with_user(self.engineer).create({
                "title": "From acceptance", "description": "x", "source_ref": f"md.acceptance.line,{line.id}"})
        with self.assertRaisesRegex(UserError, "nothing was rejected at acceptance"):
            self.env["md.capa"].with_user(self.qa_user).with_context(
                default_source_ref=f"md.acceptance.line,{line.id}").create(
                    {"title": "From acceptance", "description": "x"})
        self.assertEqual((self.env["md.nonconformance"].search_count([]), self.env["md.capa"].search_count([])),
                         counts)
        # Nor is a source given or changed afterwards.
        capa = self.env["md.capa"].with_user(self.qa_user).create({"title": "Plain", "description": "x"})
        with self.assertRaisesRegex(UserError, "source of .* is on record"):
            capa.with_user(self.qa_user).write({"source_ref": f"md.acceptance.line,{line.id}"})
        self.assertFalse(capa.source_ref)
