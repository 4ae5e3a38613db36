from odoo.tests import TransactionCase, tagged

from ..utils.identifiers import IdentifierError
from .common import untranslated_zh_cn

MODULE = "medical_device_base"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """i18n/zh_CN.po must translate every term Odoo exports for the module."""

    def test_zh_cn_complete(self):
        missing = untranslated_zh_cn(self.env, MODULE)
        self.assertFalse(missing, f"{len(missing)} untranslated term(s) in {MODULE}/i18n/zh_CN.po: {missing[:20]}")

    def test_messages_translated_at_runtime(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"], overwrite=True)
        compliance = self.env["md.compliance"].with_context(lang="zh_CN")
        message = compliance._md_identifier_message(IdentifierError("filing_suffix", number="粤穗械备20150012"))
        self.assertIn("号", message)
        self.assertNotIn("ends with", message)
