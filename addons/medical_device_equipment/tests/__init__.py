from . import test_installation
from . import test_receipt_register
from . import test_register_scan
from . import test_rpc
from . import test_status
from . import test_translations
