from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists

# Equipment and sensors kept their calibration dates in fields of their own; they now follow the calibration
# mechanism of medical_device_base. What was recorded becomes the date calibrated before any record and the
# initial due date; the old columns go once copied, so that nobody reads stale dates.
OLD_COLUMNS = {
    "md.env.equipment": ("calibration_due_date", "last_calibration_date"),
    "md.env.sensor": ("calibration_due_date", None),
}


def copy_calibration_dates(env):
    """Copy the old calibration dates into the mechanism's fields; returns {model: number of records}."""
    cr = env.cr
    copied = {}
    for model, (due_column, last_column) in OLD_COLUMNS.items():
        Model = env[model]
        table = Model._table
        if not column_exists(cr, table, due_column):
            continue
        last = SQL.identifier(last_column) if last_column and column_exists(cr, table, last_column) else SQL("NULL::date")
        due = SQL.identifier(due_column)
        cr.execute(SQL("""
            UPDATE %(table)s
               SET md_calibration_required = TRUE,
                   md_calibration_initial_due_date = %(due)s,
                   md_calibration_start_date = %(last)s,
                   md_calibration_interval_days = CASE WHEN %(due)s > %(last)s THEN %(due)s - %(last)s
                                                       ELSE COALESCE(md_calibration_interval_days, 365) END
             WHERE %(due)s IS NOT NULL OR %(last)s IS NOT NULL
         RETURNING id""", table=SQL.identifier(table), due=due, last=last))
        ids = [row[0] for row in cr.fetchall()]
        for column in filter(None, (due_column, last_column)):
            if column_exists(cr, table, column):
                cr.execute(SQL("ALTER TABLE %s DROP COLUMN %s", SQL.identifier(table), SQL.identifier(column)))
        records = Model.browse(ids)
        records.invalidate_recordset()
        records._md_calibration_refresh()
        copied[model] = len(ids)
    return copied


def migrate(cr, version):
    copy_calibration_dates(api.Environment(cr, SUPERUSER_ID, {}))
