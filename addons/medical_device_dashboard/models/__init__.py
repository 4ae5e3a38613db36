from . import md_near_expiry_report
