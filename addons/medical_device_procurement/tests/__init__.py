from . import test_explanation
from . import test_netting
from . import test_overstock
from . import test_rpc
from . import test_tours
