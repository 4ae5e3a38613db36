"""What a 简体中文 user reads of an add-on, scanned for words left in English.

A complete zh_CN.po is not enough: a translation can be missing its target
text, a term can be stored before the language is loaded, or a label can come
from a place the PO export does not reach.  This reads the screens' sources as
a zh_CN user gets them (views, menus, actions, field labels and help,
selection values, groups, activity types, e-mail subjects, scheduled jobs,
report names) plus every message of the add-on's code, and reports each text
that still contains an English word.
"""
import os
import re

from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tools.translate import TranslationModuleReader, code_translations

LANG = "zh_CN"
# Acronyms and symbols are written the same way in Chinese texts.
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*")
KEPT_WORDS = {"kg", "ml", "mm", "min", "pcs", "mmHg", "ppm", "pH", "Odoo", "Excel", "Font", "Awesome",
              "strftime"}
TEXT_ATTRIBUTES = ("string", "help", "placeholder", "title", "confirm", "sum", "avg", "aria-label",
                   "data-tooltip", "alt")
# QWeb expressions and format strings are code, not text.
# So are identifiers quoted in a text (“recall”, （timestamp）) and icon names (fa-tasks).
CODE_RE = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdfr]|%[A-Za-z%]|\{\{.*?\}\}|#\{.*?\}|<[^>]+>|&\w+;"
                     r"|https?://\S+|“[\w.-]+”|（[a-z_]+）|\bfa-[\w-]+")


def english_words(text):
    text = CODE_RE.sub(" ", text or "")
    return [w for w in WORD_RE.findall(text) if not (w.isupper() or w in KEPT_WORDS or len(w) == 1)]


def _records(env, module, model):
    data = env["ir.model.data"].sudo().search([("module", "=", module), ("model", "=", model)])
    return env[model].sudo().with_context(lang=LANG).browse(data.mapped("res_id")).exists()


def _view_texts(view):
    arch = view.arch_db
    if not arch:
        return
    root = etree.fromstring(arch.encode())
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for attribute in TEXT_ATTRIBUTES:
            if node.get(attribute):
                yield node.get(attribute)
        if node.tag == "attribute":
            if node.get("name") in TEXT_ATTRIBUTES and node.text:
                yield node.text
            continue
        if any(a.startswith("t-") for a in node.attrib) and node.get("t-esc", node.get("t-out")):
            continue
        for text in (node.text, node.tail):
            if text and text.strip():
                yield text


def activate_zh_cn(env, modules=None):
    """Install 简体中文 with the terms of ``modules`` (every installed add-on by default), as loading the
    language does; returns ``env`` in that language."""
    env["res.lang"]._activate_lang(LANG)
    domain = [("state", "=", "installed")] + ([("name", "in", list(modules))] if modules is not None else [])
    env["ir.module.module"]._load_module_terms(env["ir.module.module"].search(domain).mapped("name"), [LANG],
                                               overwrite=True)
    return env(context=dict(env.context, lang=LANG))


def english_shown_to_zh_cn(env, module):
    """[(where, text)] of everything of ``module`` that a zh_CN user would read with English words."""
    env = activate_zh_cn(env, [module])
    found = []

    def check(where, text):
        if english_words(text):
            found.append((where, text))

    for view in _records(env, module, "ir.ui.view"):
        for text in _view_texts(view):
            check(f"view {view.xml_id or view.name}", text)
    for menu in _records(env, module, "ir.ui.menu"):
        check(f"menu {menu.complete_name}", menu.name)
    for model, fields in (("ir.actions.act_window", ("name",)), ("ir.actions.report", ("name",)),
                          ("ir.actions.server", ("name",)), ("res.groups", ("name",)),
                          ("ir.module.category", ("name",)), ("mail.activity.type", ("name", "summary")),
                          ("mail.template", ("subject",)),
                          ("ir.model", ("name",)), ("spreadsheet.dashboard", ("name",)),
                          ("spreadsheet.dashboard.group", ("name",))):
        if model not in env:
            continue
        for record in _records(env, module, model):
            for name in fields:
                value = record[name]
                if isinstance(value, str):
                    check(f"{model} {name} {record.display_name}", value)
    # A scheduled job's stored name is kept in English by Odoo; its action's name is what is translated.
    for cron in _records(env, module, "ir.cron"):
        check(f"scheduled job {cron.id}", cron.ir_actions_server_id.name)
    own_fields = _records(env, module, "ir.model.fields")
    for field in own_fields:
        check(f"label of {field.model}.{field.name}", field.field_description)
        if field.help:
            check(f"help of {field.model}.{field.name}", field.help)
    for selection in _records(env, module, "ir.model.fields.selection"):
        check(f"value {selection.value} of {selection.field_id.model}.{selection.field_id.name}", selection.name)
    # Messages of the server's code, and terms served to the web client (spreadsheet texts, say).
    messages = dict(code_translations.get_python_translations(module, LANG))
    messages.update({m["id"]: m["string"] for m in code_translations.get_web_translations(module, LANG)["messages"]})
    reader = TranslationModuleReader(env.cr, modules=[module], lang=LANG)
    for term in reader:
        if term[0] == module and term[1] == "code":
            translated = messages.get(term[4])
            if translated is None:
                found.append((f"message in {term[2]}", term[4]))
            else:
                check(f"message in {term[2]}", translated)
    return found


def untranslated_zh_cn(env, module):
    """Terms Odoo exports for ``module`` that its i18n/zh_CN.po does not translate."""
    import polib  # noqa: PLC0415 - test-only dependency

    po = polib.pofile(os.path.join(get_module_path(module), "i18n", "zh_CN.po"))
    translated = {entry.msgid for entry in po if entry.msgstr.strip() and "fuzzy" not in entry.flags}
    env["res.lang"]._activate_lang("zh_CN")
    reader = TranslationModuleReader(env.cr, modules=[module], lang="zh_CN")
    return sorted({term[4] for term in reader if term[0] == module and term[4].strip()} - translated)


class ZhCnChecks:
    """For a TransactionCase naming its add-on in ``module``: zh_CN.po is complete and nothing English shows."""

    module = None
    # Odoo collects only a test class's own methods unless told to take inherited ones too.
    allow_inherited_tests_method = True

    def zh_env(self):
        """An environment in 简体中文 with the add-on's terms loaded from its .po."""
        return activate_zh_cn(self.env, [self.module])

    def test_zh_cn_complete(self):
        missing = untranslated_zh_cn(self.env, self.module)
        self.assertFalse(missing, f"{len(missing)} untranslated term(s) in {self.module}/i18n/zh_CN.po: {missing[:20]}")

    def test_nothing_english_for_a_chinese_user(self):
        """Views, menus, labels, selection values and messages as a 简体中文 user reads them."""
        found = english_shown_to_zh_cn(self.env, self.module)
        self.assertFalse(found, "\n".join(f"{where}: {text!r}" for where, text in found[:30]))
