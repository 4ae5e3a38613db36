{
    "name": "Medical Devices: GSP Scanner",
    "summary": "Scanning app for warehouse staff on a phone or a handheld: receive, accept, pick, review, "
               "count and check by UDI, with every scan recorded",
    "version": "18.0.1.0.0",
    "category": "Inventory/Medical Devices",
    "author": "medical_device contributors",
    "website": "https://github.com/medical-device-odoo/medical_device",
    "maintainers": ["medical-device-odoo"],
    "license": "LGPL-3",
    "depends": ["medical_device_base", "medical_device_gsp", "stock", "barcodes"],
    "external_dependencies": {"python": ["python-barcode", "qrcode", "zxing-cpp", "pillow"]},
    "data": [
        "security/md_scanner_security.xml",
        "security/ir.model.access.csv",
        "data/md_count_data.xml",
        "views/md_scan_log_views.xml",
        "views/md_scanner_action.xml",
        "report/md_label_reports.xml",
        "views/md_count_plan_views.xml",
        "views/md_count_views.xml",
    ],
    "demo": ["demo/md_count_demo.xml"],
    "assets": {
        "web.assets_backend": ["medical_device_scanner/static/src/**/*"],
        "web.assets_tests": ["medical_device_scanner/static/tests/tours/**/*"],
    },
    "application": True,
}
