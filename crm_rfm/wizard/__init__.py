from . import crm_rfm_compare
