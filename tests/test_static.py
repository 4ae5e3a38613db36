"""Odoo-free checks of every add-on: manifests, XML, access CSV, translations (pylint-odoo: test_precommit.py)."""
import ast
import csv
import importlib.metadata
import re

import polib
import pytest
from lxml import etree

from conftest import ROOT, addon_dirs

ADDON_DIRS = addon_dirs()
IDS = [p.name for p in ADDON_DIRS]


def manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def test_suite_has_addons():
    assert "medical_device_base" in IDS


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_manifest(addon):
    data = manifest(addon)
    assert data["license"] == "LGPL-3"
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"]), data["version"]
    assert data.get("installable", True)
    for key in ("data", "demo"):
        for rel in data.get(key, []):
            assert (addon / rel).is_file(), f"{addon.name}: {key} file {rel} is missing"
    for dep in data["depends"]:
        assert not dep.startswith(("web_studio", "quality_control", "mrp_plm")), f"Enterprise dependency {dep}"
    for dist in data.get("external_dependencies", {}).get("python", []):
        importlib.metadata.distribution(dist)  # raises when the PyPI package is not installed
    assert (addon / "static" / "description" / "icon.png").is_file()


XML_ADDONS = [p for p in ADDON_DIRS if any(p.rglob("*.xml"))]


def test_full_addons_have_xml():
    """Only a bridge may be all code: a full add-on has views, data or security in XML."""
    assert {p.name for p in ADDON_DIRS if not manifest(p).get("auto_install")} <= {p.name for p in XML_ADDONS}


@pytest.mark.parametrize("addon", XML_ADDONS, ids=[p.name for p in XML_ADDONS])
def test_xml_files_parse(addon):
    files = list(addon.rglob("*.xml"))
    for path in files:
        tree = etree.parse(str(path))
        # Data files are <odoo>; the web client's OWL templates under static/ are <templates>.
        expected = "templates" if "static" in path.relative_to(addon).parts else "odoo"
        assert tree.getroot().tag == expected, path
        # Odoo 18 idioms: no <tree> views, no attrs/states attributes.
        assert not tree.xpath("//tree"), f"{path}: use <list>"
        assert not tree.xpath("//*[@attrs or @states]"), f"{path}: attrs/states are gone in Odoo 18"


def _declared_models(addon):
    """Concrete (stored or transient) models declared by the add-on, as model xml ids."""
    names = set()
    pattern = r'^class \w+\(models\.(?:Model|TransientModel)\):\n(?:.*\n)*?\s+_name = "([\w.]+)"'
    for path in addon.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in re.findall(pattern, text, re.M):
            if not re.search(rf'_inherit = \[?"{re.escape(name)}"', text):  # not an extension
                names.add(name)
    return {"model_" + name.replace(".", "_") for name in names}


def _declared_groups(addon):
    groups = set()
    for path in (addon / "security").glob("*.xml"):
        groups.update(etree.parse(str(path)).xpath("//record[@model='res.groups']/@id"))
    return groups


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_access_csv(addon):
    path = addon / "security" / "ir.model.access.csv"
    if not path.exists() and not _declared_models(addon):
        return  # an add-on without models of its own (a dashboard) has nothing to grant
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert rows
    models, groups = _declared_models(addon), _declared_groups(addon)
    depends = set(manifest(addon)["depends"]) | {"base"}
    for row in rows:
        assert set(row) == {"id", "name", "model_id:id", "group_id:id", "perm_read", "perm_write",
                            "perm_create", "perm_unlink"}
        model, group = row["model_id:id"], row["group_id:id"]
        if "." in model:
            assert model.split(".")[0] in depends or model.split(".")[0] == "product", model
        else:
            assert model in models, f"{addon.name}: {model} is not declared in this add-on"
        if group:
            if "." in group:
                assert group.split(".")[0] in depends | {"sales_team"}, group
            else:
                assert group in groups, f"{addon.name}: group {group} is not declared"
    # Every concrete model of the add-on has at least one access line.
    assert models <= {row["model_id:id"] for row in rows}, models - {row["model_id:id"] for row in rows}


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_zh_cn_po(addon):
    po = polib.pofile(str(addon / "i18n" / "zh_CN.po"))
    # A bridge add-on has only a few terms of its own; a full add-on has many.
    assert len(po) >= (1 if manifest(addon).get("auto_install") else 10), len(po)
    empty = [e.msgid for e in po if not e.msgstr.strip()]
    assert not empty, f"untranslated: {empty[:10]}"
    for entry in po:
        placeholders = sorted(re.findall(r"%\(\w+\)s|%s", entry.msgid))
        assert placeholders == sorted(re.findall(r"%\(\w+\)s|%s", entry.msgstr)), entry.msgid


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_python_compiles(addon):
    for path in addon.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_babel_extracts_every_message(addon):
    """Odoo exports and scans the translatable messages with Babel; Babel evaluates every string among the
    arguments of ``_()``, so an f-string there (which it cannot evaluate) loses the file's messages."""
    from babel.messages.extract import extract  # noqa: PLC0415 - Babel comes with Odoo's requirements

    for path in sorted(addon.rglob("*.py")):
        with path.open("rb") as source:
            try:
                list(extract("python", source, keywords={"_": None, "_lt": None}))
            # pylint: disable-next=broad-exception-caught
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                pytest.fail(f"{path.relative_to(ROOT)}: Babel cannot extract its messages: {exc!r}")
