from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.medical_device_base.tests.pdf import PdfReportCase

from .common import CapaCommon

ROOT_CAUSE = "模具第 4 腔磨损，在针筒壁留下应力点。"


@tagged("post_install", "-at_install")
class TestCapaReportPdf(CapaCommon, PdfReportCase):
    """The CAPA record and the nonconformance report as printed for a Chinese-speaking user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.qa_user.name = "张质管"
        cls.engineer.name = "吴工程师"
        cls._as_chinese_user(cls.qa_user, cls.engineer)
        cls.today = fields.Date.context_today(cls.env["md.capa"])

    def _signatures(self, record):
        return self.env["md.signature"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])

    def test_capa_pdf(self):
        capa = self.env["md.capa"].with_user(self.qa_user).create({
            "title": "针筒破裂", "description": "用力推注时针筒破裂。", "product_id": self.syringe.id,
            "partner_id": self.supplier.id, "severity": "4", "occurrence": "3", "user_id": self.qa_user.id,
            "date_deadline": self.today + timedelta(days=30),
        })
        capa.action_start_investigation()
        capa.write({"investigation": "检查了留样及第 1-3 批的注塑记录。", "root_cause_method": "5why",
                    "root_cause": ROOT_CAUSE,
                    "action_ids": [Command.create({"name": "更换注塑模具", "user_id": self.engineer.id,
                                                   "date_deadline": self.today + timedelta(days=10)})]})
        capa.action_start_actions()
        action = capa.action_ids.with_user(self.engineer)
        action.write({"result": "已更换第 4 腔；抽检 200 支，无破裂。"})
        action.action_done()
        capa.write({"effectiveness_date": self.today + timedelta(days=60),
                    "effectiveness_criteria": "后续三次收货无针筒破裂。"})
        capa.action_check_effectiveness()
        capa.write({"effectiveness_result": "effective", "effectiveness_notes": "三次收货共检验 600 支，无破裂。"})
        capa._md_sign("closed")
        self.assertEqual(capa.stage, "closed")
        text = self.pdf_text("medical_device_capa.action_report_md_capa", capa, self.qa_user)
        self.assertPdfShows(
            text, "CAPA 记录", capa.name, "标题", "针筒破裂", "阶段", self.zh_selection(capa, "stage"),
            "类型", self.zh_selection(capa, "capa_type"), "负责人", "张质管", "医疗器械", "Test Syringe 5 ml",
            "供应商", "Test Supplier Co.", "创建时间（UTC）", capa.create_date.strftime(
                f"{self.lang_zh.date_format} {self.lang_zh.time_format}"),
            "问题描述", "用力推注时针筒破裂。", "严重度", "发生频度", "风险评分", "12",
            "风险等级", self.zh_selection(capa, "risk_level"),
            "调查", "检查了留样及第1-3批的注塑记录。",
            "根本原因", "分析方法", self.zh_selection(capa, "root_cause_method"), ROOT_CAUSE,
            "措施", "更换注塑模具", self.zh_selection(action, "state"), "吴工程师", "已更换第4腔；抽检200支，无破裂。",
            "完成时间（UTC）", action.done_on.strftime(f"{self.lang_zh.date_format} {self.lang_zh.time_format}"),
            "有效性验证", "验证日期", self.zh_date(capa.effectiveness_date), "结果",
            self.zh_selection(capa, "effectiveness_result"), "判定标准", "后续三次收货无针筒破裂。",
            "证据", "三次收货共检验600支，无破裂。", "关闭", "电子签名")
        self.assertSignatureShown(text, self._signatures(capa))
        self.assertPdfHides(text, "Not signed", "CAPA Record", "Root Cause")

    def test_nonconformance_pdf(self):
        lot = self._supplied_lot("PDF-NC1", 8)
        nc = self.env["md.nonconformance"].with_user(self.engineer).create({
            "title": "针筒破裂", "description": "货架上发现针筒破裂", "product_id": self.syringe.id,
            "lot_ids": [Command.set(lot.ids)], "partner_id": self.supplier.id, "quantity": 5,
            "containment": "移至待验区隔离货架并挂暂停标识"})
        nc.with_user(self.engineer).action_contain()
        nc.with_user(self.qa_user).write({"disposition": "return", "justification": "供应商按索赔单 C-7 换货"})
        nc.with_user(self.qa_user)._md_sign("approved")
        hold = nc.quality_change_ids
        self.assertTrue(hold)
        text = self.pdf_text("medical_device_capa.action_report_md_nonconformance", nc, self.qa_user)
        self.assertPdfShows(
            text, "不合格品报告", nc.name, "针筒破裂", "状态", self.zh_selection(nc, "state"),
            "发现日期", self.zh_date(nc.date), "报告人", "吴工程师", "供应商", "Test Supplier Co.",
            "医疗器械", "Test Syringe 5 ml", "批号/序列号", "PDF-NC1", "数量", "5.00",
            "描述", "货架上发现针筒破裂", "紧急控制措施", "移至待验区隔离货架并挂暂停标识", hold.name,
            "变更时间（UTC）", hold.date.strftime(f"{self.lang_zh.date_format} {self.lang_zh.time_format}"),
            "处置", self.zh_selection(nc, "disposition"), "处置理由", "供应商按索赔单C-7换货", "签名")
        self.assertSignatureShown(text, self._signatures(nc))
        self.assertPdfHides(text, "Not signed", "Nonconformance Report", "Disposition:")
