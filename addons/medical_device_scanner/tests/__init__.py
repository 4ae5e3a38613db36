from . import test_scanner
from . import test_receive
from . import test_labels
from . import test_count
