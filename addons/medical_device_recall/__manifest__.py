{
    "name": "Medical Devices: Recalls",
    "summary": "Recall campaigns (NMPA levels I/II/III): set-based trace of lots to stock, transit and customers, "
               "freeze, recall notices with acknowledgement link, retrieval, effectiveness checks, "
               "signed closure and regulatory reports",
    "version": "18.0.1.1.0",
    "category": "Inventory/Medical Devices",
    "author": "medical_device contributors",
    "website": "https://github.com/medical-device-odoo/medical_device",
    "maintainers": ["medical-device-odoo"],
    "license": "LGPL-3",
    "uninstall_hook": "uninstall_hook",
    "depends": ["medical_device_base", "medical_device_gsp", "stock", "sale_stock", "mail", "resource"],
    "external_dependencies": {"python": ["pytz"]},
    "data": [
        "security/md_recall_security.xml",
        "security/ir.model.access.csv",
        "data/md_recall_data.xml",
        "report/md_recall_report.xml",
        "data/mail_template_data.xml",
        "views/md_recall_notice_views.xml",
        "wizards/md_recall_notice_acknowledge_views.xml",
        "views/md_recall_views.xml",
        "views/md_recall_report_views.xml",
        "views/stock_lot_views.xml",
        "views/md_recall_ack_templates.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/md_recall_demo.xml"],
    "assets": {
        "web.assets_tests": ["medical_device_recall/static/tests/tours/**/*"],
    },
}
