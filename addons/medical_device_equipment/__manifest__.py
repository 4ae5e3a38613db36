{
    "name": "Medical Devices: Equipment in Use",
    "summary": "Register of the medical equipment a hospital uses, on Odoo's maintenance equipment: device, UDI, "
               "serial, certificate, department, value, risk and status; creation from receipts; signed "
               "installation acceptance",
    "version": "18.0.1.0.0",
    "category": "Inventory/Medical Devices",
    "author": "medical_device contributors",
    "website": "https://github.com/medical-device-odoo/medical_device",
    "maintainers": ["medical-device-odoo"],
    "license": "LGPL-3",
    "depends": ["medical_device_base", "maintenance", "stock", "purchase_stock"],
    "data": [
        "security/md_equipment_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/md_equipment_checklist_data.xml",
        "wizards/md_equipment_scan_views.xml",
        "views/md_equipment_department_views.xml",
        "views/md_equipment_checklist_views.xml",
        "views/md_equipment_installation_views.xml",
        "views/maintenance_equipment_views.xml",
        "views/stock_picking_views.xml",
        "views/purchase_order_views.xml",
        "views/menus.xml",
    ],
    "post_init_hook": "post_init_hook",
}
