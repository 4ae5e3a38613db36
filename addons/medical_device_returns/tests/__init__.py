from . import test_customer_returns
from . import test_vendor_returns
from . import test_return_rate
from . import test_translations
from . import test_analysis_views
from . import test_report_pdf
from . import test_return_integrity
