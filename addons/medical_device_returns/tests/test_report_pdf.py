from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.pdf import PdfReportCase

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnReportPdf(ReturnsCommon, PdfReportCase):
    """The return record as printed for a Chinese-speaking user: grade, lots, disposition, QA signature."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.qa_user.name = "张质管"
        cls._as_chinese_user(cls.qa_user, cls.seller)

    def test_return_pdf(self):
        lot = self._supplied_lot("PDF-R1", 10)
        delivery = self._deliver({lot: 10})
        record = self._return(delivery, {lot: 4}, "quality_defect", reason="推杆卡滞，无法推注")
        self._receive(record)
        self._inspect(record, packaging_check="fail", disposition_note="4 支推杆卡滞，退回生产企业")
        self._sign(record)
        line = record.line_ids
        self.assertEqual((record.state, line.disposition), ("done", "supplier"))
        text = self.pdf_text("medical_device_returns.action_report_md_return", record, self.qa_user)
        grade = record.grade_id.with_context(lang="zh_CN").name
        self.assertNotEqual(grade, record.grade_id.with_context(lang="en_US").name, "grade has no Chinese name")
        self.assertPdfShows(
            text, "退货记录", record.name, "类型", self.zh_selection(record, "return_type"),
            "退货分级", grade, "业务伙伴", "Test Hospital", delivery.name, record.return_picking_id.name,
            "审批人", "张质管", "退货原因", "推杆卡滞，无法推注",
            "Test Syringe 5 ml", "注册证/备案凭证编号", "苏械注准20172141234", "PDF-R1",
            self.zh_date(lot.expiration_date), "4.00", "Test Supplier Co.",
            "处置", self.zh_selection(line, "disposition"), "处置理由", "4支推杆卡滞，退回生产企业",
            self.zh_selection(line, "packaging_check"), "质量处置电子签名")
        self.assertSignatureShown(text, self._signatures(record))
        self.assertPdfHides(text, "No QA disposition signed", "Return Record", "Grade:")
