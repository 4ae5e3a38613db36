from . import test_recall_flow
from . import test_recall_notices
from . import test_recall_ack_link
from . import test_recall_retrieval
from . import test_recall_closure
from . import test_recall_reports
from . import test_recall_trace
from . import test_recall_start
