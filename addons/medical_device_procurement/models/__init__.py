from . import md_demand_forecast
from . import md_tender_award
from . import product_template
from . import purchase_order
from . import purchase_order_line
from . import purchase_requisition
from . import res_partner
from . import stock_warehouse_orderpoint
