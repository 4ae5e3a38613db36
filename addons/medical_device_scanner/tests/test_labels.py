import base64
import io
import shutil
import subprocess
import tempfile
import unittest
from datetime import timedelta
from pathlib import Path

import zxingcpp
from PIL import Image

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.medical_device_base.tests.pdf import pdf_bytes, pdf_missing_reason, pdftotext

from .common import ScannerCommon, label

SYRINGE = "06909999000012"
STENT = "06909999000029"
MA_DI = "MA.156.M0.100366.1012345"


def read_png(png):
    """Every symbol in the image as (format, symbology identifier, text with GS as sent by a scanner)."""
    image = Image.open(io.BytesIO(png))
    return [(code.format.name, code.symbology_identifier, code.text)
            for code in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)]


def read_label(label_values):
    return read_png(base64.b64decode(label_values["image"].split(",", 1)[1]))


class LabelCommon(ScannerCommon):
    """A location, a lot-tracked and a serial-tracked GS1 device and an MA device, each with stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.catheter = cls._device("Test Catheter MA", "2", "14-01", cls.cert_syringe, "lot", MA_DI,
                                   md_udi_agency="ma")
        cls.lot = cls._stock_lot(cls.syringe, "LBL-L1", 5)
        cls.serial = cls._stock_lot(cls.stent, "LBL-SN1", 1)
        cls.ma_lot = cls._stock_lot(cls.catheter, "MA-L1", 3)

    def _expiry(self, lot):
        return fields.Datetime.context_timestamp(lot, lot.expiration_date).date()

    def assertScansAs(self, lot, symbols, format_name, symbology):
        """One symbol of the expected kind, which the UDI parser reads as the lot's DI, number and dates."""
        self.assertEqual(len(symbols), 1, symbols)
        found_format, found_symbology, text = symbols[0]
        self.assertEqual((found_format, found_symbology), (format_name, symbology))
        parsed = self.env["md.udi"].parse(found_symbology + text)
        tracked_as_serial = lot.product_id.tracking == "serial"
        self.assertEqual(
            (parsed["di"], parsed["serial"] if tracked_as_serial else parsed["lot"],
             parsed["lot" if tracked_as_serial else "serial"], parsed["production_date"], parsed["expiry"]),
            (lot.product_id.md_udi_di, lot.name, None, lot.md_production_date, self._expiry(lot)))
        return parsed


@tagged("post_install", "-at_install")
class TestLabels(LabelCommon):
    """Each label's symbol is decoded from its image and read by the UDI parser as what the label says."""

    def test_location_label_is_a_code_128_of_its_barcode(self):
        self.assertTrue(self.stock.barcode)
        (values,) = self.env["md.label"]._md_labels(self.stock)
        self.assertEqual(read_label(values), [("Code128", "]C0", self.stock.barcode)])
        self.assertEqual((values["hri"], values["title"]), (self.stock.barcode, self.stock.complete_name))

    def test_lot_and_serial_labels_are_gs1_datamatrix_and_ma_labels_qr(self):
        labels = self.env["md.label"].with_user(self.keeper)._md_labels(self.lot | self.serial | self.ma_lot)
        # ]d2: FNC1 in first position, so scanners report GS1 data and put GS after variable-length fields.
        parsed = self.assertScansAs(self.lot, read_label(labels[0]), "DataMatrix", "]d2")
        self.assertEqual(parsed["scheme"], "gs1")
        self.assertEqual([ai for ai, _value in parsed["elements"]], ["01", "11", "17", "10"])
        self.assertScansAs(self.serial, read_label(labels[1]), "DataMatrix", "]d2")
        parsed = self.assertScansAs(self.ma_lot, read_label(labels[2]), "QRCode", "]Q1")
        self.assertEqual(parsed["scheme"], "ma")
        # The text under a GS1 symbol is the delivery note's human-readable UDI.
        for lot, values in zip(self.lot | self.serial, labels):
            self.assertEqual(values["hri"], self.env["stock.picking"]._md_udi_text(
                lot.product_id.product_tmpl_id, lot, self._expiry(lot)))
        self.assertEqual(labels[2]["hri"], read_label(labels[2])[0][2])
        self.assertIn("SN: LBL-SN1", labels[1]["lines"])

    def test_what_cannot_be_labelled_is_refused_at_once(self):
        gauze = self._device("Test Gauze", "2", "14-01", self.cert_syringe, "lot", "AHM-123456", md_udi_agency="ahm")
        without_di = self._stock_lot(gauze, "G-1", 1)
        ma_slash = self._stock_lot(self.catheter, "MA/2", 1)
        gs1_tilde = self._stock_lot(self.syringe, "LOT~3", 1)
        with self.assertRaises(UserError) as caught:
            self.env["md.label"]._md_labels(self.lot | without_di | ma_slash | gs1_tilde)
        message = str(caught.exception)
        self.assertTrue(message.startswith("These labels cannot be printed:"), message)
        self.assertIn("Test Gauze has no GS1 or MA device identifier", message)
        self.assertIn("MA/2 of Test Catheter MA cannot go into an MA code", message)
        self.assertIn("The UDI label of Test Syringe 5 ml LOT~3 would not scan", message)
        self.assertNotIn("LBL-L1", message)
        shelf = self.env["stock.location"].create({"name": "Shelf without barcode", "location_id": self.stock.id})
        with self.assertRaisesRegex(UserError, "Shelf without barcode has no barcode"):
            self.env["md.scanner"]._md_label_action(self.stock | shelf)
        with self.assertRaisesRegex(UserError, "nothing to print labels of"):
            self.env["md.scanner"]._md_label_action(self.env["stock.lot"])

    def test_receive_screen_prints_the_labels_of_the_lots_scanned(self):
        good = (fields.Date.today() + timedelta(days=700)).strftime("%y%m%d")
        made = self.production_date.strftime("%y%m%d")
        receipt = self._confirmed_receipt([(self.syringe, 4), (self.stent, 1)])
        scanner = self.env["md.scanner"].with_user(self.receiver)
        screen = scanner.md_screen("receive", receipt.id)
        self.assertEqual([action["key"] for action in screen["actions"]], ["validate"])
        with self.assertRaisesRegex(UserError, "no button labels"):
            scanner.md_action("receive", receipt.id, "labels")
        for code in (label(SYRINGE, lot="RL-1", expiry=good, production=made),
                     label(SYRINGE, lot="RL-1", expiry=good, production=made),
                     label(STENT, serial="RL-SN-1", expiry=good, production=made)):
            self.assertTrue(self._scan("receive", receipt, code, user=self.receiver)["ok"])
        result = scanner.md_action("receive", receipt.id, "labels")
        action = result["action"]
        lines = receipt.move_line_ids.filtered("md_udi")
        self.assertEqual(len(lines), 2)
        self.assertEqual((action["type"], action["report_name"], action["context"]["active_ids"]),
                         ("ir.actions.report", "medical_device_scanner.report_md_move_line_label", lines.ids))
        # The lots do not exist before validation: the labels come from what was scanned.
        self.assertFalse(lines.lot_id)
        labels = self.env["md.label"].with_user(self.receiver)._md_labels(lines)
        texts = [read_label(values)[0] for values in labels]
        parsed = [self.env["md.udi"].parse(symbology + text) for _format, symbology, text in texts]
        self.assertEqual(sorted((p["di"], p["lot"] or p["serial"], p["expiry"], p["production_date"]) for p in parsed),
                         [(SYRINGE, "RL-1", lines[0].expiration_date.date(), self.production_date),
                          (STENT, "RL-SN-1", lines[1].expiration_date.date(), self.production_date)])


