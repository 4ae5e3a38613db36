from . import md_scan_log
from . import md_scanner
from . import md_scanner_receive
from . import md_count_plan
from . import md_count
from . import md_count_line
from . import md_scanner_count
