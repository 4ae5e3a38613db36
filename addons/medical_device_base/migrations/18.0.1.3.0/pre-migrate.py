# The calibration mechanism moved into this add-on from medical_device_gsp, which kept a reminder of its own
# for its equipment and sensors. Its activity type and cron come along (the open reminders keep their type);
# this add-on is updated before gsp, so the records change hands here, before gsp would drop them.
MOVED = ("mail_activity_md_calibration", "ir_cron_md_calibration_due", "ir_cron_md_calibration_due_ir_actions_server")


def migrate(cr, version):
    for name in MOVED:
        cr.execute("""
            UPDATE ir_model_data SET module = 'medical_device_base'
             WHERE module = 'medical_device_gsp' AND name = %s
               AND NOT EXISTS (SELECT 1 FROM ir_model_data WHERE module = 'medical_device_base' AND name = %s)
        """, [name, name])
