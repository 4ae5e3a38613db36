from odoo.modules.migration import load_script
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools import sql

# The single-column indexes that readings carried before their fields stopped asking for them.
OLD_INDEXES = {"md_env_reading__sensor_id_index": "sensor_id", "md_env_reading__location_id_index": "location_id",
               "md_env_reading__picking_id_index": "picking_id", "md_env_reading__company_id_index": "company_id"}


@tagged("post_install", "-at_install")
class TestMigrations(TransactionCase):
    """Schema clean-ups run once, by the migration of the version that made them, not on every update."""

    def _indexes(self):
        self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'md_env_reading'")
        return {name for (name,) in self.env.cr.fetchall()}

    def _create_old_indexes(self):
        for name, column in OLD_INDEXES.items():
            sql.create_index(self.env.cr, name, "md_env_reading", [column])
        self.assertLessEqual(set(OLD_INDEXES), self._indexes())

    def test_reading_indexes_dropped_by_the_migration(self):
        self._create_old_indexes()
        script = load_script(f"{get_module_path('medical_device_gsp')}/migrations/18.0.1.1.0/post-migrate.py",
                             "medical_device_gsp_post_migrate_18_0_1_1_0")
        script.migrate(self.env.cr, "18.0.1.0.0")
        indexes = self._indexes()
        self.assertFalse(indexes & set(OLD_INDEXES))
        # The indexes the searches need stay.
        self.assertLessEqual({"md_env_reading_location_timestamp_idx", "md_env_reading_picking_timestamp_idx",
                              "md_env_reading_sensor_timestamp_uniq"}, indexes)
        # Run again (an update started over), it has nothing left to do.
        script.migrate(self.env.cr, "18.0.1.0.0")

    def test_update_neither_creates_nor_drops_reading_indexes(self):
        """The fields ask for no index, so Odoo makes none; init() only makes the composite ones."""
        Reading = self.env["md.env.reading"]
        self.assertFalse([name for name in ("sensor_id", "location_id", "picking_id", "company_id")
                          if Reading._fields[name].index])
        self._create_old_indexes()
        Reading.init()
        self.assertLessEqual(set(OLD_INDEXES), self._indexes())
