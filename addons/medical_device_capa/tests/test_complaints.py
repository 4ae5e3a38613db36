from datetime import date, datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CapaCommon


@tagged("post_install", "-at_install")
class TestComplaints(CapaCommon):

    def _complaint(self, user=None, **values):
        return self.env["md.complaint"].with_user(user or self.seller).create(dict({
            "title": "Needles come loose", "partner_id": self.hospital.id, "product_id": self.syringe.id,
            "date_received": date(2026, 11, 2), "contact_name": "Nurse Li",
            "description": "Two syringes of the last delivery lost their needle during use.",
        }, **values)).with_env(self.env)

    def _investigating(self, **values):
        complaint = self._complaint(**values)
        complaint.with_user(self.seller).action_start_investigation()
        return complaint

    def _answered(self, complaint):
        complaint.with_user(self.seller).write({
            "investigation": "Retained samples of the lot: needle hub bonding below specification.",
            "resolution": "Replacement sent; supplier informed; lot blocked."})

    def test_flow(self):
        complaint = self._complaint()
        self.assertRegex(complaint.name, rf"^CMP/{fields.Date.today().year}/\d{{4}}$")
        self.assertEqual(complaint.state, "new")
        complaint.with_user(self.seller).action_start_investigation()
        self.assertEqual(complaint.state, "investigation")
        with self.assertRaisesRegex(UserError, "Only a new complaint can go into investigation"):
            complaint.with_user(self.seller).action_start_investigation()
        self._answered(complaint)
        with freeze_time("2026-11-20 10:00:00"):
            complaint.with_user(self.seller).action_close()
        self.assertEqual((complaint.state, complaint.closed_on), ("closed", datetime(2026, 11, 20, 10, 0)))
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            complaint.with_user(self.qa_user).write({"closed_on": "2026-11-03 10:00:00"})

    def test_close_refusals(self):
        new = self._complaint()
        self._answered(new)
        with self.assertRaisesRegex(UserError, "Investigate the complaint before closing it"):
            new.with_user(self.seller).action_close()
        self.assertEqual(new.state, "new")

        complaint = self._investigating()
        with self.assertRaisesRegex(UserError, "(?s)Record the investigation.*Record the answer to the customer"):
            complaint.with_user(self.seller).action_close()
        complaint.with_user(self.seller).investigation = "Hub bonding below specification."
        with self.assertRaisesRegex(UserError, "Record the answer to the customer"):
            complaint.with_user(self.seller).action_close()
        self.assertEqual(complaint.state, "investigation")

        complaint.with_user(self.seller).resolution = "Replacement sent."
        complaint.with_user(self.seller).action_report_adverse_event()
        event = complaint.adverse_event_ids
        with self.assertRaisesRegex(UserError, f"Report the adverse events {event.name} first"):
            complaint.with_user(self.seller).action_close()
        self.assertEqual(complaint.state, "investigation")
        event.report_number = "AE-NMPA-2026-000300"
        event.with_user(self.qa_user).action_mark_reported()
        complaint.with_user(self.seller).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_status_only_through_its_buttons(self):
        complaint = self._investigating()
        with self.assertRaisesRegex(UserError, "Status of Complaint change only through its buttons"):
            complaint.with_user(self.seller).write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "Status of Complaint change only through its buttons"):
            self._complaint(state="closed")
        self.assertEqual(complaint.state, "investigation")

    def test_cancel(self):
        complaint = self._investigating()
        complaint.with_user(self.seller).action_cancel()
        self.assertEqual(complaint.state, "cancel")
        with self.assertRaisesRegex(UserError, "closed or cancelled already"):
            complaint.with_user(self.seller).action_cancel()
        closed = self._investigating()
        self._answered(closed)
        closed.with_user(self.seller).action_close()
        with self.assertRaisesRegex(UserError, "closed or cancelled already"):
            closed.with_user(self.seller).action_cancel()
        self.assertEqual(closed.state, "closed")
        with self.assertRaisesRegex(UserError, "Only new complaints can be deleted"):
            closed.with_user(self.qa_user).unlink()
        self.assertTrue(closed.exists())

    def test_report_adverse_event(self):
        lot = self._stock_lot(self.syringe, "CMP-LOT-1", 20)
        complaint = self._complaint(lot_ids=[Command.set(lot.ids)])
        action = complaint.with_user(self.seller).action_report_adverse_event()
        event = complaint.adverse_event_ids
        self.assertEqual((action["res_model"], action["res_id"], action["view_mode"]),
                         ("md.adverse.event", event.id, "form"))
        self.assertRegex(event.name, r"^AE/")
        # Received on 2 November, recorded later: aware from the start of that day where the company is.
        tz = pytz.timezone(complaint.company_id.partner_id.tz or "UTC")
        aware = tz.localize(datetime(2026, 11, 2)).astimezone(pytz.utc).replace(tzinfo=None)
        self.assertEqual(
            (event.complaint_id, event.product_id, event.lot_ids, event.reporter_partner_id, event.description,
             event.awareness_date, event.mah_partner_id, event.state, event.seriousness, event.report_deadline),
            (complaint, self.syringe, lot, self.hospital, complaint.description, aware, self.maker,
             "draft", "other", aware + timedelta(days=30)))
        self.assertEqual(complaint.adverse_event_count, 1)
        self.assertEqual(event.with_user(self.seller).action_view_complaint()["res_id"], complaint.id)
        view = complaint.with_user(self.seller).action_view_adverse_events()
        self.assertEqual(self.env["md.adverse.event"].search(view["domain"]), event)

    def test_adverse_event_aware_when_the_complaint_came_in(self):
        """Recorded on the day it came in: aware since it was recorded. Recorded later: since the start of the
        day it came in (company time zone), the earliest the company may have known."""
        self.company.partner_id.tz = "Asia/Shanghai"
        now = self.env.cr.now()  # what the complaint's creation date will be
        shanghai_today = pytz.utc.localize(now).astimezone(pytz.timezone("Asia/Shanghai")).date()
        today = self._complaint(date_received=shanghai_today)
        late = self._complaint(date_received=date(2026, 10, 30))
        today.with_user(self.seller).action_report_adverse_event()
        late.with_user(self.seller).action_report_adverse_event()
        self.assertEqual(today.adverse_event_ids.awareness_date, today.create_date)
        self.assertEqual(today.create_date, now)
        # 10-30 00:00 in Shanghai is 10-29 16:00 UTC.
        self.assertEqual(late.adverse_event_ids.awareness_date, datetime(2026, 10, 29, 16, 0))
        self.assertEqual(late.adverse_event_ids.report_deadline, datetime(2026, 11, 28, 16, 0))

    def test_report_adverse_event_refusals(self):
        no_device = self._complaint(product_id=False)
        with self.assertRaisesRegex(UserError, "Name the device"):
            no_device.with_user(self.seller).action_report_adverse_event()
        cancelled = self._complaint()
        cancelled.with_user(self.seller).action_cancel()
        with self.assertRaisesRegex(UserError, "is cancelled"):
            cancelled.with_user(self.seller).action_report_adverse_event()
        self.assertFalse(self.env["md.adverse.event"].search([("complaint_id", "in", (no_device | cancelled).ids)]))

    def test_capa_source_values(self):
        lot = self._supplied_lot("CMP-SUP-1", 10)
        complaint = self._complaint(lot_ids=[Command.set(lot.ids)])
        self.assertEqual(complaint._md_capa_values(), {
            "title": f"{complaint.name}: Needles come loose", "description": complaint.description,
            "product_id": self.syringe.id, "lot_ids": lot.ids, "partner_id": self.supplier.id,
            "company_id": self.company.id})
        action = complaint.with_user(self.qa_user).action_md_open_nonconformance()
        self.assertEqual(action["context"]["default_source_ref"], f"md.complaint,{complaint.id}")
        complaint.with_user(self.seller).action_cancel()
        self.assertTrue(complaint._md_capa_problems("md.nonconformance"))
        with self.assertRaisesRegex(UserError, "is cancelled"):
            complaint.with_user(self.qa_user).action_md_open_capa()
