from . import md_label_report
from . import report_md_location_label
from . import report_md_lot_label
from . import report_md_move_line_label
