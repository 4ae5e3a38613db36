from . import md_nonconformance
from . import md_capa
from . import md_return
from . import md_supplier_scorecard
