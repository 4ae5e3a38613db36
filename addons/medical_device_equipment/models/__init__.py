from . import maintenance_equipment
from . import md_equipment_checklist
from . import md_equipment_checklist_item
from . import md_equipment_department
from . import md_equipment_installation
from . import md_equipment_installation_line
from . import purchase_order
from . import stock_picking
