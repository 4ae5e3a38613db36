from . import models


def uninstall_hook(env):
    # Lots left "returned" go on hold through a recorded change: see stock.lot._md_hold_uninstalled_state.
    env["stock.lot"]._md_hold_uninstalled_state("returned")
