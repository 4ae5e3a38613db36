from . import md_demand_forecast
