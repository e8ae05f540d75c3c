from . import test_datagen
from . import test_datagen_ui
from . import test_rfm_scoring
from . import test_rfm_sources
from . import test_rfm_ui
from . import test_rfm_export
from . import test_clv_math
from . import test_clv_fit
