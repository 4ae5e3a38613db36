{
    "name": "Medical Devices: Recall Retrieval through Returns",
    "summary": "Recalled goods come back as returns graded Recall, approved at once, through the returns zone "
               "and the returns add-on's re-inspection",
    "version": "18.0.1.0.0",
    "category": "Inventory/Medical Devices",
    "author": "medical_device contributors",
    "website": "https://github.com/medical-device-odoo/medical_device",
    "maintainers": ["medical-device-odoo"],
    "license": "LGPL-3",
    "depends": ["medical_device_recall", "medical_device_returns"],
    "auto_install": True,
}
