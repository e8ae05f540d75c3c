from . import crm_satisfaction_campaign
