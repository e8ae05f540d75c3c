"""pytest-odoo runs the addons' tests; this file prepares what it does not.

- The repository's own tools (the data generator) become importable.
- Odoo's test framework is imported once in test mode. pytest-odoo imports
  it before switching test mode on, and Odoo then logs an ERROR that our
  test command rightly treats as a failure.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import odoo  # noqa: E402

_test_enable = odoo.tools.config["test_enable"]
odoo.tools.config["test_enable"] = True
import odoo.tests.common  # noqa: E402, F401

odoo.tools.config["test_enable"] = _test_enable
