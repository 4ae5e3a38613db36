from . import test_scanner
from . import test_receive
from . import test_labels
from . import test_count
from . import test_accept
from . import test_pick
from . import test_review
from . import test_maintenance
