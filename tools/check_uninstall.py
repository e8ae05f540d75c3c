"""Uninstall our addons from a database and check nothing is left behind.

Usage: python3 tools/check_uninstall.py DATABASE [odoo options]
Exit status 1 and a list of what is left when the uninstall is not clean.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from datagen.odoo_env import odoo_environment  # noqa: E402

ADDONS = [
    "crm_scorecard", "crm_satisfaction_rfm", "crm_satisfaction_value_pyramid", "crm_satisfaction_survey",
    "crm_value_pyramid_stock",
    "crm_value_pyramid", "crm_rfm", "crm_customer_value_base",
]


def stored_structure(env):
    """Tables and columns our addons own, from ir.model.data."""
    env.cr.execute(
        """
        SELECT m.model, f.name, f.store
          FROM ir_model_data d
          JOIN ir_model_fields f ON d.model = 'ir.model.fields' AND f.id = d.res_id
          JOIN ir_model m ON m.id = f.model_id
         WHERE d.module = ANY(%s)
        """,
        [ADDONS],
    )
    columns = set()
    for model, field_name, store in env.cr.fetchall():
        if store and model in env:
            field = env[model]._fields.get(field_name)
            if field is not None and field.column_type:
                columns.add((env[model]._table, field.name))
    return columns


def leftovers(env, columns):
    problems = []
    for table, column in sorted(columns):
        env.cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [table, column],
        )
        if env.cr.fetchone():
            problems.append(f"column {table}.{column}")
    env.cr.execute("SELECT module, model, name FROM ir_model_data WHERE module = ANY(%s)", [ADDONS])
    problems += [f"record {module}.{name} ({model})" for module, model, name in env.cr.fetchall()]
    env.cr.execute("SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", [ADDONS])
    problems += [f"module {name} is {state}" for name, state in env.cr.fetchall() if state != "uninstalled"]
    return problems


def main(database, odoo_args):
    with odoo_environment(database, odoo_args) as env:
        columns = stored_structure(env)
        env["ir.module.module"].search([("name", "in", ADDONS)]).button_immediate_uninstall()
    with odoo_environment(database, odoo_args) as env:
        problems = leftovers(env, columns)
    if problems:
        print("Uninstall left behind:\n  " + "\n  ".join(problems))
        return 1
    print(f"Uninstalled {', '.join(ADDONS)}: {len(columns)} stored columns removed, nothing left behind.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
