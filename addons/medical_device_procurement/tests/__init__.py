from . import test_demand_forecast
from . import test_forecast_rpc
