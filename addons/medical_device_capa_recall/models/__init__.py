from . import md_nonconformance
from . import md_capa
from . import md_recall
