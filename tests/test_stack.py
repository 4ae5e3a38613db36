"""docker-compose.yml, odoo.conf, README and CI agree with each other (no Docker needed)."""
import configparser
import re

import yaml

from conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
CONF = configparser.ConfigParser()
CONF.read(ROOT / "odoo.conf", encoding="utf-8")
OPTIONS = CONF["options"]
SERVICES = COMPOSE["services"]


def _mounts(service):
    return dict(volume.split(":")[:2][::-1] for volume in SERVICES[service].get("volumes", []))


def test_database_settings_agree():
    db_services = [name for name, svc in SERVICES.items() if str(svc.get("image", "")).startswith("postgres")]
    assert db_services == [OPTIONS["db_host"]]
    env = SERVICES[OPTIONS["db_host"]]["environment"]
    assert env["POSTGRES_USER"] == OPTIONS["db_user"]
    assert env["POSTGRES_PASSWORD"] == OPTIONS["db_password"]
    assert OPTIONS["db_port"] == "5432"
    tests_env = SERVICES["tests"]["environment"]
    assert (tests_env["PGHOST"], tests_env["PGPORT"], tests_env["PGUSER"], tests_env["PGPASSWORD"]) == (
        OPTIONS["db_host"], OPTIONS["db_port"], OPTIONS["db_user"], OPTIONS["db_password"])


def test_addons_path_matches_mounts():
    addons_path = OPTIONS["addons_path"].split(",")
    for service in ("init", "odoo"):
        mounts = _mounts(service)
        assert mounts.get("/mnt/extra-addons") == "./addons"
        assert mounts.get("/etc/odoo/odoo.conf") == "./odoo.conf"
        assert "/mnt/extra-addons" in addons_path
    assert any(path.endswith("odoo/addons") for path in addons_path), "Odoo's own add-ons are on the path"


def test_official_images_and_port():
    assert SERVICES["odoo"]["image"] == SERVICES["init"]["image"] == SERVICES["tests"]["image"]
    dockerfile = (ROOT / SERVICES["init"]["build"]["dockerfile"]).read_text(encoding="utf-8")
    assert re.search(r"^FROM odoo:18\.0$", dockerfile, re.M)
    assert f"8069:{OPTIONS['http_port']}" in SERVICES["odoo"]["ports"]
    assert SERVICES["odoo"]["depends_on"]["init"]["condition"] == "service_completed_successfully"
    assert OPTIONS["db_name"] == "meddev" and "meddev" in (ROOT / "docker" / "init-db.sh").read_text()


def test_ci_and_readme_use_the_test_command():
    assert "scripts/test --require-odoo" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert SERVICES["tests"]["entrypoint"][1:] == ["scripts/test"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docker compose up" in readme and "./scripts/test" in readme
