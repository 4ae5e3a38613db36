from . import md_quality_change_wizard
