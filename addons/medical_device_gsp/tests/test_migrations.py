from datetime import timedelta

from odoo.modules.migration import load_script
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools import sql

from .common import GspCommon

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


@tagged("post_install", "-at_install")
class TestAlertDateMigration(GspCommon):
    """Lots made before the one near-expiry rule take its alert date when the add-on is updated."""

    def test_alert_dates_recomputed_by_the_migration(self):
        self.company.md_near_expiry_days = 90
        self.stent.alert_time = 30
        syringe_lot = self._stock_lot(self.syringe, "MIG-SYR", 1, days=200)
        stent_lot = self._stock_lot(self.stent, "MIG-SN", 1, days=200)
        # As product_expiry left them: the product's alert time, 0 days when it had none.
        self.env.flush_all()
        self.env.cr.execute("UPDATE stock_lot SET alert_date = expiration_date WHERE id IN %s",
                            [(syringe_lot.id, stent_lot.id)])
        self.env.invalidate_all()
        script = load_script(f"{get_module_path('medical_device_gsp')}/migrations/18.0.1.2.0/post-migrate.py",
                             "medical_device_gsp_post_migrate_18_0_1_2_0")
        script.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(syringe_lot.alert_date, syringe_lot.expiration_date - timedelta(days=90))
        self.assertEqual(stent_lot.alert_date, stent_lot.expiration_date - timedelta(days=30))
