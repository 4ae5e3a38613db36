{
    "name": "Medical Devices: Procurement",
    "summary": "Replenishment net of stock that cannot be sold (quarantine, holds, recalls, expiry before sale), "
               "demand forecasts with their accuracy, and calls for tenders among qualified suppliers only",
    "version": "18.0.1.0.0",
    "category": "Inventory/Medical Devices",
    "author": "medical_device contributors",
    "website": "https://github.com/medical-device-odoo/medical_device",
    "maintainers": ["medical-device-odoo"],
    "license": "LGPL-3",
    "depends": ["medical_device_base", "medical_device_gsp", "stock", "purchase", "purchase_stock",
                "purchase_requisition", "purchase_requisition_stock"],
    "external_dependencies": {"python": ["numpy", "statsmodels", "threadpoolctl"]},
    "data": [
        "security/md_procurement_security.xml",
        "security/ir.model.access.csv",
        "data/md_demand_forecast_cron.xml",
        "views/md_demand_forecast_views.xml",
        "views/product_category_views.xml",
        "views/stock_warehouse_orderpoint_views.xml",
        "views/menus.xml",
    ],
    "demo": [],
}
