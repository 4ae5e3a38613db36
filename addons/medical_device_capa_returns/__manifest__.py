{
    "name": "Medical Devices: CAPA from Returns",
    "summary": "Nonconformances and CAPAs opened from quality-related returns; quality returns in the supplier "
               "scorecard",
    "version": "18.0.1.0.0",
    "category": "Inventory/Medical Devices",
    "author": "medical_device contributors",
    "website": "https://github.com/medical-device-odoo/medical_device",
    "license": "LGPL-3",
    "maintainers": ["medical-device-odoo"],
    "depends": ["medical_device_capa", "medical_device_returns"],
    "data": ["views/source_views.xml"],
    "demo": ["demo/md_capa_returns_demo.xml"],
    "auto_install": True,
}
