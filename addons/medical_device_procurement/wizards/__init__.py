from . import md_overstock_line
from . import md_replenishment_explanation
from . import md_replenishment_explanation_line
