from . import md_adverse_event_report_wizard
