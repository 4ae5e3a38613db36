from . import md_demand_forecast
from . import product_category
from . import stock_warehouse_orderpoint
