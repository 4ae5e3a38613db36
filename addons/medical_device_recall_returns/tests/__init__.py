from . import test_graded_retrieval
from . import test_translations
