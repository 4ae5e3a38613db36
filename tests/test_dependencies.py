"""Every third-party package the add-ons import is declared where an installer looks for it.

Odoo loads an add-on's Python files when it builds the registry: one undeclared import (openpyxl, say) on a
machine without it stops the whole database from loading. So what the add-ons' code imports must be in
requirements.txt and in the importing add-on's ``external_dependencies`` (which Odoo checks before it
installs the add-on); what only their tests import must be in requirements.txt or requirements-test.txt.
"""
import ast
import importlib.metadata
import re
import sys

import pytest

from conftest import ROOT, addon_dirs

ADDON_DIRS = addon_dirs()
IDS = [p.name for p in ADDON_DIRS]
# Import names whose distribution is named otherwise, for machines where the package is not installed
# (where it is, its metadata says).
KNOWN_DISTRIBUTIONS = {"stdnum": "python-stdnum", "dateutil": "python-dateutil", "yaml": "PyYAML",
                       "barcode": "python-barcode", "PIL": "Pillow"}


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def distribution(import_name):
    installed = importlib.metadata.packages_distributions().get(import_name)
    return normalise(installed[0] if installed else KNOWN_DISTRIBUTIONS.get(import_name, import_name))


def third_party_imports(path):
    """Top-level names of absolute imports anywhere in the file (function-level ones too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return {name for name in names if name != "odoo" and name not in sys.stdlib_module_names}


def requirement_names(filename):
    names = set()
    for line in (ROOT / filename).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(normalise(re.split(r"[\s<>=!~;\[]", line)[0]))
    return names


def imports_of(addon, tests):
    found = {}
    for path in sorted(addon.rglob("*.py")):
        if ("tests" in path.relative_to(addon).parts) == tests:
            for name in third_party_imports(path):
                found.setdefault(distribution(name), path.relative_to(ROOT))
    return found


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_runtime_imports_are_declared(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    declared = {normalise(name) for name in manifest.get("external_dependencies", {}).get("python", [])}
    required = requirement_names("requirements.txt")
    missing = [f"{dist} (imported in {path}): not in {where}"
               for dist, path in imports_of(addon, tests=False).items()
               for where, names in (("external_dependencies", declared), ("requirements.txt", required))
               if dist not in names]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_test_imports_are_declared(addon):
    required = requirement_names("requirements.txt") | requirement_names("requirements-test.txt")
    missing = [f"{dist} (imported in {path})" for dist, path in imports_of(addon, tests=True).items()
               if dist not in required]
    assert not missing, "not in requirements.txt or requirements-test.txt:\n" + "\n".join(missing)


def test_declared_external_dependencies_are_required():
    """What a manifest declares, pip must install: requirements.txt names it."""
    required = requirement_names("requirements.txt")
    for addon in ADDON_DIRS:
        manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
        for name in manifest.get("external_dependencies", {}).get("python", []):
            assert normalise(name) in required, f"{addon.name} declares {name}, requirements.txt does not"


def test_the_check_sees_an_undeclared_import(tmp_path):
    """The scan finds imports inside functions too, where openpyxl is imported."""
    path = tmp_path / "wizard.py"
    path.write_text("import os\nfrom . import x\n\ndef f():\n    import openpyxl  # noqa\n    from odoo import api\n")
    assert third_party_imports(path) == {"openpyxl"}
    assert distribution("stdnum") == "python-stdnum"


def test_every_requirement_is_imported():
    """No unused dependency: what requirements.txt names, some add-on imports."""
    imported = set()
    for addon in ADDON_DIRS:
        imported |= set(imports_of(addon, tests=False)) | set(imports_of(addon, tests=True))
    unused = sorted(requirement_names("requirements.txt") - imported)
    assert not unused, f"requirements.txt names packages no add-on imports: {unused}"
