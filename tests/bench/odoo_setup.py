"""How the benchmarks open their database: Odoo's add-ons plus this repository's, one superuser cursor."""
import contextlib
from pathlib import Path

REPOSITORY_ADDONS = str(Path(__file__).resolve().parents[2] / "addons")


def configure(database, addons_path=None):
    """Load Odoo's configuration for ``database``; returns the add-ons path in use.

    Without ``addons_path``, Odoo's own add-ons and this repository's.
    """
    from odoo.tools import config  # noqa: PLC0415 - Odoo is imported only once a benchmark runs

    args = ["-d", database, "--log-level=warn"]
    if addons_path:
        args.append(f"--addons-path={addons_path}")
    config.parse_config(args)
    if not addons_path:
        paths = [p for p in config["addons_path"].split(",") if p]
        if REPOSITORY_ADDONS not in paths:
            paths.append(REPOSITORY_ADDONS)
        config.parse_config(args + [f"--addons-path={','.join(paths)}"])
    return config["addons_path"]


@contextlib.contextmanager
def superuser_env(database):
    """An environment of the superuser on one cursor of ``database``."""
    import odoo  # noqa: PLC0415

    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
