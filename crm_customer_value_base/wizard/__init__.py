from . import crm_run_baseline
from . import crm_run_compare
from . import crm_run_backfill_wizard
