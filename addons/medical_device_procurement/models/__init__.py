from . import md_demand_forecast
from . import md_overstock_line
from . import md_replenishment_explanation
from . import md_replenishment_explanation_line
from . import product_template
from . import stock_warehouse_orderpoint
