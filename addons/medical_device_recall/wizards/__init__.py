from . import md_recall_notice_acknowledge
from . import md_recall_notice_acknowledge_line
