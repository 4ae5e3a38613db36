from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from ..utils.identifiers import IdentifierError
from .i18n_scan import ZhCnChecks, english_shown_to_zh_cn, english_words

MODULE = "medical_device_base"


@tagged("post_install", "-at_install")
class TestTranslations(ZhCnChecks, TransactionCase):
    """i18n/zh_CN.po must translate every term Odoo exports for the module."""

    module = MODULE

    def test_scan_reports_english_words(self):
        self.assertEqual(english_words("待验 Quarantine（%(lot)s）"), ["Quarantine"])
        self.assertEqual(english_words("UDI-DI 无效：%(code)s，GS1 “recall” fa-tasks %(rate).2f %%"), [])
        # A label whose translation was lost shows in English: the scan must find it.
        field = self.env["ir.model.fields"]._get("md.certificate", "state")
        with patch.object(type(self.env["ir.module.module"]), "_load_module_terms", lambda *args, **kw: None):
            self.env["res.lang"]._activate_lang("zh_CN")
            field.with_context(lang="zh_CN").field_description = "Validity"
            found = english_shown_to_zh_cn(self.env, MODULE)
        self.assertIn(("label of md.certificate.state", "Validity"), found)

    def test_messages_translated_at_runtime(self):
        compliance = self.zh_env()["md.compliance"]
        message = compliance._md_identifier_message(IdentifierError("filing_suffix", number="粤穗械备20150012"))
        self.assertIn("号", message)
        self.assertNotIn("ends with", message)
