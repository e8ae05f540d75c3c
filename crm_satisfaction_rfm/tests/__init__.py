from . import test_campaign_rfm_segment
