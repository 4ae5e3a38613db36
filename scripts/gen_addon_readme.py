#!/usr/bin/env python3
"""Write each add-on's README.rst from its __manifest__.py and its readme/*.md fragments.

Usage: scripts/gen_addon_readme.py [--check] [ADDON_DIR ...]   (default: every add-on under addons/)

The layout follows the Odoo Community Association's add-on READMEs: title, summary, badges (as text),
description, table of contents, then Installation, Configuration, Usage, Known issues / Roadmap, Changelog,
Bug Tracker and Credits. Edit the fragments, never README.rst: tests/test_addon_readme.py fails when a
README.rst differs from what this script writes. --check writes nothing and exits 1 on a stale README.
"""
import ast
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (fragment, section title) in the order of the README; DESCRIPTION comes before the table of contents,
# CONTRIBUTORS and CREDITS go under Credits.
SECTIONS = [("INSTALL", "Installation"), ("CONFIGURE", "Configuration"), ("USAGE", "Usage"),
            ("ROADMAP", "Known issues / Roadmap"), ("HISTORY", "Changelog")]
REQUIRED = ("DESCRIPTION", "CONFIGURE", "USAGE", "CONTRIBUTORS")
HEADING_CHARS = "-~^"  # fragment headings sit below the README's "=" sections
LIST_RE = re.compile(r"^( *)([-*+]|\d+[.)]) +(.*)$")
TABLE_RULE_RE = re.compile(r"^\|[\s:|-]+\|$")
# Complete inline markup in converted text: code, strong, emphasis, anonymous links.
SPAN_RE = re.compile(r"``.+?``|\*\*\S(?:.*?\S)?\*\*|\*[^\s*](?:[^*]*?\S)?\*|`[^`]+`__")


def addon_dirs(root=ROOT):
    return sorted(p for p in (root / "addons").iterdir() if (p / "__manifest__.py").is_file())


def _separate(match):
    """reST markup must not touch a word character (CJK included): join it with an escaped space."""
    text, start, end = match.string, match.start(), match.end()
    before = "\\ " if start and re.match(r"\w", text[start - 1]) else ""
    after = "\\ " if end < len(text) and re.match(r"\w", text[end]) else ""
    return before + match.group(0) + after


def _inline(text):
    """Markdown inline markup to reST: code spans, links, strong and emphasis; other text is kept."""
    kept = []

    def keep(rst):
        kept.append(rst)
        return f"\x00{len(kept) - 1}\x00"

    text = re.sub(r"(`+)(.+?)\1", lambda m: keep(f"``{m.group(2).strip()}``"), text)
    text = re.sub(r"(!?)\[([^\]]+)\]\(([^)\s]+)\)",
                  lambda m: keep(m.group(2) if m.group(1) else f"`{m.group(2)} <{m.group(3)}>`__"), text)
    text = re.sub(r"<(https?://[^>\s]+)>", lambda m: keep(m.group(1)), text)
    text = text.replace("|", "\\|")  # never a substitution reference
    text = re.sub(r"(?<![\w*])__(\S(?:.*?\S)?)__(?![\w*])", r"**\1**", text)
    text = re.sub(r"(?<!\w)_(\S(?:.*?\S)?)_(?!\w)", r"*\1*", text)
    text = re.sub(r"(?<=[^\W_])_(?!\w)", r"\\_", text)  # "word_" would be a hyperlink reference
    text = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return SPAN_RE.sub(_separate, text)


def md_to_rst(text, headings=True):
    """Convert a Markdown fragment: headings, paragraphs, (nested) lists, code blocks, quotes, tables.

    With headings=False a heading becomes a rubric (used before the README's first section).
    """
    out, lines, i = [], text.strip("\n").splitlines(), 0
    stack = []  # open list levels: (Markdown indent, reST indent of the bullet, reST indent of the text)
    last_item = None  # reST bullet indent of the item the previous lines belong to

    def blank():
        if out and out[-1]:
            out.append("")

    while i < len(lines):
        line = lines[i].rstrip()
        indented = line.startswith(" ")
        if not indented and line and not LIST_RE.match(line) and (not out or not out[-1]):
            stack, last_item = [], None  # a paragraph after a blank line ends the list
        text_indent = " " * (stack[-1][2] if stack else 0)
        if line.lstrip().startswith("```"):
            blank()
            out += [text_indent + "::", ""]
            i += 1
            while i < len(lines) and not lines[i].lstrip().startswith("```"):
                out.append(f"{text_indent}   {lines[i].rstrip()}" if lines[i].strip() else "")
                i += 1
            out.append("")
        elif re.match(r"^#{1,6} ", line):
            level, title = len(line.split(" ")[0]), _inline(line.split(" ", 1)[1].strip(" #"))
            stack, last_item = [], None
            blank()
            out += [title, HEADING_CHARS[min(level, 3) - 1] * len(title), ""] if headings \
                else [f".. rubric:: {title}", ""]
        elif line.startswith("|") and i + 1 < len(lines) and TABLE_RULE_RE.match(lines[i + 1].strip()):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                if not TABLE_RULE_RE.match(lines[i].strip()):
                    rows.append([_inline(cell.strip()) for cell in lines[i].strip().strip("|").split("|")])
                i += 1
            blank()
            out += [".. list-table::", "   :header-rows: 1", ""]
            out += [f"   {' ' if n else '*'} - {cell}" for row in rows for n, cell in enumerate(row)]
            out.append("")
            continue
        elif LIST_RE.match(line):
            md_indent, marker, body = LIST_RE.match(line).groups()
            bullet_indent = None
            while stack and len(md_indent) <= stack[-1][0]:
                bullet_indent = stack.pop()[1]  # a sibling of this item, or the end of a nested list
            if bullet_indent is None:
                bullet_indent = stack[-1][2] if stack else 0
            bullet = "-" if marker in "-*+" else "#."
            if last_item != bullet_indent:
                blank()  # reST wants a blank line around a (nested) list
            out.append(f"{' ' * bullet_indent}{bullet} {_inline(body)}")
            stack.append((len(md_indent), bullet_indent, bullet_indent + len(bullet) + 1))
            last_item = bullet_indent
        elif line.startswith(">"):
            if i == 0 or not lines[i - 1].startswith(">"):
                blank()
                out += ["..", ""]  # an empty comment ends whatever came before: the quote stands alone
            out.append("   " + _inline(line.lstrip("> ")))
            stack, last_item = [], None
        elif not line.strip():
            blank()
        else:
            out.append(text_indent + _inline(line.strip()))
        i += 1
    return "\n".join(out).strip("\n") + "\n"


