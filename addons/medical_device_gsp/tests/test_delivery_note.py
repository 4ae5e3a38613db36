from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.pdf import PdfReportCase

from .common import GspCommon

REPORT = "medical_device_gsp.action_report_md_delivery_note"


@tagged("post_install", "-at_install")
class TestDeliveryNoteCheck(GspCommon):
    """Receiving: units are accepted only when the supplier's delivery note came with them and matches."""

    def _inspect(self, acceptance, values):
        """{lot name: values} written as the inspector."""
        for line in acceptance.line_ids:
            line.with_user(self.inspector).write(dict(
                {"packaging_check": "pass", "label_check": "pass"}, **values[line.lot_id.name]))

    def test_accepting_needs_matching_delivery_note(self):
        _picking, acceptance = self._received(self.syringe, [("DN-1", 4, 400), ("DN-2", 5, 400), ("DN-3", 6, 400)])
        self._inspect(acceptance, {
            "DN-1": {"qty_accepted": 4},
            "DN-2": {"qty_accepted": 5, "delivery_note_check": "mismatch"},
            "DN-3": {"qty_accepted": 6, "delivery_note_check": "missing"},
        })
        with self.assertRaisesRegex(UserError, f"{acceptance.name} cannot be signed yet:") as caught:
            acceptance.with_user(self.inspector)._md_sign("accepted")
        message = str(caught.exception)
        self.assertIn("Test Syringe 5 ml DN-1: record whether the supplier's delivery note came with the goods "
                      "and matches them.", message)
        self.assertIn("Test Syringe 5 ml DN-2: the supplier's delivery note does not match the goods; the units "
                      "can only be rejected.", message)
        self.assertIn("Test Syringe 5 ml DN-3: the goods came without the supplier's delivery note; the units can "
                      "only be rejected.", message)
        self.assertEqual(message.count("•"), 3, message)
        self.assertFalse(acceptance.md_signed)
        self.assertEqual(set(acceptance.line_ids.lot_id.mapped("md_quality_state")), {"quarantine"})
        self.assertEqual(self._quants(acceptance.line_ids.lot_id[0], self.quarantine), 4)

    def test_mismatching_note_rejects_the_lot(self):
        picking, acceptance = self._received(self.syringe, [("DN-OK", 4, 400), ("DN-BAD", 5, 400)])
        self._inspect(acceptance, {
            "DN-OK": {"qty_accepted": 4, "delivery_note_check": "pass"},
            "DN-BAD": {"qty_rejected": 5, "delivery_note_check": "mismatch",
                       "reason": "随货同行单批号为 DN-BAP，与实物不符"},
        })
        signature = acceptance.with_user(self.inspector)._md_sign("accepted")
        lots = {lot.name: lot for lot in picking.move_line_ids.lot_id}
        self.assertEqual((lots["DN-OK"].md_quality_state, self._quants(lots["DN-OK"], self.stock)), ("released", 4))
        self.assertEqual((lots["DN-BAD"].md_quality_state, self._quants(lots["DN-BAD"], self.nonconforming)),
                         ("rejected", 5))
        # The check is part of what was signed, and frozen with it.
        self.assertIn('"delivery_note_check":"mismatch"', signature.content)
        self.assertIn('"delivery_note_check":"pass"', signature.content)
        with self.assertRaisesRegex(UserError, "is signed; its lines can no longer be changed"):
            acceptance.line_ids.with_user(self.inspector).write({"delivery_note_check": "pass"})

    def test_accept_all_records_the_matching_note(self):
        _picking, acceptance = self._received(self.syringe, [("DN-ALL", 3, 400)])
        acceptance.with_user(self.inspector).action_accept_all()
        self.assertEqual(acceptance.line_ids.delivery_note_check, "pass")
        # A line signed before the check existed keeps its digest: no value, no key.
        acceptance.line_ids.with_user(self.inspector).write({"delivery_note_check": False})
        self.assertNotIn("delivery_note_check", acceptance.line_ids._md_signed_content())

    def test_delivery_note_printed_only_for_reviewed_deliveries(self):
        receipt, _acceptance = self._received(self.syringe, [("DN-R", 4, 400)])
        self._stock_lot(self.syringe, "DN-UNREVIEWED", 5)
        delivery = self._delivery(self.syringe, 2)
        with self.assertRaises(UserError) as caught:
            self.env["ir.actions.report"].with_user(self.keeper)._render_qweb_html(REPORT, (receipt | delivery).ids)
        message = str(caught.exception)
        self.assertIn("The delivery note cannot be printed:", message)
        self.assertIn(f"{receipt.name} is not a delivery of medical devices to a customer.", message)
        self.assertIn(f"{delivery.name}: the delivery note is printed once the outbound review is signed.", message)
        self.assertEqual(message.count("•"), 2, message)
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        review.with_user(self.keeper)._md_sign("reviewed")
        html, _kind = self.env["ir.actions.report"].with_user(self.keeper)._render_qweb_html(REPORT, delivery.ids)
        self.assertIn(b"DN-UNREVIEWED", html)


