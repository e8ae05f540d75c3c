from . import crm_scorecard_recompute
