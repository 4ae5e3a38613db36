import os

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

from ..utils.identifiers import IdentifierError

MODULE = "medical_device_base"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """i18n/zh_CN.po must translate every term Odoo exports for the module."""

    def test_zh_cn_complete(self):
        import polib  # noqa: PLC0415 - test-only dependency

        path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n", "zh_CN.po")
        po = polib.pofile(path)
        translated = {entry.msgid for entry in po if entry.msgstr.strip() and "fuzzy" not in entry.flags}
        self.env["res.lang"]._activate_lang("zh_CN")
        reader = TranslationModuleReader(self.env.cr, modules=[MODULE], lang="zh_CN")
        missing = sorted({term[4] for term in reader if term[0] == MODULE and term[4].strip()} - translated)
        self.assertFalse(missing, f"{len(missing)} untranslated term(s) in {path}: {missing[:20]}")

    def test_messages_translated_at_runtime(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"], overwrite=True)
        compliance = self.env["md.compliance"].with_context(lang="zh_CN")
        message = compliance._md_identifier_message(IdentifierError("filing_suffix", number="粤穗械备20150012"))
        self.assertIn("号", message)
        self.assertNotIn("ends with", message)
