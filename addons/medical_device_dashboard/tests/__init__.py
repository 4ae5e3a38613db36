from . import test_dashboard
from . import test_translations
from . import test_tours
from . import test_docs_screens
from . import test_first_run
