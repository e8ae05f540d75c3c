from . import crm_scorecard_kpi
from . import crm_scorecard_target
from . import crm_scorecard_value
from . import crm_scorecard_value_xlsx
from . import crm_satisfaction_report
from . import res_company
from . import res_config_settings
