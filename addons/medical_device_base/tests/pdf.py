"""Printing a report to a real PDF and reading its text back, as an inspector reads the paper.

The HTML of a report can be right while the PDF is not (missing CJK glyphs,
text drawn as outlines, clipped columns), so the regulated reports are checked
on the PDF that wkhtmltopdf makes, through ``pdftotext``. Set ``MD_PDF_DIR`` to
a folder to keep each printed PDF there for a look.
"""
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import unittest
from datetime import timezone

import pytz

from odoo.tests import HttpCase

from .i18n_scan import activate_zh_cn

PDF_TZ = "Asia/Shanghai"
# The CJK fonts draw an ideograph and its radical (日 and ⽇, 户 and ⼾) with one glyph, and the PDF
# maps that glyph back to the radical: pdftotext reads such a character as a radical.
RADICALS = re.compile("[\u2e80-\u2fdf]")
RADICAL_MARK = "\x00"
IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def pdf_missing_reason(env):
    """Why a PDF cannot be made and read here, or None."""
    state = env["ir.actions.report"].get_wkhtmltopdf_state()
    if state != "ok":
        return f"wkhtmltopdf is not usable (state: {state}); install wkhtmltopdf to check the printed reports"
    if not shutil.which("pdftotext"):
        return "pdftotext is missing; install poppler-utils to check the printed reports"
    return None


