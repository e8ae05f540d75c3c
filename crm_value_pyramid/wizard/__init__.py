from . import crm_value_compare
