"""Each add-on names only itself and its declared dependencies, so it installs and works alone.

Cooperation between sibling add-ons lives in small auto_install bridges that depend on both; an add-on
that reached for a sibling it does not depend on (an external id, an import, a model name, a check whether
a model is in the registry) would work only when that sibling happens to be installed.
"""
import ast
import re

import pytest

from conftest import ADDONS, addon_dirs

ADDON_DIRS = addon_dirs()
IDS = [p.name for p in ADDON_DIRS]
SUFFIXES = (".py", ".xml", ".js", ".csv")
# medical_device_x.some_id, odoo.addons.medical_device_x, "medical_device_x" as a module name in code.
MODULE_RE = re.compile(r"\b(medical_device_[a-z_]+?)(?=\.[a-zA-Z_]|\b)")
MODEL_DEF_RE = re.compile(r"""^\s*_name\s*=\s*["'](md\.[a-z_.]+)["']""", re.M)
MODEL_REF_RE = re.compile(r"""["'](md\.[a-z_]+(?:\.[a-z_]+)*)["']""")
REGISTRY_CHECK_RE = re.compile(r"""["']md\.[a-z_.]+["']\s+(?:not\s+)?in\s+(?:self\.)?env\b""")


def manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def closure(name):
    """The add-on and every medical_device add-on it depends on, directly or not."""
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current in seen or not (ADDONS / current / "__manifest__.py").is_file():
            continue
        seen.add(current)
        todo += manifest(ADDONS / current)["depends"]
    return seen


def files(addon):
    """The add-on's files, without its migrations (which may name where a record came from)."""
    return [p for p in sorted(addon.rglob("*")) if p.suffix in SUFFIXES and p.is_file()
            and "migrations" not in p.relative_to(addon).parts]


def guarded(text, module):
    """A test may take a sibling into account when it first asks whether that sibling is installed."""
    return f'_get("{module}")' in text


MODELS = {addon.name: set(MODEL_DEF_RE.findall("\n".join(
    p.read_text(encoding="utf-8") for p in addon.rglob("*.py")))) for addon in ADDON_DIRS}


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_names_only_its_dependencies(addon):
    allowed = closure(addon.name)
    known_models = set().union(*(MODELS[name] for name in allowed if name in MODELS))
    all_models = set().union(*MODELS.values())
    problems = []
    for path in files(addon):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ADDONS)
        siblings = {module for module in MODULE_RE.findall(text)
                    if (ADDONS / module / "__manifest__.py").is_file() and module not in allowed}
        in_tests = "tests" in path.relative_to(addon).parts
        guarded_models = set().union(*(MODELS[m] for m in siblings if in_tests and guarded(text, m)))
        for module in sorted(siblings):
            if not (in_tests and guarded(text, module)):
                problems.append(f"{rel}: names {module}, which it does not depend on")
        if path.suffix == ".py":
            for model in set(MODEL_REF_RE.findall(text)):
                if model in all_models and model not in known_models | guarded_models:
                    problems.append(f"{rel}: names the model {model} of an add-on it does not depend on")
            if REGISTRY_CHECK_RE.search(text):
                problems.append(f"{rel}: checks whether a sibling's model is installed; use a bridge add-on")
    assert not problems, "\n".join(problems)


def test_bridges_depend_on_what_they_join():
    """An auto_install add-on is installed as soon as its dependencies are: it must depend on every add-on
    whose records it extends, so that it never arrives alone."""
    bridges = [addon for addon in ADDON_DIRS if manifest(addon).get("auto_install")]
    assert bridges
    for addon in bridges:
        assert len([d for d in manifest(addon)["depends"] if d.startswith("medical_device_")]) >= 2, addon.name