@tagged("post_install", "-at_install")
class TestLabelPrinting(LabelCommon, HttpCase):
    """The printed PDF scans as the labels do; record rules decide whose lots a user may print."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Distributor"})
        cls.other_lot = cls.env["stock.lot"].with_context(md_workflow=True).create({
            "product_id": cls.syringe.id, "name": "OTHER-1", "company_id": cls.other_company.id})
        cls.no_stock_user = cls._test_user("md_no_stock", name="Nora Nostock", groups="base.group_user")

    def _pdf_symbols(self, content):
        """The symbols on every page of the PDF, rasterised as a label printer would print it."""
        if not shutil.which("pdftoppm"):
            raise unittest.SkipTest("pdftoppm is missing; install poppler-utils to check the printed labels")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "labels.pdf")
            path.write_bytes(content)
            subprocess.run(["pdftoppm", "-r", "300", "-png", str(path), str(Path(folder, "page"))], check=True,
                           timeout=120)
            return [read_png(page.read_bytes()) for page in sorted(Path(folder).glob("page*.png"))]

    def test_printed_labels_scan(self):
        reason = pdf_missing_reason(self.env)
        if reason:
            self.skipTest(reason)
        env = self.env(user=self.keeper.id)
        lots = (self.lot | self.serial | self.ma_lot).with_env(env)
        content = pdf_bytes(env, "medical_device_scanner.action_report_md_lot_label", lots, lang="en_US")
        pages = self._pdf_symbols(content)
        self.assertEqual(len(pages), 3, pages)
        self.assertScansAs(self.lot, pages[0], "DataMatrix", "]d2")
        self.assertScansAs(self.serial, pages[1], "DataMatrix", "]d2")
        self.assertScansAs(self.ma_lot, pages[2], "QRCode", "]Q1")
        text = "".join(pdftotext(content, "-raw").split())
        for values in self.env["md.label"]._md_labels(lots):
            self.assertEqual("".join(values["hri_parts"]), values["hri"])
            self.assertIn(values["hri"], text)
        location = pdf_bytes(env, "medical_device_scanner.action_report_md_location_label",
                             self.stock.with_env(env), lang="en_US")
        self.assertEqual(self._pdf_symbols(location), [[("Code128", "]C0", self.stock.barcode)]])

    def _print(self, user, lot, context=None):
        self.authenticate(user.login, user.login)
        url = f"/report/html/medical_device_scanner.report_md_lot_label/{lot.id}"
        if context:
            url += "?context=" + context
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models"):
            return self.url_open(url)

    def test_only_users_who_may_read_a_lot_print_its_label(self):
        own = self._print(self.keeper, self.lot)
        self.assertEqual(own.status_code, 200)
        self.assertIn("LBL-L1", own.text)
        for user, lot, context in ((self.keeper, self.other_lot, None),
                                   (self.keeper, self.other_lot, '{"allowed_company_ids": [%d]}' % self.other_company.id),
                                   (self.no_stock_user, self.lot, None)):
            with self.subTest(user=user.login, lot=lot.name, context=context):
                response = self._print(user, lot, context)
                # Odoo answers an AccessError on an http route with 403 Forbidden.
                self.assertEqual(response.status_code, 403, response.text[:300])
                self.assertNotIn(lot.name, response.text)
