"""pytest-odoo runs the addons' tests; this file prepares what it does not.

- The repository's own tools (the data generator) become importable.
- The web server's table of static folders is built before any test: built
  lazily by the first HTTP request, it parses manifests in a server thread,
  and CPython 3.11's parser is not thread-safe ("AST constructor recursion
  depth mismatch" when the main thread parses at the same time).
- Odoo's test framework is imported once in test mode. pytest-odoo imports
  it before switching test mode on, and Odoo then logs an ERROR that our
  test command rightly treats as a failure.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pytest  # noqa: E402

import odoo  # noqa: E402

_test_enable = odoo.tools.config["test_enable"]
odoo.tools.config["test_enable"] = True
import odoo.tests.common  # noqa: E402, F401

odoo.tools.config["test_enable"] = _test_enable


@pytest.fixture(scope="session", autouse=True)
def build_static_table_before_http_requests(load_registry):
    import odoo.http

    odoo.http.root.statics  # noqa: B018 - the lazy property is what we build
