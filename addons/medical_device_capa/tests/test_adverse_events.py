import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CapaCommon

AWARE = date(2026, 11, 2)
QA_GROUP = "medical_device_base.group_md_qa_manager"
REPORT_ACTIVITY = "medical_device_capa.mail_activity_md_adverse_event_report"


@tagged("post_install", "-at_install")
class TestAdverseEvents(CapaCommon):

    def _event(self, user=None, **values):
        return self.env["md.adverse.event"].with_user(user or self.seller).create(dict({
            "product_id": self.syringe.id, "awareness_date": AWARE, "seriousness": "serious_injury",
            "reporter_partner_id": self.hospital.id,
            "description": "Needle detached from the barrel during an injection; the patient's arm was cut.",
        }, **values)).with_env(self.env)

    def _reported(self, **values):
        event = self._event(report_number="AE-NMPA-2026-000123", **values)
        event.with_user(self.qa_user).action_mark_reported()
        return event

    def _snapshot(self, event):
        return event.read(["state", "reported_on", "reported_by", "mah_notified_on", "mah_notified_by",
                           "report_deadline", "seriousness", "report_number", "lot_ids"])[0]

    # Deadlines ---------------------------------------------------------------

    def test_deadline_by_seriousness_and_place(self):
        self.company.md_ae_other_report_days = 15
        deadlines = {
            (seriousness, overseas): self._event(seriousness=seriousness, overseas=overseas).report_deadline
            for seriousness, overseas in [("death", False), ("serious_injury", False), ("other", False),
                                          ("death", True), ("serious_injury", True)]}
        self.assertEqual(deadlines, {
            ("death", False): date(2026, 11, 9),
            ("serious_injury", False): date(2026, 11, 22),
            ("other", False): date(2026, 11, 17),
            ("death", True): date(2026, 12, 2),
            ("serious_injury", True): date(2026, 12, 2),
        })

    def test_deadline_follows_changes_until_reported(self):
        event = self._event(seriousness="other")
        self.assertEqual(event.report_deadline, date(2026, 12, 2))  # the company's default 30 days
        event.with_user(self.seller).seriousness = "death"
        self.assertEqual(event.report_deadline, date(2026, 11, 9))
        event.with_user(self.seller).seriousness = "serious_injury"
        self.assertEqual(event.report_deadline, date(2026, 11, 22))
        event.with_user(self.seller).awareness_date = date(2026, 11, 5)
        self.assertEqual(event.report_deadline, date(2026, 11, 25))
        event.with_user(self.seller).overseas = True
        self.assertEqual(event.report_deadline, date(2026, 12, 5))
        # The company's own deadline applies to events recorded after the change, not to this one.
        self.company.md_ae_other_report_days = 10
        self.assertEqual(event.report_deadline, date(2026, 12, 5))

    def test_countdown_status(self):
        with freeze_time("2026-11-07 12:00:00"):
            on_time = self._event(seriousness="serious_injury")        # due 11-22
            boundary = self._event(seriousness="death", awareness_date=date(2026, 11, 3))  # due 11-10
            due_soon = self._event(seriousness="death")                 # due 11-09
            due_today = self._event(seriousness="death", awareness_date=date(2026, 10, 31))  # due 11-07
            overdue = self._event(seriousness="death", awareness_date=date(2026, 10, 30))  # due 11-06
            reported = self._reported(seriousness="death", awareness_date=date(2026, 10, 1))
            cancelled = self._event()
            cancelled.with_user(self.seller).action_cancel()
            events = on_time | boundary | due_soon | due_today | overdue | reported | cancelled
            events.invalidate_recordset(["days_left", "deadline_status"])
            self.assertEqual([(e.days_left, e.deadline_status) for e in events], [
                (15, "on_time"), (3, "on_time"), (2, "due_soon"), (0, "due_soon"), (-1, "overdue"),
                (-30, "reported"), (15, False)])

    # MAH -----------------------------------------------------------------------

    def test_mah_defaults_from_the_registrant(self):
        self.assertEqual(self._event().mah_partner_id, self.maker)
        self.assertEqual(self._event(mah_partner_id=self.supplier.id).mah_partner_id, self.supplier)
        other_holder = self.env["res.partner"].create({"name": "Stent Registrant Ltd.", "is_company": True})
        self.cert_stent.holder_id = other_holder
        with Form(self.env["md.adverse.event"].with_user(self.seller)) as form:
            form.product_id = self.syringe
            self.assertEqual(form.mah_partner_id, self.maker)
            form.product_id = self.stent
            self.assertEqual(form.mah_partner_id, other_holder)
            form.description = "Stent migrated after implantation."

    def test_mah_notification(self):
        event = self._event(mah_partner_id=False)
        with self.assertRaisesRegex(UserError, "Name the marketing authorisation holder"):
            event.with_user(self.seller).action_mark_mah_notified()
        self.assertFalse(event.mah_notified_on or event.mah_notified_by)

        event.mah_partner_id = self.maker
        with freeze_time("2026-11-03 08:30:00"):
            event.with_user(self.seller).action_mark_mah_notified()
        self.assertEqual((event.mah_notified_on, event.mah_notified_by),
                         (fields.Datetime.to_datetime("2026-11-03 08:30:00"), self.seller))
        with self.assertRaisesRegex(UserError, "was notified on 2026-11-03 08:30:00 UTC"):
            event.with_user(self.qa_user).action_mark_mah_notified()
        self.assertEqual(event.mah_notified_by, self.seller)

        cancelled = self._event()
        cancelled.with_user(self.seller).action_cancel()
        with self.assertRaisesRegex(UserError, "is cancelled"):
            cancelled.with_user(self.seller).action_mark_mah_notified()
        self.assertFalse(cancelled.mah_notified_on)

    # Reporting -----------------------------------------------------------------

    def test_report_refusals(self):
        event = self._event()
        before = self._snapshot(event)
        with self.assertRaisesRegex(UserError, "Enter the national report number"):
            event.with_user(self.qa_user).action_mark_reported()
        self.assertEqual(self._snapshot(event), before)

        event.write({"report_number": "   ", "description": "  "})
        with self.assertRaisesRegex(UserError, "(?s)national report number.*Describe the event"):
            event.with_user(self.qa_user).action_mark_reported()
        self.assertEqual(event.state, "draft")

        cancelled = self._event(report_number="AE-NMPA-2026-000124")
        cancelled.with_user(self.seller).action_cancel()
        with self.assertRaisesRegex(UserError, "is cancelled"):
            cancelled.with_user(self.qa_user).action_mark_reported()
        self.assertEqual((cancelled.state, cancelled.reported_on), ("cancel", False))

        with freeze_time("2026-11-04 10:00:00"):
            reported = self._reported()
        self.assertEqual((reported.state, reported.reported_on, reported.reported_by),
                         ("reported", date(2026, 11, 4), self.qa_user))
        with self.assertRaisesRegex(UserError, "was reported on 2026-11-04"):
            reported.with_user(self.seller).action_mark_reported()
        self.assertEqual(reported.reported_by, self.qa_user)

    def test_status_only_through_its_buttons(self):
        event = self._event(report_number="AE-NMPA-2026-000126")
        before = self._snapshot(event)
        for values in ({"state": "reported"}, {"reported_on": AWARE}, {"mah_notified_on": "2026-11-03 08:00:00"}):
            with self.assertRaisesRegex(UserError, "of Adverse Event change only through its buttons"):
                event.with_user(self.qa_user).write(values)
        self.assertEqual(self._snapshot(event), before)
        with self.assertRaisesRegex(UserError, "Select the adverse events to export"):
            self.env["md.adverse.event"].with_user(self.qa_user).action_export_report()

    def test_reported_facts_are_frozen(self):
        lot = self._stock_lot(self.syringe, "AE-LOT-1", 5)
        event = self._reported(lot_ids=[Command.set(lot.ids)], seriousness="death")
        before = self._snapshot(event)
        for values in ({"seriousness": "other"}, {"report_number": "AE-NMPA-2026-999"},
                       {"lot_ids": [Command.clear()]}, {"awareness_date": date(2026, 11, 1)},
                       {"overseas": True}, {"description": "Nothing happened."}, {"product_id": self.stent.id}):
            with self.assertRaisesRegex(UserError, "corrections go as a follow-up report"):
                event.with_user(self.qa_user).write(values)
            self.assertEqual(self._snapshot(event), before)
        self.assertEqual(event.report_deadline, date(2026, 11, 9))
        # What happens after the report is still recorded.
        event.with_user(self.seller).write({"outcome": "Patient recovered.", "mah_reference": "MAH-77"})
        self.assertEqual(event.outcome, "Patient recovered.")

    def test_close_rules(self):
        event = self._event(report_number="AE-NMPA-2026-000125")
        with self.assertRaisesRegex(UserError, "Only a reported event can be closed"):
            event.with_user(self.qa_user).action_close()
        event.with_user(self.qa_user).action_mark_reported()
        with self.assertRaisesRegex(UserError, "Notify the marketing authorisation holder"):
            event.with_user(self.qa_user).action_close()
        self.assertEqual(event.state, "reported")
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            event.with_user(self.qa_user).action_cancel()
        event.with_user(self.seller).action_mark_mah_notified()
        event.with_user(self.qa_user).action_close()
        self.assertEqual(event.state, "closed")
        with self.assertRaisesRegex(UserError, "Only a reported event can be closed"):
            event.with_user(self.qa_user).action_close()
        with self.assertRaisesRegex(UserError, "stays on record"):
            event.unlink()

    # Export --------------------------------------------------------------------

    def test_export_report_form(self):
        lot = self._stock_lot(self.syringe, "AE-LOT-2", 5)
        death = self._event(seriousness="death", lot_ids=[Command.set(lot.ids)], patient_age=67,
                            patient_gender="female", event_date=date(2026, 10, 30))
        overseas = self._event(product_id=self.stent.id, overseas=True,
                               country_id=self.env.ref("base.de").id)
        action = (death | overseas).with_user(self.seller).action_export_report()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/web/content/")[1].split("?")[0]))
        self.assertEqual(attachment.name, "Adverse Events.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        header = rows[0]
        by_ref = {row[header.index("Reference")]: dict(zip(header, row)) for row in rows[1:]}
        self.assertEqual(set(by_ref), {death.name, overseas.name})
        row = by_ref[death.name]
        self.assertEqual(
            {key: row[key] for key in ("Device Name", "Registration/Filing No.", "Lots/Serials", "UDI-DI",
                                       "Marketing Authorisation Holder", "Event Date", "Aware On", "Report By",
                                       "Seriousness", "Occurred Overseas", "Patient Age", "Patient Gender",
                                       "Where It Happened", "Reporter")},
            {"Device Name": "Test Syringe 5 ml", "Registration/Filing No.": "苏械注准20172141234",
             "Lots/Serials": "AE-LOT-2", "UDI-DI": self.syringe.md_udi_di,
             "Marketing Authorisation Holder": "Test Maker Co.",
             "Event Date": "2026-10-30", "Aware On": "2026-11-02", "Report By": "2026-11-09",
             "Seriousness": "Death", "Occurred Overseas": "No", "Patient Age": 67, "Patient Gender": "Female",
             "Where It Happened": "Test Hospital", "Reporter": self.company.name})
        self.assertEqual((by_ref[overseas.name]["Seriousness"], by_ref[overseas.name]["Occurred Overseas"],
                          by_ref[overseas.name]["Country"], by_ref[overseas.name]["Report By"]),
                         ("Serious Injury", "Yes", "Germany", "2026-12-02"))

        single = death.with_user(self.seller).action_export_report()
        attachment = self.env["ir.attachment"].browse(int(single["url"].split("/web/content/")[1].split("?")[0]))
        self.assertEqual(attachment.name, f"{death.name.replace('/', '-')}.xlsx")

    # Cron ----------------------------------------------------------------------

    def _report_activities(self, events):
        return self.env["mail.activity"].search([
            ("res_model", "=", "md.adverse.event"), ("res_id", "in", events.ids),
            ("activity_type_id", "=", self.env.ref(REPORT_ACTIVITY).id)])

    def test_cron_tells_qa_once(self):
        self.company.md_qa_responsible_id = self.qa_user
        with freeze_time("2026-11-07 12:00:00"):
            due_soon = self._event(seriousness="death")                                   # due 11-09
            overdue = self._event(seriousness="serious_injury", awareness_date=date(2026, 10, 10))  # 10-30
            far = self._event(seriousness="death", awareness_date=date(2026, 11, 6))      # due 11-13
            reported = self._reported(seriousness="death", awareness_date=date(2026, 10, 1))
            cancelled = self._event(seriousness="death", awareness_date=date(2026, 10, 1))
            cancelled.with_user(self.seller).action_cancel()
            Event = self.env["md.adverse.event"]
            Event._cron_md_adverse_event_deadlines()
            Event._cron_md_adverse_event_deadlines()
        activities = self._report_activities(due_soon | overdue | far | reported | cancelled)
        qa = self.qa_user  # the company's QA responsible
        self.assertEqual(sorted((a.res_id, a.user_id, a.date_deadline) for a in activities), sorted([
            (due_soon.id, qa, date(2026, 11, 9)), (overdue.id, qa, date(2026, 10, 30))]))

        # Done is done: the cron does not ask again; reporting settles the other one.
        activities.filtered(lambda a: a.res_id == overdue.id).action_feedback(feedback="Phoned the centre.")
        due_soon.report_number = "AE-NMPA-2026-000200"
        due_soon.with_user(self.qa_user).action_mark_reported()
        with freeze_time("2026-11-08 12:00:00"):
            self.env["md.adverse.event"]._cron_md_adverse_event_deadlines()
        self.assertFalse(self._report_activities(due_soon | overdue | far))

    def test_cron_without_qa_manager_tells_the_creator(self):
        self.company.md_qa_responsible_id = False
        self.env.ref(QA_GROUP).users = [Command.clear()]
        with freeze_time("2026-11-08 12:00:00"):
            event = self._event(seriousness="death")
            self.env["md.adverse.event"]._cron_md_adverse_event_deadlines()
        self.assertEqual(self._report_activities(event).user_id, self.seller)

    # CAPA source ---------------------------------------------------------------

    def test_capa_source_values(self):
        lot = self._supplied_lot("AE-SUP-1", 10)
        event = self._event(seriousness="death", lot_ids=[Command.set(lot.ids)])
        values = event._md_capa_values()
        self.assertEqual(values, {
            "title": f"{event.name}: Test Syringe 5 ml (Death)", "description": event.description,
            "product_id": self.syringe.id, "lot_ids": lot.ids, "partner_id": self.supplier.id,
            "company_id": self.company.id})
        self.assertFalse(self._event()._md_capa_values()["partner_id"])
        self.assertEqual(event._md_capa_problems("md.capa"), [])
        event.with_user(self.seller).action_cancel()
        with self.assertRaisesRegex(UserError, "is cancelled"):
            event.with_user(self.qa_user).action_md_open_capa()

    def test_sequence(self):
        self.assertRegex(self._event().name, rf"^AE/{fields.Date.today().year}/\d{{4}}$")
