from . import md_demand_forecast
from . import product_template
from . import stock_warehouse_orderpoint
