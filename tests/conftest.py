import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"


def load_pure(module, relative):
    """Import an add-on's Odoo-free file without importing the add-on (and Odoo)."""
    path = ADDONS / module / relative
    spec = importlib.util.spec_from_file_location(f"_pure_{module}_{path.stem}", path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


@pytest.fixture(scope="session")
def identifiers():
    return load_pure("medical_device_base", "utils/identifiers.py")


def addon_dirs():
    return sorted(p for p in ADDONS.iterdir() if (p / "__manifest__.py").is_file())
