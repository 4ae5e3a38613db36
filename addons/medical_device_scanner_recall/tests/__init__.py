from . import test_scanner_recall
