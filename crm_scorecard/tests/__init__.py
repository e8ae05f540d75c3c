from . import test_scorecard_math
from . import test_scorecard_compute
from . import test_scorecard_targets
from . import test_scorecard_multicompany
from . import test_scorecard_xlsx
from . import test_scorecard_ui
from . import test_scorecard_security
from . import test_scorecard_migrations
