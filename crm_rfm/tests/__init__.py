from . import test_datagen, test_datagen_ui
