from . import test_supplier_score
from . import test_translations