@tagged("post_install", "-at_install")
class TestDeliveryNotePdf(GspCommon, PdfReportCase):
    """The delivery note (随货同行单) as printed for a Chinese-speaking user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.keeper.name = "王复核"
        cls._as_chinese_user(cls.keeper)
        cls.company.partner_id.write({"street": "文一西路 998 号", "city": "杭州市",
                                      "state_id": cls.env.ref("base.state_cn_ZJ").id,
                                      "country_id": cls.env.ref("base.cn").id})
        Licence = cls.env["md.licence"]
        # The company's own licences (the demo company has some) stand aside for the one the note must print.
        Licence.search([("partner_id", "=", cls.company.partner_id.id)]).active = False
        Licence.create({"partner_id": cls.company.partner_id.id, "licence_type": "distribution_licence",
                        "name": "浙杭食药监械经营许20200099号", "issue_date": cls.today - timedelta(days=300),
                        "expiry_date": cls.today + timedelta(days=1000)})
        Licence.create({"partner_id": cls.maker.id, "licence_type": "production_licence",
                        "name": "苏食药监械生产许20150001号", "issue_date": cls.today - timedelta(days=500),
                        "expiry_date": cls.today + timedelta(days=1000)})
        cls.syringe.default_code = "SY-5ML"
        cls.hospital.write({"street": "解放路 88 号", "city": "杭州市"})

    def test_delivery_note_pdf(self):
        lot = self._stock_lot(self.syringe, "DN-P1", 5, days=400)
        lot.md_production_date = self.today - timedelta(days=30)
        delivery = self._delivery(self.syringe, 3)
        self.env(user=self.picker.id).flush_all()
        review = self._review(delivery)
        review.with_user(self.keeper)._md_sign("reviewed")
        self._validate(delivery, user=self.picker)
        expiry = lot.expiration_date + timedelta(hours=8)  # the label's date on the Chinese clock
        text = self.pdf_text(REPORT, delivery, self.keeper)
        storage = self.zh_selection(self.syringe.product_tmpl_id, "md_storage_condition")
        udi = f"(01)06909999000012(11){lot.md_production_date:%y%m%d}(17){expiry:%y%m%d}(10)DN-P1"
        self.assertPdfShows(
            text, "随货同行单", delivery.name, self.company.name, "文一西路998号", "杭州市", "浙江",
            "浙杭食药监械经营许20200099号", "客户", "Test Hospital", "解放路88号",
            "发货日期", self.zh_date(delivery.date_done),
            "Test Syringe 5 ml", "SY-5ML", "苏械注准20172141234", "Test Maker Co.", "苏食药监械生产许20150001号",
            "DN-P1", self.zh_date(lot.md_production_date), self.zh_date(expiry.date()), udi, "3.00",
            self.syringe.uom_id.with_context(lang="zh_CN").name, storage, "(10~30°C)",
            "储存条件", "生产日期", "有效期至", "发货人", "企业印章", "收货人")
        self.assertSignatureShown(text, self.env["md.signature"].search(
            [("res_model", "=", review._name), ("res_id", "=", review.id)]))
        self.assertPdfHides(text, "Delivery Note", "Customer:", "Company Seal")
