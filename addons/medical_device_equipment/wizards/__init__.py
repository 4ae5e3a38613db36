from . import md_equipment_scan
