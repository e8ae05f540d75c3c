from . import test_campaign
from . import test_one_click
from . import test_portal
from . import test_satisfaction_math
from . import test_survey_scores
from . import test_tours
from . import test_survey_migrations
from . import test_satisfaction_report
