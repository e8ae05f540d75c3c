from . import crm_cost_driver
from . import crm_value_run
