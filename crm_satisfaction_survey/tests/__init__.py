from . import test_satisfaction_math
from . import test_survey_scores
