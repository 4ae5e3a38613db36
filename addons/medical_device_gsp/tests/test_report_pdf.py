from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.pdf import PdfReportCase

from .env_common import MINUTE, EnvCommon


@tagged("post_install", "-at_install")
class TestGspReportPdf(EnvCommon, PdfReportCase):
    """The GSP records as printed for a Chinese-speaking user: regulated fields and signatures on paper."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Chinese printed names: the signer's name must survive the fonts and pdftotext too.
        cls.inspector.name = "李验收"
        cls.keeper.name = "王复核"
        cls.qa_user.name = "张质管"
        cls._as_chinese_user(cls.inspector, cls.keeper, cls.qa_user)

    def _signatures(self, record):
        return self.env["md.signature"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def test_acceptance_pdf(self):
        picking, acceptance = self._received(self.syringe, [("PDF-A1", 10, 400)])
        self._accept(acceptance, {"PDF-A1": (8, 2)}, reason="两箱外包装破损")
        line = acceptance.line_ids
        self.assertEqual(line.conclusion, "partial")
        text = self.pdf_text("medical_device_gsp.action_report_md_acceptance", acceptance, self.inspector)
        self.assertPdfShows(
            text, "验收记录", acceptance.name, "供应商", "Test Supplier Co.", picking.name,
            "医疗器械", "Test Syringe 5 ml", "注册证/备案凭证编号", "苏械注准20172141234",
            "批号/序列号", "PDF-A1", "有效期至", self.zh_date(line.expiry_date),
            "到货数量", "10.00", "8.00", "2.00", "验收结论", self.zh_selection(line, "conclusion"), "两箱外包装破损",
            "验收员", "李验收")
        self.assertSignatureShown(text, self._signatures(acceptance))
        self.assertPdfHides(text, "Acceptance Record", "Supplier:", "Not signed")

    def test_acceptance_pdf_prints_the_certificate_that_covered_the_lot(self):
        # The first registration lapsed; its renewal keeps the number. A lot made under the first one arrives
        # after the renewal: the record names the first certificate, with its validity.
        first = self.cert_syringe
        first.write({"issue_date": self.today - timedelta(days=2000), "expiry_date": self.today - timedelta(days=100)})
        renewal = self.env["md.certificate"].create({
            "name": first.name, "device_name": "Syringe", "holder_id": self.maker.id, "renewed_from_id": first.id,
            "issue_date": self.today - timedelta(days=90), "expiry_date": self.today + timedelta(days=1735)})
        picking = self._receipt(self.syringe, [("PDF-C1", 10, 400)])
        picking.move_line_ids.md_production_date = self.today - timedelta(days=300)
        acceptance = self._validate(picking).md_acceptance_ids
        self._accept(acceptance)
        line = acceptance.line_ids
        self.assertEqual(line.certificate_id, first)
        text = self.pdf_text("medical_device_gsp.action_report_md_acceptance", acceptance, self.inspector)
        self.assertPdfShows(text, "验收记录", "苏械注准20172141234", "PDF-C1", "生产日期",
                            self.zh_date(line.production_date), self.zh_date(first.issue_date),
                            self.zh_date(first.expiry_date))
        self.assertPdfHides(text, self.zh_date(renewal.issue_date), self.zh_date(renewal.expiry_date))

    def test_outbound_review_pdf(self):
        # The hospital wants 500 days of shelf life; QA releases the shorter lot as a signed exception.
        self.hospital.md_min_shelf_life_days = 500
        lot = self._stock_lot(self.syringe, "PDF-O1", 5, days=400)
        delivery = self._delivery(self.syringe, 3)
        self.env(user=self.picker.id).flush_all()
        action = delivery.with_user(self.keeper).with_context(lang="zh_CN").action_md_outbound_review()
        review = self.env["md.outbound.review"].browse(action["res_id"])
        problem = review.problem_ids
        self.assertEqual(problem.code, "shelf_life")
        problem.with_user(self.qa_user).exception_reason = "医院书面同意接收效期 13 个月的产品"
        problem.with_user(self.qa_user)._md_sign("approved")
        review.with_user(self.keeper)._md_sign("reviewed")
        self.assertEqual(review.state, "passed")
        line = review.line_ids
        self.assertEqual(line.lot_id, lot)
        text = self.pdf_text("medical_device_gsp.action_report_md_outbound_review", review, self.keeper)
        self.assertPdfShows(
            text, "出库复核记录", review.name, "客户", "Test Hospital", delivery.name,
            "Test Syringe 5 ml", "PDF-O1", self.zh_date(line.expiry_date), "Test Maker Co.",
            "苏械注准20172141234", "3.00", "质量状态", self.zh_selection(line, "quality_state"), "复核员", "王复核",
            problem.with_context(lang="zh_CN").message, "医院书面同意接收效期13个月的产品")
        # Both signatures: QA's release of the exception and the keeper's review.
        self.assertSignatureShown(text, self._signatures(problem) | self._signatures(review))
        self.assertPdfHides(text, "Outbound Review Record", "Customer:", "Not signed")

    def test_outbound_review_pdf_shows_the_scans(self):
        self._stock_lot(self.syringe, "PDF-S1", 5, days=400)
        self._stock_lot(self.syringe, "PDF-S2", 5, days=500)
        delivery = self._delivery(self.syringe, 6)
        self.env(user=self.picker.id).flush_all()
        code = "(01)06909999000012(10)PDF-S1"
        delivery.with_user(self.picker).md_scan_udi(code)
        action = delivery.with_user(self.keeper).with_context(lang="zh_CN").action_md_outbound_review()
        review = self.env["md.outbound.review"].browse(action["res_id"])
        self.assertEqual({(line.lot_id.name, line.scanned) for line in review.line_ids},
                         {("PDF-S1", True), ("PDF-S2", False)})
        text = self.pdf_text("medical_device_gsp.action_report_md_outbound_review", review, self.keeper)
        self.assertPdfShows(text, "出库复核记录", "UDI 扫码", code, self.picker.name, "PDF-S2", "未扫码")
        self.assertPdfHides(text, "UDI Scan", "Not scanned")

    def test_excursion_pdf(self):
        lot = self._lot(self.reagent, "PDF-X1")
        self._put(lot, 10, self.cold_room, date=self.t0 - timedelta(days=2))
        self._feed(self.sensor, self.t0, [5.0] + [12.5] * 20 + [5.0])
        excursion = self._excursions(self.sensor)
        self.assertRecordValues(excursion, [{"start": self.t0 + MINUTE, "end": self.t0 + 21 * MINUTE}])
        excursion = excursion.with_user(self.qa_user)
        excursion.write({"evaluation": "稳定性数据覆盖 25 °C 下 48 小时，产品不受影响。",
                         "stability_data": "厂家声明 MS-2026-01"})
        excursion.lot_ids.write({"decision": "release"})
        excursion._md_sign("approved")
        text = self.pdf_text("medical_device_gsp.action_report_md_excursion", excursion, self.qa_user)
        utc = self.lang_zh.date_format + " " + self.lang_zh.time_format
        self.assertPdfShows(
            text, "温湿度偏差", excursion.name, "库位", "Cold Room", "传感器", self.sensor.name, "允许范围（°C）",
            # The period is printed in UTC, as its labels say, whatever the reader's time zone.
            "开始时间（UTC）", excursion.start.strftime(utc), "结束时间（UTC）", excursion.end.strftime(utc),
            "最低温度（°C）", "最高温度（°C）", "2.0", "8.0", "12.5", "Test HIV Reagent", "PDF-X1", self.zh_date(lot.expiration_date), "10.00",
            self.zh_selection(excursion.lot_ids, "decision"), "稳定性数据覆盖25°C下48小时，产品不受影响。",
            "稳定性数据", "厂家声明MS-2026-01", "评估")
        self.assertSignatureShown(text, self._signatures(excursion))
        self.assertPdfHides(text, "Not evaluated", "Evaluation:")

    def test_destruction_pdf(self):
        lot = self._stock_lot(self.syringe, "PDF-D1", 10, state="rejected", location=self.nonconforming)
        destruction = self.env["md.destruction"].with_user(self.keeper).create({
            "warehouse_id": self.warehouse.id, "method": "incineration", "place": "危废焚烧站3号炉",
            "reason": "验收不合格，外包装破损", "witness_ids": [Command.set((self.keeper | self.qa_user).ids)],
            "line_ids": [Command.create({"product_id": self.syringe.id, "lot_id": lot.id,
                                         "location_id": self.nonconforming.id, "quantity": 7})]})
        destruction.with_user(self.qa_user)._md_sign("approved")
        self.assertEqual(self._quants(lot, self.nonconforming), 3)
        text = self.pdf_text("medical_device_gsp.action_report_md_destruction", destruction, self.qa_user)
        self.assertPdfShows(
            text, "销毁记录", destruction.name, "不合格品区", "销毁日期", "销毁方式",
            self.zh_selection(destruction, "method"), "销毁地点", "危废焚烧站3号炉", "销毁原因", "验收不合格，外包装破损",
            "医疗器械", "Test Syringe 5 ml", "注册证/备案凭证编号", "苏械注准20172141234", "批号/序列号", "PDF-D1",
            "有效期至", self.zh_date(lot.expiration_date), "7.00", "监销人", "王复核", "张质管", "批准人", "经办人")
        self.assertSignatureShown(text, self._signatures(destruction))
        self.assertPdfHides(text, "Destruction Record", "Witnesses:", "Not signed")
