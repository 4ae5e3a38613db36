from . import test_flow
