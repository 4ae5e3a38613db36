{
    "name": "Medical Devices: Supplier Scores in Tenders",
    "summary": "The bid comparison of a call for tenders shows each supplier's scorecard score",
    "version": "18.0.1.0.0",
    "category": "Inventory/Medical Devices",
    "author": "medical_device contributors",
    "website": "https://github.com/medical-device-odoo/medical_device",
    "license": "LGPL-3",
    "maintainers": ["medical-device-odoo"],
    "depends": ["medical_device_capa", "medical_device_procurement"],
    "auto_install": True,
}
