from . import md_demand_forecast
from . import stock_warehouse_orderpoint
