from . import test_supplier_score
