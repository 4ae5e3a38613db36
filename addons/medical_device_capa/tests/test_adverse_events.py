import base64
import io
from datetime import date, datetime, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CapaCommon

# Times are UTC; the test company has no time zone.
AWARE = datetime(2026, 11, 2, 9, 0)
QA_GROUP = "medical_device_base.group_md_qa_manager"
REPORT_ACTIVITY = "medical_device_capa.mail_activity_md_adverse_event_report"
OVERDUE_ACTIVITY = "medical_device_capa.mail_activity_md_adverse_event_overdue"


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

    def _report_wizard(self, event, kind, user=None, **values):
        """The form the event's button opens, filled with ``values`` and saved, as ``user`` (QA by default)."""
        user = user or self.qa_user
        event = event.with_user(user)
        action = event.action_record_first_report() if kind == "first" else event.action_add_followup()
        self.assertEqual((action["res_model"], action["target"]), ("md.adverse.event.report.wizard", "new"))
        with Form(self.env[action["res_model"]].with_user(user).with_context(**action["context"])) as form:
            for name, value in values.items():
                setattr(form, name, value)
        return form.record

    def _first_reported(self, channel="phone", recipient="Jiangsu MPA duty officer Wang", **values):
        event = self._event(is_group_event=True, **values)
        self._report_wizard(event, "first", first_channel=channel, recipient=recipient).action_confirm()
        return event

    def _snapshot(self, event):
        return event.read(["state", "reported_on", "reported_by", "mah_notified_on", "mah_notified_by",
                           "report_deadline", "seriousness", "report_number", "lot_ids", "is_group_event",
                           "awareness_date", "first_report_on", "first_report_by", "first_report_channel",
                           "first_report_to"])[0]

    def _status_at(self, event, moment):
        """(hours left, deadline status) of ``event`` at ``moment``."""
        with freeze_time(moment):
            event.invalidate_recordset(["hours_left", "deadline_status"])
            return event.hours_left, event.deadline_status

    # Deadlines ---------------------------------------------------------------

    def test_deadline_by_seriousness_and_place(self):
        self.company.md_ae_other_report_days = 15
        deadlines = {
            (seriousness, overseas, group): self._event(seriousness=seriousness, overseas=overseas,
                                                        is_group_event=group).report_deadline
            for seriousness, overseas, group in [
                ("death", False, False), ("serious_injury", False, False), ("may_cause_serious", False, False),
                ("other", False, False), ("death", True, False), ("serious_injury", True, False),
                ("other", False, True), ("death", False, True), ("death", True, True)]}
        self.assertEqual(deadlines, {
            ("death", False, False): datetime(2026, 11, 9, 9, 0),
            ("serious_injury", False, False): datetime(2026, 11, 22, 9, 0),
            ("may_cause_serious", False, False): datetime(2026, 11, 22, 9, 0),
            ("other", False, False): datetime(2026, 11, 17, 9, 0),
            ("death", True, False): datetime(2026, 12, 2, 9, 0),
            ("serious_injury", True, False): datetime(2026, 12, 2, 9, 0),
            # A group event's first report is due within 12 hours, whatever the seriousness and wherever.
            ("other", False, True): datetime(2026, 11, 2, 21, 0),
            ("death", False, True): datetime(2026, 11, 2, 21, 0),
            ("death", True, True): datetime(2026, 11, 2, 21, 0),
        })

    def test_deadline_follows_changes_until_reported(self):
        event = self._event(seriousness="other")
        self.assertEqual(event.report_deadline, datetime(2026, 12, 2, 9, 0))  # the company's default 30 days
        event.with_user(self.seller).seriousness = "death"
        self.assertEqual(event.report_deadline, datetime(2026, 11, 9, 9, 0))
        event.with_user(self.seller).seriousness = "may_cause_serious"
        self.assertEqual(event.report_deadline, datetime(2026, 11, 22, 9, 0))
        event.with_user(self.seller).awareness_date = datetime(2026, 11, 5, 16, 30)
        self.assertEqual(event.report_deadline, datetime(2026, 11, 25, 16, 30))
        event.with_user(self.seller).is_group_event = True
        self.assertEqual(event.report_deadline, datetime(2026, 11, 6, 4, 30))
        event.with_user(self.seller).is_group_event = False
        event.with_user(self.seller).overseas = True
        self.assertEqual(event.report_deadline, datetime(2026, 12, 5, 16, 30))
        # The company's own deadline applies to events recorded after the change, not to this one.
        self.company.md_ae_other_report_days = 10
        self.assertEqual(event.report_deadline, datetime(2026, 12, 5, 16, 30))

    def test_clock_boundaries(self):
        """Each clock, one hour (a minute for the 12 hours) before its end and at its end: due, then overdue."""
        death = self._event(seriousness="death")
        serious = self._event(seriousness="serious_injury")
        may_cause = self._event(seriousness="may_cause_serious")
        other = self._event(seriousness="other")
        group = self._event(seriousness="other", is_group_event=True)
        self.env.flush_all()  # their deadlines are stored before the setting changes
        self.company.md_ae_other_report_days = 10
        other_10 = self._event(seriousness="other")
        for event, days, hours in ((death, 7, 0), (serious, 20, 0), (may_cause, 20, 0), (other, 30, 0),
                                   (other_10, 10, 0), (group, 0, 12)):
            end = AWARE + timedelta(days=days, hours=hours)
            self.assertEqual(event.report_deadline, end, event.seriousness)
            if hours:
                self.assertEqual(self._status_at(event, end - timedelta(minutes=1)), (0, "due_soon"))
            else:
                self.assertEqual(self._status_at(event, end - timedelta(hours=1)), (1, "due_soon"), days)
            self.assertEqual(self._status_at(event, end), (0, "overdue"), (days, hours))
            self.assertEqual(self._status_at(event, end + timedelta(hours=5)), (-5, "overdue"), (days, hours))
        # 6 days 23 hours after awareness a death is still to report in time; two days before, it is due soon.
        self.assertEqual(self._status_at(death, AWARE + timedelta(days=6, hours=23)), (1, "due_soon"))
        self.assertEqual(self._status_at(death, AWARE + timedelta(days=4, hours=23)), (49, "on_time"))

    def test_countdown_status(self):
        on_time = self._event(seriousness="serious_injury")                                       # 11-22 09:00
        just_on_time = self._event(seriousness="death", awareness_date=datetime(2026, 11, 2, 13, 0))  # 11-09 13:00
        due_soon = self._event(seriousness="death", awareness_date=datetime(2026, 11, 2, 11, 0))  # 11-09 11:00
        overdue = self._event(seriousness="death", awareness_date=datetime(2026, 10, 31, 12, 0))  # 11-07 12:00
        with freeze_time("2026-11-07 12:00:00"):
            reported = self._reported(seriousness="death", awareness_date=datetime(2026, 10, 1))
            cancelled = self._event()
            cancelled.with_user(self.seller).action_cancel()
        group = self._event(is_group_event=True, awareness_date=datetime(2026, 11, 7, 8, 0))      # 11-07 20:00
        first_reported = self._first_reported(awareness_date=datetime(2026, 11, 7, 1, 0))        # 11-07 13:00
        events = on_time | just_on_time | due_soon | overdue | reported | cancelled | group | first_reported
        with freeze_time("2026-11-07 12:00:00"):
            events.invalidate_recordset(["hours_left", "deadline_status"])
            self.assertEqual([(e.hours_left, e.deadline_status) for e in events], [
                (357, "on_time"), (49, "on_time"), (47, "due_soon"), (0, "overdue"), (-732, "reported"),
                (357, False), (8, "due_soon"), (1, "reported")])

    def test_awareness_not_in_the_future(self):
        with freeze_time("2026-11-07 12:00:00"):
            with self.assertRaisesRegex(ValidationError, "cannot have become aware of an event in the future"):
                self._event(awareness_date=datetime(2026, 11, 7, 13, 0))
            self.assertEqual(self._event(awareness_date=datetime(2026, 11, 7, 12, 0)).report_deadline,
                             datetime(2026, 11, 27, 12, 0))

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
            reported.with_user(self.qa_user).action_mark_reported()
        self.assertEqual(reported.reported_by, self.qa_user)
        # Only a QA manager reports to the authorities: a salesman is refused before anything is checked.
        fresh = self._event(report_number="AE-NMPA-2026-000199")
        with self.assertRaisesRegex(AccessError, "Only a QA manager records reports made to the authorities"):
            fresh.with_user(self.seller).action_mark_reported()
        self.assertEqual((fresh.state, fresh.reported_by), ("draft", self.env["res.users"]))

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
                       {"overseas": True}, {"description": "Nothing happened."}, {"product_id": self.stent.id},
                       {"is_group_event": True}):
            with self.assertRaisesRegex(UserError, "corrections go as a follow-up report"):
                event.with_user(self.qa_user).write(values)
            self.assertEqual(self._snapshot(event), before)
        self.assertEqual(event.report_deadline, datetime(2026, 11, 9, 9, 0))
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

    # Group events: first report, follow-up reports ---------------------------

    def test_first_report_of_a_group_event(self):
        event = self._event(is_group_event=True, seriousness="serious_injury", report_number="AE-NMPA-2026-300")
        # Not reported to the national system before the first report by phone or fax.
        with self.assertRaisesRegex(UserError, r"Record the first report of the group event \(phone or fax\)"):
            event.with_user(self.qa_user).action_mark_reported()
        before = self._snapshot(event)
        wizard = self._report_wizard(event, "first", first_channel="fax", recipient="  ")
        with self.assertRaisesRegex(UserError, "(?s)cannot be recorded:.*Name the authorities"):
            wizard.action_confirm()
        wizard.first_channel = False
        with self.assertRaisesRegex(UserError, "(?s)phone or by fax.*Name the authorities"):
            wizard.action_confirm()
        self.assertEqual(self._snapshot(event), before)

        with freeze_time("2026-11-02 14:20:00"):
            self._report_wizard(event, "first", first_channel="fax",
                                recipient=" Jiangsu MPA and health commission, officer Wang ").action_confirm()
        self.assertRecordValues(event, [{
            "first_report_on": datetime(2026, 11, 2, 14, 20), "first_report_by": self.qa_user.id,
            "first_report_channel": "fax", "first_report_to": "Jiangsu MPA and health commission, officer Wang",
            "state": "draft"}])
        self.assertEqual(self._status_at(event, "2026-11-02 22:00:00")[1], "reported")
        # Made once; what it told stays as told; the event is on record now.
        with self.assertRaisesRegex(UserError, "was made on 2026-11-02 14:20:00 UTC by Qiang QA"):
            event.with_user(self.qa_user).action_record_first_report()
        for values in ({"is_group_event": False}, {"awareness_date": datetime(2026, 11, 2, 12, 0)}):
            with self.assertRaisesRegex(UserError, "The first report of .* has been made: .* can no longer"):
                event.with_user(self.qa_user).write(values)
        with self.assertRaisesRegex(UserError, "has been made to the authorities: it stays on record"):
            event.with_user(self.qa_user).action_cancel()
        with self.assertRaisesRegex(UserError, "has been reported and stays on record"):
            event.with_user(self.qa_user).unlink()
        self.assertEqual(self._snapshot(event)["first_report_on"], datetime(2026, 11, 2, 14, 20))
        # The rest of the draft can still be completed, and the national report follows.
        event.with_user(self.seller).description = "Three patients cut by detached needles in one ward."
        event.with_user(self.qa_user).action_mark_reported()
        self.assertEqual(event.state, "reported")

    def test_first_report_refusals(self):
        single = self._event()
        with self.assertRaisesRegex(UserError, "is not a group event: it is reported through the national system"):
            single.with_user(self.qa_user).action_record_first_report()
        group = self._event(is_group_event=True)
        # Only the QA manager speaks to the authorities: the button, the form, the private path.
        for user in (self.seller, self.receiver, self.inspector):
            with self.assertRaisesRegex(AccessError, "Only a QA manager records reports made to the authorities"):
                group.with_user(user).action_record_first_report()
            with self.assertRaises(AccessError):
                self.env["md.adverse.event.report.wizard"].with_user(user).create({
                    "event_id": group.id, "kind": "first", "first_channel": "phone", "recipient": "MPA"})
            with self.assertRaisesRegex(AccessError, "Only a QA manager"):
                group.with_user(user)._md_record_first_report("phone", "MPA")
        # Nor written by hand, even by the QA manager, nor created already made.
        for values in ({"first_report_on": "2026-11-02 10:00:00"}, {"first_report_by": self.qa_user.id},
                       {"first_report_channel": "phone"}, {"first_report_to": "MPA"}):
            with self.assertRaisesRegex(UserError, "change only through its buttons"):
                group.with_user(self.qa_user).write(values)
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self._event(is_group_event=True, first_report_by=self.seller.id)
        self.assertFalse(group.first_report_on or group.first_report_by or group.first_report_channel)
        cancelled = self._event(is_group_event=True)
        cancelled.with_user(self.seller).action_cancel()
        with self.assertRaisesRegex(UserError, "is cancelled"):
            cancelled.with_user(self.qa_user).action_record_first_report()

    def test_follow_up_reports(self):
        event = self._event(report_number="AE-NMPA-2026-000310")
        with self.assertRaisesRegex(UserError, "has not been reported yet: a follow-up report follows a report"):
            event.with_user(self.qa_user).action_add_followup()
        event.with_user(self.qa_user).action_mark_reported()
        wizard = self._report_wizard(event, "followup", content="   ")
        with self.assertRaisesRegex(UserError, "Say what the follow-up report told the authorities"):
            wizard.action_confirm()
        self.assertFalse(event.followup_ids)
        with freeze_time("2026-11-20 08:00:00"):
            self._report_wizard(event, "followup", followup_channel="system", recipient="National monitoring system",
                                content=" Patient recovered; supplier found a bonding defect on the lot. ").action_confirm()
        with freeze_time("2026-11-25 08:00:00"):
            self._report_wizard(event, "followup", followup_channel="written",
                                content="Correction: the event happened on 10-30, not 10-31.").action_confirm()
        self.assertRecordValues(event.followup_ids, [
            {"reported_on": datetime(2026, 11, 20, 8, 0), "reported_by": self.qa_user.id, "channel": "system",
             "recipient": "National monitoring system", "company_id": self.company.id,
             "content": "Patient recovered; supplier found a bonding defect on the lot."},
            {"reported_on": datetime(2026, 11, 25, 8, 0), "reported_by": self.qa_user.id, "channel": "written",
             "recipient": False, "company_id": self.company.id,
             "content": "Correction: the event happened on 10-30, not 10-31."}])
        followup = event.followup_ids[0]
        # On record as made: not changed, not deleted, not made by hand, not by another role.
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            followup.with_user(self.qa_user).write({"content": "Nothing found."})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            followup.sudo().unlink()
        with self.assertRaisesRegex(UserError, "made only by the application itself"):
            self.env["md.adverse.event.followup"].with_user(self.qa_user).create({
                "event_id": event.id, "reported_on": "2026-11-21 08:00:00", "reported_by": self.seller.id,
                "content": "Forged"})
        with self.assertRaisesRegex(AccessError, "Only a QA manager"):
            event.with_user(self.seller).action_add_followup()
        with self.assertRaisesRegex(AccessError, "Only a QA manager"):
            event.with_user(self.seller)._md_add_followup("phone", "MPA", "Forged")
        self.assertEqual(len(event.followup_ids), 2)
        self.assertEqual(followup.content, "Patient recovered; supplier found a bonding defect on the lot.")
        # A group event's follow-ups may come once the first report is made, before the national report.
        group = self._first_reported()
        self._report_wizard(group, "followup", content="Two more patients in the same ward.").action_confirm()
        self.assertEqual((group.state, len(group.followup_ids)), ("draft", 1))

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
                                       "Marketing Authorisation Holder", "Event Date", "Aware On (UTC)",
                                       "Report By (UTC)", "Seriousness", "Group Event", "Occurred Overseas",
                                       "Patient Age", "Patient Gender",
                                       "Where It Happened", "Reporter")},
            {"Device Name": "Test Syringe 5 ml", "Registration/Filing No.": "苏械注准20172141234",
             "Lots/Serials": "AE-LOT-2", "UDI-DI": self.syringe.md_udi_di,
             "Marketing Authorisation Holder": "Test Maker Co.",
             "Event Date": "2026-10-30", "Aware On (UTC)": "2026-11-02 09:00:00",
             "Report By (UTC)": "2026-11-09 09:00:00", "Seriousness": "Death", "Group Event": "No",
             "Occurred Overseas": "No", "Patient Age": 67, "Patient Gender": "Female",
             "Where It Happened": "Test Hospital", "Reporter": self.company.name})
        self.assertEqual((by_ref[overseas.name]["Seriousness"], by_ref[overseas.name]["Occurred Overseas"],
                          by_ref[overseas.name]["Country"], by_ref[overseas.name]["Report By (UTC)"]),
                         ("Serious Injury", "Yes", "Germany", "2026-12-02 09:00:00"))

        single = death.with_user(self.seller).action_export_report()
        attachment = self.env["ir.attachment"].browse(int(single["url"].split("/web/content/")[1].split("?")[0]))
        self.assertEqual(attachment.name, f"{death.name.replace('/', '-')}.xlsx")

    # Cron ----------------------------------------------------------------------

    def _report_activities(self, events, activity=REPORT_ACTIVITY):
        return self.env["mail.activity"].search([
            ("res_model", "=", "md.adverse.event"), ("res_id", "in", events.ids),
            ("activity_type_id", "=", self.env.ref(activity).id)])

    def test_cron_tells_qa_once(self):
        self.company.md_qa_responsible_id = self.qa_user
        due_soon = self._event(seriousness="death", awareness_date=datetime(2026, 11, 2, 13, 0))    # 11-09 13:00
        overdue = self._event(seriousness="serious_injury", awareness_date=datetime(2026, 10, 10))  # 10-30 00:00
        far = self._event(seriousness="death", awareness_date=datetime(2026, 11, 6))                # 11-13 00:00
        with freeze_time("2026-11-07 12:00:00"):
            reported = self._reported(seriousness="death", awareness_date=datetime(2026, 10, 1))
            cancelled = self._event(seriousness="death", awareness_date=datetime(2026, 10, 1))
            cancelled.with_user(self.seller).action_cancel()
        events = due_soon | overdue | far | reported | cancelled
        Event = self.env["md.adverse.event"]
        with freeze_time("2026-11-07 13:00:00"):
            Event._cron_md_adverse_event_deadlines()
            Event._cron_md_adverse_event_deadlines()
        qa = self.qa_user  # the company's QA responsible
        self.assertEqual(sorted((a.res_id, a.user_id, a.date_deadline) for a in self._report_activities(events)),
                         sorted([(due_soon.id, qa, date(2026, 11, 9)), (overdue.id, qa, date(2026, 10, 30))]))
        late = self._report_activities(events, OVERDUE_ACTIVITY)
        self.assertEqual([(a.res_id, a.user_id, a.date_deadline) for a in late],
                         [(overdue.id, qa, date(2026, 10, 30))])
        self.assertIn("overdue since 2026-10-30 00:00:00 UTC", late.summary)

        # Done is done: the cron does not ask again; reporting settles the others.
        self._report_activities(overdue).action_feedback(feedback="Phoned the centre.")
        due_soon.report_number = "AE-NMPA-2026-000200"
        due_soon.with_user(self.qa_user).action_mark_reported()
        with freeze_time("2026-11-08 12:00:00"):
            Event._cron_md_adverse_event_deadlines()
        self.assertFalse(self._report_activities(due_soon | overdue | far))
        self.assertEqual(self._report_activities(events, OVERDUE_ACTIVITY), late)
        overdue.report_number = "AE-NMPA-2026-000201"
        overdue.with_user(self.qa_user).action_mark_reported()
        self.assertFalse(self._report_activities(events, OVERDUE_ACTIVITY))

    def test_cron_catches_a_deadline_within_the_hour(self):
        """The cron runs every hour: the hour a deadline passes unreported, the QA manager is told."""
        self.company.md_qa_responsible_id = self.qa_user
        group = self._event(is_group_event=True, awareness_date=datetime(2026, 11, 2, 10, 0))  # 22:00
        death = self._event(seriousness="death")                                                # 11-09 09:00
        Event = self.env["md.adverse.event"]
        for moment, late in (("2026-11-02 10:00:00", []), ("2026-11-02 21:59:00", []),
                             ("2026-11-02 22:00:00", [group]), ("2026-11-09 08:00:00", [group]),
                             ("2026-11-09 09:00:00", [group, death]), ("2026-11-09 10:00:00", [group, death])):
            with freeze_time(moment):
                Event._cron_md_adverse_event_deadlines()
            self.assertEqual(self._report_activities(group | death, OVERDUE_ACTIVITY).mapped("res_id"),
                             [event.id for event in late], moment)
        # The group event was due within two days from the start: told at the first run.
        self.assertEqual(self._report_activities(group).summary,
                         "Report %s (group event, Serious Injury) by 2026-11-02 22:00:00 UTC" % group.name)

        # The first report stops the group event's clock and settles both activities.
        self._report_wizard(group, "first", recipient="Provincial MPA, duty officer Wang").action_confirm()
        self.assertFalse(self._report_activities(group) | self._report_activities(group, OVERDUE_ACTIVITY))
        with freeze_time("2026-11-09 11:00:00"):
            Event._cron_md_adverse_event_deadlines()
        self.assertFalse(self._report_activities(group) | self._report_activities(group, OVERDUE_ACTIVITY))

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
