from . import (
    crm_lead,
    crm_rfm_run,
    crm_rfm_segment,
    crm_rfm_snapshot,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
)
