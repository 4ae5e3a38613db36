"""What a 简体中文 user reads of an add-on, scanned for words left in English.

A complete zh_CN.po is not enough: a translation can be missing its target
text, a term can be stored before the language is loaded, or a label can come
from a place the PO export does not reach.  This reads the screens' sources as
a zh_CN user gets them (views, menus, actions, field labels and help,
selection values, groups, activity types, e-mail subjects, scheduled jobs,
report names) plus every message of the add-on's code, and reports each text
that still contains an English word.
"""
import re

from lxml import etree

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


def english_shown_to_zh_cn(env, module):
    """[(where, text)] of everything of ``module`` that a zh_CN user would read with English words."""
    env["res.lang"]._activate_lang(LANG)
    env["ir.module.module"]._load_module_terms([module], [LANG], overwrite=True)
    env = env(context=dict(env.context, lang=LANG))
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
