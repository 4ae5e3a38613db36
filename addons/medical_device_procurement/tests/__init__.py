from . import test_bid_comparison
from . import test_blanket_price
from . import test_rfq_gate
from . import test_tender_award
from . import test_tours
