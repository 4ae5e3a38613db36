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
DOCKERFILE = (ROOT / "docker" / "Dockerfile").read_text(encoding="utf-8")
# Build stages: name -> (parent image or stage, its instructions)
STAGES = {m.group(2): (m.group(1), m.group(3))
          for m in re.finditer(r"^FROM (\S+) AS (\w+)\n(.*?)(?=^FROM |\Z)", DOCKERFILE, re.M | re.S)}


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


def test_addons_are_installed_packages_not_mounts():
    """The image installs the add-ons' wheels; Odoo finds them in its odoo.addons namespace, not on a mount."""
    addons_path = OPTIONS["addons_path"].split(",")
    assert addons_path and all(path.endswith("/odoo/addons") for path in addons_path), addons_path
    for service in ("init", "odoo"):
        mounts = _mounts(service)
        assert mounts.get("/etc/odoo/odoo.conf") == "./odoo.conf"
        assert not any(source == "." or source.startswith("./addons") for source in mounts.values()), mounts
    script = (ROOT / "docker" / "init-db.sh").read_text(encoding="utf-8")
    assert "odoo-addon-medical_device_" in script and "/mnt/" not in script


def test_image_stages():
    """init and odoo run the suite stage (wheels built with whool, installed); tests runs without them."""
    assert SERVICES["odoo"]["image"] == SERVICES["init"]["image"] != SERVICES["tests"]["image"]
    assert SERVICES["init"]["build"]["dockerfile"] == SERVICES["tests"]["build"]["dockerfile"] == "docker/Dockerfile"
    assert STAGES["base"][0] == "odoo:18.0"
    assert all(parent in ("odoo:18.0", "base") for parent, _text in STAGES.values())
    assert list(STAGES)[-1] == SERVICES["init"]["build"]["target"], "a plain docker build gives the suite"
    suite = STAGES[SERVICES["init"]["build"]["target"]][1]
    wheels = STAGES[re.search(r"^COPY --from=(\w+) ", suite, re.M).group(1)][1]
    assert "whool" in wheels and re.search(r"pip3 wheel [^\n]*--no-deps", wheels)
    assert "ENV WHOOL_POST_VERSION_STRATEGY_OVERRIDE=none" in wheels, "the build context has no .git"
    assert re.search(r"pip3 install [^\n]*/tmp/wheels/\*\.whl", suite)
    assert "COPY docker/init-db.sh /usr/local/bin/init-db.sh" in suite
    tests = STAGES[SERVICES["tests"]["build"]["target"]][1]
    assert "--from=" not in tests and "requirements-test.txt" in tests, "tests run the mounted add-ons"
    assert ".git" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()


def test_official_images_and_port():
    assert re.search(r"^FROM odoo:18\.0 AS base$", DOCKERFILE, re.M)
    assert f"8069:{OPTIONS['http_port']}" in SERVICES["odoo"]["ports"]
    assert SERVICES["odoo"]["depends_on"]["init"]["condition"] == "service_completed_successfully"
    assert OPTIONS["db_name"] == "meddev" and "meddev" in (ROOT / "docker" / "init-db.sh").read_text()


def test_ci_and_readme_use_the_test_command():
    assert "scripts/test --require-odoo" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert SERVICES["tests"]["entrypoint"][1:] == ["scripts/test"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docker compose up" in readme and "./scripts/test" in readme
