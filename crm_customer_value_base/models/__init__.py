from . import crm_purchase_facts
from . import crm_run_rows_mixin
from . import crm_run_mixin
from . import crm_selection_order_mixin
from . import res_partner
from . import base_partner_merge
from . import res_company
from . import res_config_settings
