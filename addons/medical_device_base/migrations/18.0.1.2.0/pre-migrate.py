# CAPA's cooperation with returns and recalls moved out of medical_device_capa into auto_install bridges
# (medical_device_capa_returns, medical_device_capa_recall; medical_device_recall_returns for the recall's
# retrieval through graded returns). This add-on is the first of the suite to be updated, so the move is
# prepared here, before the returns and recall add-ons load their views.
BRIDGES = {
    "medical_device_capa_returns": ("medical_device_capa", "medical_device_returns"),
    "medical_device_capa_recall": ("medical_device_capa", "medical_device_recall"),
    "medical_device_recall_returns": ("medical_device_recall", "medical_device_returns"),
}
# Views of medical_device_capa that extended the returns and recall forms: the bridges make them again.
MOVED_VIEWS = ("md_return_view_form_capa", "md_recall_view_form_capa")


def migrate(cr, version):
    # The supplier requalification activity type moved here from the returns add-on (the supplier scorecard
    # raises it too, with or without returns): keep the record, and the activities that use it.
    cr.execute("""
        UPDATE ir_model_data SET module = 'medical_device_base'
         WHERE module = 'medical_device_returns' AND name = 'mail_activity_md_requalify_supplier'
           AND NOT EXISTS (SELECT 1 FROM ir_model_data
                            WHERE module = 'medical_device_base' AND name = 'mail_activity_md_requalify_supplier')
    """)
    # Those views call methods that now live in the bridges: left in place, they would break the returns and
    # recall forms while those add-ons are updated.
    cr.execute("""
        DELETE FROM ir_ui_view WHERE id IN (SELECT res_id FROM ir_model_data
                                             WHERE module = 'medical_device_capa' AND model = 'ir.ui.view'
                                               AND name IN %s)
    """, [MOVED_VIEWS])
    cr.execute("DELETE FROM ir_model_data WHERE module = 'medical_device_capa' AND name IN %s", [MOVED_VIEWS])
    # A database that had both sides of a bridge keeps what it had: the bridge is installed with this update.
    for bridge, depends in BRIDGES.items():
        cr.execute("""
            UPDATE ir_module_module SET state = 'to install'
             WHERE name = %s AND state = 'uninstalled'
               AND (SELECT count(*) FROM ir_module_module WHERE name IN %s AND state IN ('installed', 'to upgrade'))
                   = %s
        """, [bridge, depends, len(depends)])
