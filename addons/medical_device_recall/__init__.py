from . import controllers
from . import models
from . import wizards


def uninstall_hook(env):
    # Lots left "recalled" go on hold through a recorded change: see stock.lot._md_hold_uninstalled_state.
    env["stock.lot"]._md_hold_uninstalled_state("recalled")
