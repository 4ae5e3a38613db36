"""OCA readme hygiene: fragments in readme/, a README.rst generated from them, maintainers in the manifest."""
import ast
import importlib.util
import io
import re
import shutil

import pytest
from docutils import nodes
from docutils.core import publish_doctree

from conftest import ROOT, addon_dirs

_spec = importlib.util.spec_from_file_location("gen_addon_readme", ROOT / "scripts" / "gen_addon_readme.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

ADDON_DIRS = addon_dirs()
IDS = [p.name for p in ADDON_DIRS]
SECTIONS = ["Configuration", "Usage", "Bug Tracker", "Credits", "Authors", "Contributors", "Maintainers"]


def parse(rst):
    """The document and its problems (docutils warnings and errors), without printing them."""
    doc = publish_doctree(rst, settings_overrides={"report_level": 5, "halt_level": 5,
                                                   "warning_stream": io.StringIO()})
    return doc, [f"line {msg.get('line')}: {msg.astext()}" for msg in doc.findall(nodes.system_message)
                 if msg["level"] >= 2]


def manifest_of(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_fragments_are_written(addon):
    for name in gen.REQUIRED:
        path = addon / "readme" / f"{name}.md"
        assert path.is_file() and path.read_text(encoding="utf-8").strip(), f"{addon.name}: write readme/{name}.md"


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_readme_is_generated_from_the_fragments(addon):
    path = addon / "README.rst"
    assert path.is_file(), f"{addon.name} has no README.rst: run scripts/gen_addon_readme.py"
    assert path.read_text(encoding="utf-8") == gen.render(addon), \
        f"{path.relative_to(ROOT)} is stale: run scripts/gen_addon_readme.py"


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_readme_is_valid_rst_with_the_oca_sections(addon):
    path = addon / "README.rst"
    assert path.is_file(), f"{addon.name} has no README.rst: run scripts/gen_addon_readme.py"
    doc, problems = parse(path.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)
    assert doc.get("title") == manifest_of(addon)["name"]
    assert [section[0].astext() for section in doc.findall(nodes.section)] == SECTIONS
    assert list(doc.findall(nodes.topic)), "table of contents"


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_maintainers_is_the_github_organisation(addon):
    manifest = manifest_of(addon)
    organisation = re.match(r"https://github\.com/([^/]+)/", manifest["website"]).group(1)
    assert manifest.get("maintainers") == [organisation]


def test_markdown_is_converted_to_rst():
    rst = gen.md_to_rst(
        "Text with `md.udi`s, *em*状态*Recalled*：, [a link](https://example.com), word_ and a | bar.\n"
        "- item\n  more of it\n  - nested\n- second\n\n1. one\n2. two\n\n## Part\n\n"
        "```\nPOST /md/env/readings\n```\n\n| A | B |\n|---|---|\n| 1 | `2` |\n\n> quoted\n")
    doc, problems = parse(rst)
    assert not problems, rst + "\n".join(problems)
    paragraph = doc.next_node(nodes.paragraph)
    assert [n.astext() for n in paragraph.findall(nodes.literal)] == ["md.udi"]
    assert [n.astext() for n in paragraph.findall(nodes.emphasis)] == ["em", "Recalled"]
    assert paragraph.next_node(nodes.reference)["refuri"] == "https://example.com"
    assert "word_ and a | bar." in paragraph.astext()
    outer = doc.next_node(nodes.bullet_list)
    assert [item[0].astext() for item in outer.children] == ["item\nmore of it", "second"]
    assert outer.children[0].next_node(nodes.bullet_list)[0].astext() == "nested"
    assert len(doc.next_node(nodes.enumerated_list).children) == 2
    assert doc.next_node(nodes.section)[0].astext() == "Part"
    assert doc.next_node(nodes.literal_block).astext() == "POST /md/env/readings"
    assert len(list(doc.findall(nodes.row))) == 2
    assert doc.next_node(nodes.block_quote).astext() == "quoted"
    # Before the first section a heading is a rubric, not a section of its own.
    assert ".. rubric:: Part" in gen.md_to_rst("## Part\n", headings=False)


def test_the_checks_catch_problems(tmp_path):
    """Invalid reST is reported, and --check sees an edited fragment whose README was not regenerated."""
    assert parse("*not closed")[1]
    addon = tmp_path / "addons" / ADDON_DIRS[0].name
    shutil.copytree(ADDON_DIRS[0], addon, ignore=shutil.ignore_patterns("*.py", "*.xml", "*.csv", "*.po*",
                                                                         "static", "tests"))
    shutil.copy(ADDON_DIRS[0] / "__manifest__.py", addon)
    assert gen.main([str(addon)]) == 0 and gen.main(["--check", str(addon)]) == 0
    (addon / "readme" / "USAGE.md").write_text("Changed.\n", encoding="utf-8")
    assert gen.main(["--check", str(addon)]) == 1
    (addon / "readme" / "CONFIGURE.md").unlink()
    with pytest.raises(SystemExit, match="CONFIGURE.md"):
        gen.render(addon)