def pdf_bytes(env, report_xmlid, records, lang="zh_CN"):
    """The PDF of ``records`` as the user of ``env`` prints it, in ``lang``."""
    reason = pdf_missing_reason(env)
    if reason:
        raise unittest.SkipTest(reason)
    # Under --test-enable Odoo returns the HTML unless asked for the real rendering.
    report_env = env(context=dict(env.context, lang=lang, force_report_rendering=True))
    content, kind = report_env["ir.actions.report"]._render_qweb_pdf(report_xmlid, records.ids)
    if kind != "pdf" or not content.startswith(b"%PDF"):
        raise AssertionError(f"{report_xmlid} did not print as PDF (got {kind}: {content[:60]!r})")
    folder = os.environ.get("MD_PDF_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, report_xmlid.rsplit(".", 1)[-1] + ".pdf"), "wb") as handle:
            handle.write(content)
    return content


def pdftotext(content, *options):
    fd, path = tempfile.mkstemp(suffix=".pdf", prefix="md_report_")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        result = subprocess.run(["pdftotext", "-enc", "UTF-8", *options, path, "-"],
                                capture_output=True, check=False, timeout=120)
    finally:
        os.unlink(path)
    if result.returncode:
        raise AssertionError(f"pdftotext failed: {result.stderr.decode(errors='replace')}")
    return result.stdout.decode("utf-8")


class PdfText(str):
    """The page as ``pdftotext -layout`` lays it out; ``raw`` is the same text in drawing order,
    where a table cell that wraps stays in one piece."""

    raw = ""


def pdf_text(env, report_xmlid, records, lang="zh_CN"):
    """The text ``pdftotext -layout`` reads from the printed report (``.raw``: in drawing order)."""
    content = pdf_bytes(env, report_xmlid, records, lang=lang)
    text = PdfText(pdftotext(content, "-layout"))
    text.raw = pdftotext(content, "-raw")
    return text


def _flat(text):
    """Blanks removed (a cell may wrap anywhere), radicals marked, compatibility forms folded."""
    return unicodedata.normalize("NFKC", RADICALS.sub(RADICAL_MARK, re.sub(r"\s+", "", text or "")))


def _pattern(expected):
    # An ideograph may come back as the radical that shares its glyph.
    return re.compile("".join(
        f"[{re.escape(char)}{RADICAL_MARK}]" if IDEOGRAPH.match(char) else re.escape(char)
        for char in _flat(str(expected))))


def pdf_shows(text, expected):
    """Whether ``expected`` is on the page read by pdftotext, in either reading."""
    pattern = _pattern(expected)
    return any(pattern.search(_flat(reading)) for reading in (text, getattr(text, "raw", "")))


def pdf_row_shows(text, *cells):
    """Whether one printed line holds ``cells`` in this order (a row of a table that did not wrap)."""
    pattern = re.compile(".*".join(_pattern(cell).pattern for cell in cells))
    return any(pattern.search(_flat(line))
               for reading in (text, getattr(text, "raw", "")) for line in reading.splitlines())


def local_datetime(value, tz=PDF_TZ):
    """A naive UTC datetime as the clock of ``tz`` shows it."""
    return value.replace(tzinfo=timezone.utc).astimezone(pytz.timezone(tz))


class PdfReportCase(HttpCase):
    """Prints as a Chinese-speaking user and asserts what the paper shows.

    wkhtmltopdf loads the report's style sheets from the test server, which
    needs the registry in test mode: hence an HttpCase.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        reason = pdf_missing_reason(cls.env)
        if reason:
            raise unittest.SkipTest(reason)
        # The Chinese terms the reports use: the installed medical device add-ons', and web's for the layout.
        modules = cls.env["ir.module.module"].search([("name", "=like", "medical_device_%")]).mapped("name")
        activate_zh_cn(cls.env, ["web", *modules])
        cls.lang_zh = cls.env["res.lang"]._lang_get("zh_CN")

    @classmethod
    def _as_chinese_user(cls, *users):
        users = cls.env["res.users"].union(*users)
        users.write({"lang": "zh_CN", "tz": PDF_TZ})
        return users

    def pdf_text(self, report_xmlid, records, user):
        text = pdf_text(self.env(user=user.id), report_xmlid, records.with_user(user))
        # Chinese that the fonts cannot draw comes out as blanks or replacement marks.
        self.assertNotIn("\ufffd", text, f"{report_xmlid}: characters lost in the PDF")
        return text

    def assertPdfShows(self, text, *expected, msg=None):
        """Every expected string is on the paper (blanks ignored)."""
        missing = [value for value in expected if not pdf_shows(text, value)]
        self.assertFalse(missing, msg or f"missing from the PDF: {missing}\n--- PDF text ---\n{text}")

    def assertPdfHides(self, text, *unexpected):
        shown = [value for value in unexpected if pdf_shows(text, value)]
        self.assertFalse(shown, f"unexpected in the PDF: {shown}\n--- PDF text ---\n{text}")

    def zh_datetime(self, value):
        """A UTC datetime as the report prints it for the Chinese user: local clock, zh_CN formats."""
        local = local_datetime(value)
        return local.strftime(f"{self.lang_zh.date_format} {self.lang_zh.time_format}")

    def zh_date(self, value):
        """A date in the zh_CN format; a datetime is first put on the reader's clock, as Odoo prints it."""
        if hasattr(value, "hour"):
            value = local_datetime(value)
        return value.strftime(self.lang_zh.date_format)

    def zh_selection(self, record, field_name):
        """The Chinese label of ``record``'s selection value, which must differ from the English one."""
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        field = record._fields[field_name]
        value = record[field_name]
        label = dict(field._description_selection(env))[value]
        english = dict(field._description_selection(self.env(context=dict(self.env.context, lang="en_US"))))[value]
        self.assertNotEqual(label, english, f"{record._name}.{field_name} = {value} has no Chinese label")
        return label

    def assertSignatureShown(self, text, signatures):
        """21 CFR 11.50: printed name, date and time on the reader's clock, and meaning in Chinese, of every
        signature, next to the manifestation as recorded."""
        self.assertTrue(signatures, "nothing was signed")
        # The column heads of the signature block, in Chinese.
        self.assertPdfShows(text, "签名人姓名", "日期和时间", "含义", "签名记录", PDF_TZ)
        for sig in signatures:
            row = (sig.signer_name, self.zh_datetime(sig.signed_at), PDF_TZ, self.zh_selection(sig, "meaning"),
                   sig.with_context(lang="zh_CN").manifestation)
            self.assertTrue(pdf_row_shows(text, *row),
                            f"no signature row {row} in the PDF\n--- PDF text ---\n{text}")
