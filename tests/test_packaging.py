"""Every add-on builds as an OCA-style wheel with whool, and a built wheel installs where pip puts it.

An Odoo 18 add-on on PyPI is the distribution ``odoo-addon-<add-on>``: its files under ``odoo/addons/<add-on>``
(Odoo finds them on its ``odoo.addons`` namespace), its version the manifest's, and its requirements taken from
the manifest: ``odoo`` for Odoo's own add-ons, ``odoo-addon-<name>`` for our other add-ons, the PyPI names of
``external_dependencies["python"]``. The wheels are built from copies without ``.git`` (as in the Docker image);
the version whool computes inside a git checkout is checked on its own.
"""
import ast
import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import ADDONS, addon_dirs

try:
    import tomllib
except ImportError:  # Python 3.10: pip carries the same parser
    from pip._vendor import tomli as tomllib

ADDON_DIRS = addon_dirs()
IDS = [p.name for p in ADDON_DIRS]
BUILD_SYSTEM = {"requires": ["whool"], "build-backend": "whool.buildapi"}
IGNORED = shutil.ignore_patterns("__pycache__", "*.py[co]")


def manifest_of(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def expected_requirements(addon):
    """Distribution names the manifest asks for: Odoo, our add-ons it depends on, its Python packages."""
    manifest = manifest_of(addon)
    names = {"odoo"}
    names |= {f"odoo-addon-{dep}" for dep in manifest.get("depends", [])
              if (ADDONS / dep / "__manifest__.py").is_file()}
    names |= set(manifest.get("external_dependencies", {}).get("python", []))
    return {canonicalize_name(name) for name in names}


def check_requirements(addon, requires):
    requirements = [Requirement(line) for line in requires]
    assert {canonicalize_name(req.name) for req in requirements} == expected_requirements(addon)
    for req in requirements:
        if req.name == "odoo" or req.name.startswith("odoo-addon-"):
            # Odoo 18 and our add-ons of series 18.0, whatever their own version; no other series.
            assert all(req.specifier.contains(v) for v in ("18.0", "18.0.1.0.0", "18.0.2.3.1.7")), req
            assert not any(req.specifier.contains(v) for v in ("17.0.1.0.0", "19.0", "19.0.1.0.0")), req
        else:
            assert not req.specifier, f"{req}: the manifest names no version"


def wheel_metadata(path):
    with zipfile.ZipFile(path) as whl:
        name = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(whl.read(name).decode("utf-8")), whl.namelist()


@pytest.fixture(scope="session", name="wheels")
def fixture_wheels(tmp_path_factory):
    """Build every add-on's wheel once, from copies without .git, with whool and without network."""
    tmp = tmp_path_factory.mktemp("wheels")
    sources = []
    for addon in ADDON_DIRS:
        if (addon / "pyproject.toml").is_file():  # without it pip would fail them all; its own test fails
            sources.append(shutil.copytree(addon, tmp / "src" / addon.name, ignore=IGNORED))
    env = {key: value for key, value in os.environ.items() if key != "WHOOL_POST_VERSION_STRATEGY_OVERRIDE"}
    if not shutil.which("git"):
        env["WHOOL_POST_VERSION_STRATEGY_OVERRIDE"] = "none"  # whool runs git unless told not to
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--no-index", "--no-build-isolation", "--wheel-dir", str(tmp / "dist"), *map(str, sources)],
        env=env, cwd=tmp, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"building the wheels failed:\n{proc.stdout}\n{proc.stderr}"
    return {path.name.split("-")[0]: path for path in (tmp / "dist").glob("*.whl")}


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_addon_has_whool_pyproject(addon):
    path = addon / "pyproject.toml"
    assert path.is_file(), f"{addon.name} has no pyproject.toml: run `whool init addons`"
    assert tomllib.loads(path.read_text(encoding="utf-8")).get("build-system") == BUILD_SYSTEM


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_wheel_name_metadata_and_files(addon, wheels):
    version = manifest_of(addon)["version"]
    wheel = wheels.get(f"odoo_addon_{addon.name}")
    assert wheel, f"no wheel for {addon.name} among {sorted(wheels)}"
    assert wheel.name == f"odoo_addon_{addon.name}-{version}-py3-none-any.whl"
    metadata, names = wheel_metadata(wheel)
    assert metadata["Name"] == f"odoo-addon-{addon.name}"
    assert metadata["Version"] == version
    check_requirements(addon, metadata.get_all("Requires-Dist"))
    assert metadata["Description-Content-Type"] == "text/x-rst"
    assert metadata.get_payload().strip() == (addon / "README.rst").read_text(encoding="utf-8").strip(), \
        "README.rst is the long description"
    prefix = f"odoo/addons/{addon.name}/"
    packed = {name[len(prefix):] for name in names if name.startswith(prefix)}
    source = {path.relative_to(addon).as_posix() for path in addon.rglob("*")
              if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo")}
    assert packed == source - {"pyproject.toml"}
    # No odoo/__init__.py nor odoo/addons/__init__.py: those would hide Odoo's own package.
    assert all(name.startswith((prefix, f"odoo_addon_{addon.name}-")) for name in names), names


@pytest.mark.parametrize("addon", ADDON_DIRS, ids=IDS)
def test_version_in_a_git_checkout(addon, tmp_path, monkeypatch):
    """In the repository whool adds the number of commits since the manifest's version changed (".N")."""
    if not shutil.which("git"):
        pytest.skip("git is not installed: whool needs WHOOL_POST_VERSION_STRATEGY_OVERRIDE=none here")
    from whool.buildapi import prepare_metadata_for_build_wheel  # noqa: PLC0415 - the build backend itself

    monkeypatch.delenv("WHOOL_POST_VERSION_STRATEGY_OVERRIDE", raising=False)
    monkeypatch.chdir(addon)
    dist_info = prepare_metadata_for_build_wheel(str(tmp_path))
    metadata = email.parser.Parser().parsestr((tmp_path / dist_info / "METADATA").read_text(encoding="utf-8"))
    version = manifest_of(addon)["version"]
    assert re.fullmatch(re.escape(version) + r"(\.\d+|\.dev1)?", metadata["Version"]), metadata["Version"]
    Version(metadata["Version"])  # PEP 440, or pip refuses it
    check_requirements(addon, metadata.get_all("Requires-Dist"))


PROBE = """
import importlib.metadata, json, os, sys
dist = importlib.metadata.distribution(sys.argv[1])
manifest = f"odoo/addons/{sys.argv[2]}/__manifest__.py"
path = dist.locate_file(manifest)
print(json.dumps({
    "name": dist.metadata["Name"], "version": dist.version, "requires": dist.requires,
    "listed": manifest in {f.as_posix() for f in dist.files},
    "manifest": open(path, encoding="utf-8").read() if os.path.isfile(path) else None,
    "inside": os.path.realpath(path).startswith(os.path.realpath(sys.prefix) + os.sep),
    "ours": sorted(d.metadata["Name"] for d in importlib.metadata.distributions()
                   if d.metadata["Name"].startswith("odoo-addon-")),
}))
"""


def pip_knows_python_option():
    out = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True, check=True)
    return Version(out.stdout.split()[1]) >= Version("22.3")


def test_one_wheel_installs_into_a_fresh_venv(wheels, tmp_path):
    addon = next((p for p in ADDON_DIRS if p.name == "medical_device_gsp"), ADDON_DIRS[0])
    wheel = wheels[f"odoo_addon_{addon.name}"]
    venv = tmp_path / "venv"
    with_pip = not pip_knows_python_option()
    subprocess.run([sys.executable, "-m", "venv", *([] if with_pip else ["--without-pip"]), str(venv)], check=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    pip = [str(python), "-m", "pip"] if with_pip else [sys.executable, "-m", "pip", "--python", str(python)]
    subprocess.run([*pip, "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-index",
                    str(wheel)], check=True, cwd=tmp_path)
    out = subprocess.run([str(python), "-c", PROBE, f"odoo-addon-{addon.name}", addon.name], cwd=tmp_path,
                         capture_output=True, text=True, check=True)
    found = json.loads(out.stdout)
    assert found["name"] == f"odoo-addon-{addon.name}"
    assert found["version"] == manifest_of(addon)["version"]
    check_requirements(addon, found["requires"])
    assert found["listed"] and found["inside"]
    assert found["manifest"] == (addon / "__manifest__.py").read_text(encoding="utf-8")
    assert found["ours"] == [f"odoo-addon-{addon.name}"], "--no-deps: nothing else comes with it"
