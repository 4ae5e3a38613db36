{
    "name": "Medical Devices: Scanner for Returns",
    "summary": "Customer returns received on the GSP Scanner: the lots in hand counted against the lots declared",
    "version": "18.0.1.0.0",
    "category": "Inventory/Medical Devices",
    "author": "medical_device contributors",
    "website": "https://github.com/medical-device-odoo/medical_device",
    "license": "LGPL-3",
    "maintainers": ["medical-device-odoo"],
    "depends": ["medical_device_scanner", "medical_device_returns"],
    "data": ["views/md_return_views.xml"],
    "assets": {
        "web.assets_tests": ["medical_device_scanner_returns/static/tests/tours/**/*"],
    },
    "auto_install": True,
}
