import base64
import io
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RecallCommon

try:
    import openpyxl
except ImportError:  # pragma: no cover - openpyxl ships with Odoo's requirements
    openpyxl = None


@tagged("post_install", "-at_install")
class TestRecallReports(RecallCommon):
    """The printed notice, the event report, the implementation report and their XLSX exports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.returns_zone = cls.warehouse.md_returns_location_id
        cls.scrap_loc = cls.env["stock.location"].search(
            [("scrap_location", "=", True), ("company_id", "in", (False, cls.company.id))], limit=1)
        cls.lot = cls._supplied_lot("RP-A", 40)
        cls.delivery = cls._deliver({cls.lot: 10}, partner=cls.hospital)
        cls._deliver({cls.lot: 5}, partner=cls.hospital_2)
        # Scrapped before the recall: not part of what the recall did with the goods.
        with freeze_time(fields.Datetime.now() - timedelta(hours=1)):
            cls._scrap(1)
        cls.recall = cls._started(lot_ids=[Command.set(cls.lot.ids)], manufacturer_id=cls.maker.id,
                                  source_reference="FSN-2024-007")
        cls.notice = cls.recall.notice_ids.filtered(lambda n: n.partner_id == cls.hospital)

    @classmethod
    def _scrap(cls, qty):
        scrap = cls.env["stock.scrap"].with_user(cls.keeper).create({
            "product_id": cls.syringe.id, "lot_id": cls.lot.id, "scrap_qty": qty,
            "product_uom_id": cls.syringe.uom_id.id, "location_id": cls.stock.id,
            "scrap_location_id": cls.scrap_loc.id, "company_id": cls.company.id})
        scrap.do_scrap()
        cls._fixture_checks.assertEqual(scrap.state, "done")
        return scrap

    def _to_supplier(self, qty):
        picking = self.env["stock.picking"].with_user(self.keeper).create({
            "picking_type_id": self.warehouse.out_type_id.id, "partner_id": self.supplier.id,
            "location_id": self.stock.id, "location_dest_id": self.supplier_loc.id,
            "move_ids": [Command.create({
                "name": "Recalled goods back to the maker", "product_id": self.syringe.id,
                "product_uom": self.syringe.uom_id.id, "product_uom_qty": qty,
                "location_id": self.stock.id, "location_dest_id": self.supplier_loc.id})],
        })
        picking.action_confirm()
        self.env["stock.move.line"].create({
            "move_id": picking.move_ids.id, "picking_id": picking.id, "product_id": self.syringe.id,
            "product_uom_id": self.syringe.uom_id.id, "quantity": qty, "lot_id": self.lot.id,
            "location_id": self.stock.id, "location_dest_id": self.supplier_loc.id, "picked": True})
        return self._validate(picking, user=self.keeper)

    def _progress(self):
        """Hospital e-mailed and acknowledged (6 on hand, 2 returned), 8 retrieved; 3 scrapped, 4 to the maker."""
        self.notice.with_user(self.coordinator).action_send()
        self._acknowledge(self.notice, (6, 2))
        back = self.notice.with_user(self.coordinator)._md_plain_return(self.delivery, {self.lot: 8})
        self._validate(back, user=self.picker)
        self._scrap(3)
        self._to_supplier(4)

    def _html(self, xmlid, records):
        html, kind = self.env["ir.actions.report"]._render_qweb_html(xmlid, records.ids)
        self.assertEqual(kind, "html")
        return html.decode()

    def _workbook(self, action):
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.mimetype,
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return attachment, openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))

    @staticmethod
    def _rows(sheet):
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def _close(self):
        other = self.recall.notice_ids - self.notice
        other.with_user(self.coordinator).method = "phone"
        other.with_user(self.coordinator).action_mark_notified()
        self.env["md.recall.check"].with_user(self.coordinator).create({
            "recall_id": self.recall.id, "method": "document", "result": "effective",
            "note": "Acknowledgements and returns reconciled."})
        self.recall.with_user(self.coordinator).write({
            "summary": "Both consignees notified; 8 units retrieved and quarantined."})
        self.recall.with_user(self.coordinator).action_report_submitted()
        return self.recall.with_user(self.qa_user)._md_sign("closed")

    # Printed reports -----------------------------------------------------------------

    def test_notice_report(self):
        html = self._html("medical_device_recall.action_report_md_recall_notice", self.notice)
        for text in (self.recall.name, "RP-A", self.cert_syringe.name, self.syringe.md_udi_di, self.hospital.name,
                     self.delivery.name, "Balloon may not deflate", "FSN-2024-007", "Ren Recall"):
            self.assertIn(text, html)
        self.assertNotIn("Second Test Hospital", html)

    def test_event_report(self):
        html = self._html("medical_device_recall.action_report_md_recall_event", self.recall)
        for text in (self.recall.name, "RP-A", self.cert_syringe.name, self.syringe.md_udi_di, "Test Maker Co.",
                     "Possible vessel injury"):
            self.assertIn(text, html)
        self.assertNotIn("Electronic Signature", html)
        self._progress()
        signature = self._close()
        html = self._html("medical_device_recall.action_report_md_recall_event", self.recall)
        self.assertIn("8 units retrieved and quarantined", html)
        self.assertIn("Closure, Electronic Signature", html)
        self.assertIn(signature.manifestation, html)
        self.assertIn("Qiang QA", signature.manifestation)

    def test_implementation_report_render(self):
        self._progress()
        action = self.recall.with_user(self.coordinator).action_new_implementation_report()
        report = self.env["md.recall.report"].browse(action["res_id"])
        report.with_user(self.coordinator).note = "Remaining units used before the recall."
        html = self._html("medical_device_recall.action_report_md_recall_implementation", report)
        for text in (self.recall.name, "Test Hospital: Acknowledged", "Second Test Hospital: To Notify",
                     "Remaining units used before the recall.", "Ren Recall"):
            self.assertIn(text, html)

    # Implementation report snapshot ---------------------------------------------------

    def test_implementation_report_figures(self):
        self._progress()
        self.assertEqual(self._quants(self.lot, self.stock), 40 - 15 - 1 - 3 - 4)
        action = self.recall.with_user(self.coordinator).action_new_implementation_report()
        self.assertEqual(action["res_model"], "md.recall.report")
        report = self.env["md.recall.report"].browse(action["res_id"])
        self.assertEqual(self.recall.report_ids, report)
        self.assertEqual(report.user_id, self.coordinator)
        figures = {name: report[name] for name in (
            "consignee_count", "notified_count", "acknowledged_count", "qty_to_recall", "qty_retrieved",
            "qty_held", "qty_to_supplier", "qty_scrapped", "check_count")}
        self.assertEqual(figures, {
            "consignee_count": 2, "notified_count": 1, "acknowledged_count": 1, "qty_to_recall": 15,
            "qty_retrieved": 8, "qty_held": 17 + 8, "qty_to_supplier": 4, "qty_scrapped": 3, "check_count": 0})
        lines = dict(line.split(": ", 1) for line in report.notification_detail.splitlines())
        self.assertEqual(set(lines), {"Test Hospital", "Second Test Hospital"})
        self.assertRegex(lines["Test Hospital"], r"^Acknowledged, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, E-mail$")
        self.assertEqual(lines["Second Test Hospital"], "To Notify")
        # The figures are those of the report's date.
        with self.assertRaisesRegex(UserError, "The figures of an implementation report are those of its date"):
            report.with_user(self.coordinator).write({"qty_held": 0, "note": "Adjusted"})
        self.assertEqual((report.qty_held, report.note), (25, False))
        report.with_user(self.coordinator).write({"note": "Remaining 7 units used in procedures.",
                                                  "expected_completion": self.today + timedelta(days=30)})
        self.assertEqual(report.note, "Remaining 7 units used in procedures.")
        # A later report shows later figures; the earlier one keeps its own.
        self._scrap(2)
        later = self.env["md.recall.report"].browse(
            self.recall.with_user(self.coordinator).action_new_implementation_report()["res_id"])
        self.assertEqual((later.qty_scrapped, later.qty_held), (5, 23))
        self.assertEqual((report.qty_scrapped, report.qty_held), (3, 25))

    def test_implementation_report_refusals(self):
        draft = self._recall(lot_ids=[Command.set(self.lot.ids)])
        with self.assertRaisesRegex(UserError, "Implementation reports start once the recall has started."):
            draft.with_user(self.coordinator).action_new_implementation_report()
        with self.assertRaisesRegex(AccessError, "Only recall coordinators run recalls"):
            self.recall.with_user(self.picker).action_new_implementation_report()
        self.assertFalse(self.env["md.recall.report"].search([("recall_id", "in", (draft | self.recall).ids)]))

    # XLSX ----------------------------------------------------------------------------------

    def test_event_xlsx(self):
        if openpyxl is None:
            self.skipTest("openpyxl is not installed")
        self._progress()
        attachment, book = self._workbook(self.recall.with_user(self.coordinator).action_export_xlsx())
        self.assertEqual(attachment.name, f"{self.recall.name}.xlsx")
        self.assertEqual(book.sheetnames, ["Recall Event", "Lots", "Consignees"])
        general = dict(row[:2] for row in self._rows(book["Recall Event"])[1:])
        self.assertEqual(general["Reference"], self.recall.name)
        self.assertEqual(general["Level"], "Level II")
        self.assertEqual(general["Registration/Filing Numbers"], self.cert_syringe.name)
        self.assertEqual(general["Registrant/Manufacturer"], "Test Maker Co.")
        self.assertEqual((general["In Our Stock"], general["At Customers"]), (24, 15))
        lots = self._rows(book["Lots"])
        self.assertEqual(lots[0], ["Device", "Lot/Serial", "UDI-DI", "Expiry", "In Our Stock", "In Transit",
                                   "At Customers"])
        self.assertEqual(lots[1][1:3] + lots[1][4:], ["RP-A", self.syringe.md_udi_di, 24, 0, 15])
        consignees = self._rows(book["Consignees"])
        self.assertEqual(consignees[0], ["Consignee", "Device", "Lot/Serial", "Deliveries", "Quantity to Recall",
                                         "Notice", "Retrieved"])
        rows = {row[0]: row[2:] for row in consignees[1:]}
        self.assertEqual(rows["Test Hospital"], ["RP-A", self.delivery.name, 10, "Acknowledged", 8])
        self.assertEqual(rows["Second Test Hospital"][2:], [5, "To Notify", 0])

    def test_implementation_report_xlsx(self):
        if openpyxl is None:
            self.skipTest("openpyxl is not installed")
        self._progress()
        report = self.env["md.recall.report"].browse(
            self.recall.with_user(self.coordinator).action_new_implementation_report()["res_id"])
        attachment, book = self._workbook(report.with_user(self.coordinator).action_export_xlsx())
        self.assertEqual(attachment.name, f"{report.name}.xlsx")
        self.assertEqual(book.sheetnames, ["Implementation Report", "Consignees"])
        figures = dict(row[:2] for row in self._rows(book["Implementation Report"])[1:])
        self.assertEqual(figures["Recall"], self.recall.name)
        self.assertEqual(figures["Level"], "Level II")
        self.assertEqual((figures["Consignees to Notify"], figures["Consignees Notified"],
                          figures["Consignees Acknowledged"]), (2, 1, 1))
        self.assertEqual((figures["Quantity to Recall"], figures["Quantity Recalled"], figures["Held in Our Stock"],
                          figures["Returned to Supplier"], figures["Destroyed/Scrapped"]), (15, 8, 25, 4, 3))
        notices = self._rows(book["Consignees"])
        self.assertEqual(notices[0][:2], ["Consignee", "Status"])
        rows = {row[0]: row for row in notices[1:]}
        self.assertEqual((rows["Test Hospital"][1], rows["Test Hospital"][3], rows["Test Hospital"][5:]),
                         ("Acknowledged", "E-mail", [10, 8]))
        self.assertEqual(rows["Second Test Hospital"][1:4], ["To Notify", None, None])
