{
    "name": "Medical Devices: CAPA from Recalls",
    "summary": "Nonconformances and CAPAs opened from started recalls",
    "version": "18.0.1.0.0",
    "category": "Inventory/Medical Devices",
    "author": "medical_device contributors",
    "website": "https://github.com/medical-device-odoo/medical_device",
    "license": "LGPL-3",
    "maintainers": ["medical-device-odoo"],
    "depends": ["medical_device_capa", "medical_device_recall"],
    "data": ["views/source_views.xml"],
    "demo": ["demo/md_capa_recall_demo.xml"],
    "auto_install": True,
}
