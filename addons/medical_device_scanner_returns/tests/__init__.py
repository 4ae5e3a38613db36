from . import test_scanner_return
