"""Open an Odoo environment on a database from a plain Python process.

Shared by the generator's command line and the benchmarks.
"""

import os
from contextlib import contextmanager

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def addons_path():
    """Our addons plus Odoo's, wherever the importable Odoo keeps them."""
    import odoo

    paths = [REPO_ROOT]
    source_addons = os.path.realpath(os.path.join(os.path.dirname(odoo.__file__), "..", "addons"))
    if os.path.isdir(source_addons):
        paths.append(source_addons)
    return ",".join(paths)


_configured = False


@contextmanager
def odoo_environment(database, extra_args=()):
    import odoo
    from odoo.modules.registry import Registry

    global _configured
    if not _configured:  # Odoo's configuration can be parsed once per process
        odoo.tools.config.parse_config(["-d", database, "--addons-path", addons_path(), *extra_args])
        _configured = True
    registry = Registry(database)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
