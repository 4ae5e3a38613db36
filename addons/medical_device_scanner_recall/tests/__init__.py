from . import test_scanner_recall
from . import test_docs_screens
