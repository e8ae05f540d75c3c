from . import test_datagen, test_datagen_ui, test_rfm_scoring, test_rfm_sources, test_rfm_ui
