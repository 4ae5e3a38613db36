from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.pdf import PdfReportCase

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallReportPdf(RecallCommon, PdfReportCase):
    """The recall papers as printed in Chinese: the notice to a consignee, the event report with its signed
    closure and the implementation report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator.name = "任召回"
        cls.qa_user.name = "张质管"
        cls._as_chinese_user(cls.coordinator, cls.qa_user)
        # The notice speaks the consignee's language.
        cls.hospital.lang = "zh_CN"
        cls.lot = cls._supplied_lot("PDF-RC1", 40)
        cls.delivery = cls._deliver({cls.lot: 10}, partner=cls.hospital)
        cls._deliver({cls.lot: 5}, partner=cls.hospital_2)
        cls.recall = cls._started(
            level="1", lot_ids=[Command.set(cls.lot.ids)], manufacturer_id=cls.maker.id,
            source_reference="FSN-2026-007", reason="球囊可能无法泄压", hazard_assessment="可能造成血管损伤",
            decision_date=fields.Datetime.now() - timedelta(hours=2))
        cls.notice = cls.recall.notice_ids.filtered(lambda n: n.partner_id == cls.hospital)
        cls.utc = f"{cls.lang_zh.date_format} {cls.lang_zh.time_format}"

    def _acknowledged(self):
        coordinator = self.notice.with_user(self.coordinator).with_context(lang="zh_CN")
        coordinator.action_send()
        self._acknowledge(coordinator, (6, 4))
        back = coordinator._md_plain_return(self.delivery, {self.lot: 10})
        self._validate(back, user=self.picker)

    def _closed(self):
        self._acknowledged()
        other = (self.recall.notice_ids - self.notice).with_user(self.coordinator)
        other.method = "phone"
        other.action_mark_notified()
        self.env["md.recall.check"].with_user(self.coordinator).create({
            "recall_id": self.recall.id, "method": "document", "result": "effective",
            "note": "回执与退回数量已核对。"})
        recall = self.recall.with_user(self.coordinator)
        recall.summary = "两家收货单位均已通知；回收 10 支并隔离。"
        recall.action_report_submitted()
        self.recall.with_user(self.qa_user)._md_sign("closed")
        self.assertEqual(self.recall.state, "closed")

    def test_notice_pdf(self):
        text = self.pdf_text("medical_device_recall.action_report_md_recall_notice", self.notice, self.coordinator)
        line = self.notice.line_ids
        self.assertPdfShows(
            text, "召回通知", self.recall.name, "致", "Test Hospital", "召回级别", self.zh_selection(self.recall, "level"),
            "召回决定日期（UTC）", self.recall.decision_date.strftime(self.utc),
            "召回来源", self.zh_selection(self.recall, "source"), "FSN-2026-007", "注册人/生产企业", "Test Maker Co.",
            "召回原因", "球囊可能无法泄压", "健康危害评估", "可能造成血管损伤",
            "Test Syringe 5 ml", "苏械注准20172141234", self.syringe.md_udi_di, "PDF-RC1",
            self.zh_date(self.lot.expiration_date), self.delivery.name, "应召回数量", "10.00",
            "召回协调员", "任召回", "ren.recall@example.com")
        self.assertEqual(line.qty_to_recall, 10)
        self.assertPdfHides(text, "Second Test Hospital", "Recall Notice", "What to do")

    def test_event_pdf(self):
        self._closed()
        recall = self.recall
        text = self.pdf_text("medical_device_recall.action_report_md_recall_event", recall, self.qa_user)
        self.assertPdfShows(
            text, "医疗器械召回事件报告表", recall.name, "召回级别", self.zh_selection(recall, "level"),
            "状态", self.zh_selection(recall, "state"), "FSN-2026-007", "Test Maker Co.",
            "召回原因", "球囊可能无法泄压", "健康危害评估", "可能造成血管损伤",
            # Deadlines of 召回管理办法 art. 16, printed in UTC as their labels say.
            "通知收货单位时限（UTC）", recall.notify_deadline.strftime(self.utc),
            "调查评估报告提交时限（UTC）", recall.report_deadline.strftime(self.utc),
            "报告提交日期", self.zh_date(recall.report_submitted_on),
            "Test Syringe 5 ml", "苏械注准20172141234", "PDF-RC1", self.zh_date(self.lot.expiration_date),
            "收货单位", "已通知", "已确认", "应召回数量", "15.00", "已回收数量", "10.00",
            "召回总结与效果评价", "两家收货单位均已通知；回收10支并隔离。", "结束召回电子签名")
        self.assertSignatureShown(text, self.env["md.signature"].search(
            [("res_model", "=", "md.recall"), ("res_id", "=", recall.id)]))
        self.assertPdfHides(text, "Closure, Electronic Signature", "Level:")

    def test_implementation_pdf(self):
        self._acknowledged()
        action = self.recall.with_user(self.coordinator).with_context(lang="zh_CN").action_new_implementation_report()
        report = self.env["md.recall.report"].browse(action["res_id"])
        report.with_user(self.coordinator).note = "其余 5 支已在召回前使用。"
        text = self.pdf_text("medical_device_recall.action_report_md_recall_implementation", report,
                             self.coordinator)
        self.assertPdfShows(
            text, "召回计划实施情况报告", self.recall.name, "召回级别", self.zh_selection(self.recall, "level"),
            "截至（UTC）", report.date.strftime(self.utc), "编制人", "任召回",
            "应通知收货单位", "2", "应召回数量", "15.00", "已召回数量", "10.00",
            "收货单位通知情况", f"Test Hospital: {self.zh_selection(self.notice, 'state')}",
            f"Second Test Hospital: {self.zh_selection(self.recall.notice_ids - self.notice, 'state')}",
            "备注", "其余5支已在召回前使用。")
        self.assertPdfHides(text, "Recall Implementation Report", "Prepared By")
