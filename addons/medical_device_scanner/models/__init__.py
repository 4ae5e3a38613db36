from . import md_scan_log
from . import md_label
from . import md_scanner
from . import md_scanner_label
from . import md_scanner_receive
