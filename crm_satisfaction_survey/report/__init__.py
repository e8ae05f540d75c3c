from . import crm_satisfaction_report
