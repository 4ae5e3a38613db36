from . import md_return_line
from . import md_return
from . import md_scanner_return
