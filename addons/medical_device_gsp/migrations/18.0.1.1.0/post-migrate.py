from odoo.tools.sql import drop_index

# Readings used to carry an index on each of these columns (index=True on the fields). The fields no longer
# ask for one: the unique (sensor, time) constraint and the (location, time) and (shipment, time) indexes made
# by md.env.reading's init() cover every search, and each index more slows down the loggers' inserts. Odoo
# keeps an index a field stopped asking for, so the databases installed with them drop them here, once.
OBSOLETE_INDEXES = (
    "md_env_reading__sensor_id_index",
    "md_env_reading__location_id_index",
    "md_env_reading__picking_id_index",
    "md_env_reading__company_id_index",
)


def migrate(cr, version):
    for name in OBSOLETE_INDEXES:
        drop_index(cr, name, "md_env_reading")
