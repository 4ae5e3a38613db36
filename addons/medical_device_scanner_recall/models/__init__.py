from . import md_recall_notice_line
from . import md_recall_notice
from . import md_scanner_recall
