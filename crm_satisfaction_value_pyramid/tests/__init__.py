from . import test_campaign_pyramid_level
