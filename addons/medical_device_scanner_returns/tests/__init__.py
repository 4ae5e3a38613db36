from . import test_scanner_return
from . import test_docs_screens
