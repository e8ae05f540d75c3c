


from . import test_pyramid_math
from . import test_run_rows_export
from . import test_value_access
from . import test_value_allocation
from . import test_value_concurrency
from . import test_value_history
from . import test_value_import
from . import test_value_levels
from . import test_value_partner_changes
from . import test_value_pipeline
from . import test_value_security
from . import test_value_spanish
from . import test_value_ui