def _wrap(text):
    return textwrap.fill(" ".join(text.split()), 110, break_long_words=False, break_on_hyphens=False) + "\n"


def _section(title, body, char="="):
    return f"{title}\n{char * len(title)}\n\n{body.rstrip()}\n\n"


def _fragment(addon, name, headings=True):
    path = addon / "readme" / f"{name}.md"
    return md_to_rst(path.read_text(encoding="utf-8"), headings) if path.is_file() else None


def render(addon):
    """The README.rst of one add-on directory, as a string."""
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    missing = [name for name in REQUIRED if not (addon / "readme" / f"{name}.md").is_file()]
    if missing:
        raise SystemExit(f"{addon.name}: readme/ lacks {', '.join(name + '.md' for name in missing)}")
    website = manifest.get("website", "").rstrip("/")
    title = manifest["name"]
    series = ".".join(manifest["version"].split(".")[:2])
    doc = "=" * len(title) + f"\n{title}\n" + "=" * len(title) + "\n\n"
    doc += (".. This file is generated by scripts/gen_addon_readme.py from __manifest__.py and readme/*.md:\n"
            "   edit those and run the script again; changes made here are overwritten.\n\n")
    badges = [("maturity", "Maturity", manifest.get("development_status", "Beta")),
              ("licence", "Licence", manifest.get("license", "LGPL-3")), ("series", "Odoo", series)]
    doc += " ".join(f"|{key}|" for key, _label, _value in badges) + "\n\n"
    doc += "".join(f".. |{key}| replace:: **{label}:** {value}\n" for key, label, value in badges) + "\n"
    if manifest.get("summary"):
        doc += _wrap(_inline(manifest["summary"])) + "\n"
    doc += _fragment(addon, "DESCRIPTION", headings=False) + "\n"
    doc += "**Table of contents**\n\n.. contents::\n   :local:\n\n"
    for name, section_title in SECTIONS:
        body = _fragment(addon, name)
        if body:
            doc += _section(section_title, body)
    doc += _section("Bug Tracker", _wrap(
        f"Problems and ideas go to `GitHub Issues <{website}/issues>`__. Please look there first whether yours "
        f"is already known; otherwise open one naming the add-on (``{addon.name}``), the Odoo version and "
        "the steps that show the problem." if website else "Report problems to the authors."))
    credit_sections = "".join(_section(sub, body, "-") for sub, body in (
        ("Authors", "".join(f"- {_inline(author.strip())}\n" for author in manifest.get("author", "").split(","))),
        ("Contributors", _fragment(addon, "CONTRIBUTORS")),
        ("Other credits", _fragment(addon, "CREDITS")),
        ("Maintainers", _maintainers(manifest, website)),
    ) if body)
    doc += _section("Credits", credit_sections)
    return doc.rstrip("\n") + "\n"


def _maintainers(manifest, website):
    people = ", ".join(f"`{login} <https://github.com/{login}>`__" for login in manifest.get("maintainers", []))
    text = _wrap(f"Current maintainers: {people}.") if people else ""
    project = re.match(r"https://github\.com/([^/]+/[^/]+)$", website)
    if project:
        text += "\n" + _wrap(f"This add-on is part of the `{project.group(1)} <{website}>`__ project on GitHub.")
    return text


def main(argv):
    check = "--check" in argv
    dirs = [Path(arg).resolve() for arg in argv if arg != "--check"] or addon_dirs()
    stale = []
    for addon in dirs:
        path = addon / "README.rst"
        text = render(addon)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
        sys.stdout.write(f"{'stale' if check else 'written'}: {shown}\n")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
