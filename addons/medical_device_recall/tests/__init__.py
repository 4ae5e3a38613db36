from . import test_recall_flow
