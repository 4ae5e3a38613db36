from . import md_recall_notice
