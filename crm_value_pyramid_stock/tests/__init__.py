from . import test_deliveries_driver
