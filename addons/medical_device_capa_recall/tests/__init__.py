from . import test_recall_sources
from . import test_demo
from . import test_translations
