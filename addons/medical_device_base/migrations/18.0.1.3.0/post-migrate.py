from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The cron taken over from gsp (kept as it was, being no-update data) now runs the mechanism of base."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("medical_device_base.ir_cron_md_calibration_due", raise_if_not_found=False)
    if cron and cron.model_id.model != "md.calibration":
        cron.write({"model_id": env["ir.model"]._get_id("md.calibration"),
                    "code": "model._cron_md_calibration_due()",
                    "name": "Medical Devices: calibration due and overdue (all instruments)"})
