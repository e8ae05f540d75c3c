"""Install on a database that already has years of sales, and let the crons compute.

Usage: python3 tools/check_lifecycle.py DATABASE [odoo options]

DATABASE must not exist: it is created with the addons ours depend on, three
years of posted invoices are written through the ORM, and only then are the
four addons installed. Installing must not compute anything (a big database
would keep the install running for minutes); the first results come from
the scheduled actions, which are checked to be due at once and are then run
the way the scheduler runs them. The database is dropped at the end.

Prints what it found; exit status 1 when installing computed something or a
cron did not produce its first results.
"""

import os
import subprocess
import sys
import time
from datetime import date

from dateutil.relativedelta import relativedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from datagen.odoo_env import addons_path  # noqa: E402

ODOO_BIN = [sys.executable, "-c", 'import sys, odoo.cli; sys.argv[0] = "odoo"; sys.exit(odoo.cli.main())']
DEPENDENCIES = "crm,sale_margin,account,survey"
ADDONS = "crm_customer_value_base,crm_rfm,crm_value_pyramid,crm_satisfaction_survey,crm_scorecard"
CUSTOMERS = 24
# The crons in the order the data flows: RFM, then value, then the scorecard reading both.
CRONS = [
    "crm_rfm.ir_cron_rfm_recompute",
    "crm_value_pyramid.ir_cron_value_recompute",
    "crm_scorecard.ir_cron_scorecard_compute",
]
RESULT_TABLES = ["crm_rfm_run", "crm_rfm_snapshot", "crm_value_run", "crm_value_line", "crm_scorecard_value"]


def odoo(database, *args):
    subprocess.run([*ODOO_BIN, "-d", database, "--addons-path", addons_path(), "--without-demo=all",
                    "--stop-after-init", *args], check=True)


def write_history(database, odoo_args):
    """Three years of monthly-ish invoices of a few customers, posted."""
    from datagen.odoo_env import odoo_environment

    today = date.today()
    with odoo_environment(database, odoo_args) as env:
        for index in range(CUSTOMERS):
            partner = env["res.partner"].create({"name": f"Historic customer {index}", "customer_rank": 1})
            # Customer i buys every (i % 6 + 1) months: some recent, some long gone.
            step = index % 6 + 1
            last = 0 if index % 4 else 14  # a quarter of them stopped over a year ago
            moves = env["account.move"].create([{
                "move_type": "out_invoice", "partner_id": partner.id,
                "invoice_date": today - relativedelta(months=months),
                "invoice_line_ids": [(0, 0, {"name": "goods", "price_unit": 100.0 + index, "tax_ids": []})],
            } for months in range(last, 36, step)])
            moves.action_post()
        env.cr.commit()


def result_counts(cr):
    counts = {}
    for table in RESULT_TABLES:
        cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  # fixed table names of this script
        counts[table] = cr.fetchone()[0]
    return counts


def main(database, odoo_args):
    from odoo.modules.registry import Registry
    from odoo.sql_db import close_db

    from datagen.odoo_env import odoo_environment

    subprocess.run(["createdb", database], check=True)
    try:
        odoo(database, "-i", DEPENDENCIES, *odoo_args)
        write_history(database, odoo_args)
        started = time.perf_counter()
        odoo(database, "-i", ADDONS, *odoo_args)
        install_seconds = time.perf_counter() - started
        # This process still holds the registry of before the install.
        Registry.delete(database)
        with odoo_environment(database, odoo_args) as env:
            after_install = result_counts(env.cr)
            crons = [env.ref(xmlid) for xmlid in CRONS]
            due = all(cron.active and cron.nextcall <= env.cr.now() + relativedelta(minutes=1) for cron in crons)
            for cron in crons:
                cron.method_direct_trigger()
                env.cr.commit()
            after_crons = result_counts(env.cr)
            company = env.ref("base.main_company")
            scored = env["res.partner"].with_company(company).search_count([("rfm_score", "!=", False)])
    finally:
        Registry.delete(database)
        close_db(database)  # this process's connections would block the drop
        subprocess.run(["dropdb", "--if-exists", database], check=False)
    computed_at_install = {table: count for table, count in after_install.items() if count}
    missing = [table for table, count in after_crons.items() if not count]
    print(f"installed on {CUSTOMERS} customers with 3 years of invoices in {install_seconds:.1f} s;"
          f" results written by the install: {computed_at_install or 'none'}")
    print(f"crons due at once: {due}; after one run of each: "
          + ", ".join(f"{table} {count:,}" for table, count in after_crons.items())
          + f"; customers with an RFM score: {scored}")
    ok = not computed_at_install and due and not missing and scored > 0
    print("lifecycle: ok" if ok else "lifecycle: FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
