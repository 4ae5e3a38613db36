from . import md_scan_log
from . import md_scanner
from . import md_scanner_receive
from . import md_scanner_accept
from . import md_scanner_pick
from . import md_scanner_review
from . import md_scanner_maintenance
