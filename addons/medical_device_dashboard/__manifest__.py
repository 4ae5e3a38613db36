{
    "name": "Medical Devices: GSP Overview Dashboard",
    "summary": "Spreadsheet dashboard for quality managers: stock by expiry month, near-expiry and expired stock, "
               "lots not released, open excursions, recall progress, open CAPAs by age, supplier grades",
    "version": "18.0.1.0.0",
    "category": "Inventory/Medical Devices",
    "author": "medical_device contributors",
    "website": "https://github.com/medical-device-odoo/medical_device",
    "maintainers": ["medical-device-odoo"],
    "license": "LGPL-3",
    "depends": [
        "medical_device_capa",
        "medical_device_recall",
        "spreadsheet_dashboard",
    ],
    "data": [
        "data/dashboards.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "medical_device_dashboard/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
}
