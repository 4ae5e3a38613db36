from . import test_return_sources
from . import test_scorecard_returns
from . import test_demo
from . import test_translations
