"""Kill each recompute in the middle and check the previous results are intact.

Usage: python3 tools/check_crash_safety.py DATABASE [odoo options]

On a database with the four addons installed, it generates a small customer
base, runs every recompute once (the "previous results"), then for each
recompute starts a separate Odoo process that is killed with SIGKILL -- a
real process death, as when a server is stopped or runs out of memory -- at
the moment it starts publishing the results users see (the company's
pointer to its new run, the scorecard values). The check then compares everything a user is shown
with what it was before the crash, and runs the recompute again to show
nothing (lock, half-written run) stands in its way.

Prints one line per recompute; exit status 1 when any result changed.
"""

import hashlib
import os
import signal
import subprocess
import sys
from datetime import date

from dateutil.relativedelta import relativedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from datagen.odoo_env import odoo_environment  # noqa: E402

CUSTOMERS = 300
TODAY = date.today()
PYRAMID_RANGE = (TODAY.replace(day=1) - relativedelta(months=12), TODAY.replace(day=1) - relativedelta(days=1))
SCORECARD_RANGE = (TODAY.replace(day=1) - relativedelta(months=3), TODAY)


def _company(env):
    return env.ref("base.main_company")


# Each recompute: how to run it, and the statement at which the child dies.
# A run is published by pointing its company at it (the partners read the
# rows of the current run): the child dies at that UPDATE.
RECOMPUTES = {
    "rfm": (lambda company: company._rfm_recompute(), 'UPDATE "res_company"'),
    "clv": (lambda company: company._clv_fit(), 'UPDATE "res_company"'),
    "pyramid": (lambda company: company._value_pyramid_recompute(*PYRAMID_RANGE), 'UPDATE "res_company"'),
    "scorecard": (lambda company: company._scorecard_compute(*SCORECARD_RANGE), "INSERT INTO crm_scorecard_value"),
}

# What users see of each recompute: its runs and which one is current.
VISIBLE = {
    "rfm": [
        "SELECT id, as_of_date FROM crm_rfm_run ORDER BY id",
        "SELECT run_id, partner_id, rfm_score, segment_id FROM crm_rfm_snapshot ORDER BY run_id, partner_id",
        "SELECT id, rfm_current_run_id FROM res_company ORDER BY id",
    ],
    "clv": [
        "SELECT model_id, partner_id, p_alive, expected_purchases, value FROM crm_clv_score"
        " ORDER BY model_id, partner_id",
        "SELECT id, clv_current_model_id FROM res_company ORDER BY id",
        "SELECT * FROM crm_clv_model ORDER BY id",
    ],
    "pyramid": [
        "SELECT id, date_from, date_to, profit FROM crm_value_run ORDER BY id",
        "SELECT run_id, partner_id, level, profit FROM crm_value_line ORDER BY run_id, partner_id",
        "SELECT id, value_current_run_id FROM res_company ORDER BY id",
    ],
    "scorecard": [
        "SELECT kpi_id, company_id, team_id, period_start, actual, has_actual, status FROM crm_scorecard_value"
        " ORDER BY kpi_id, company_id, team_id, period_start",
    ],
}


def fingerprint(cr, queries):
    digest = hashlib.sha256()
    rows = 0
    for query in queries:
        cr.execute(query)
        for row in cr.fetchall():
            digest.update(repr(row).encode())
            rows += 1
    return digest.hexdigest(), rows


def prepare(database, odoo_args):
    with odoo_environment(database, odoo_args) as env:
        from datagen.generator import generate

        generate(env, CUSTOMERS, seed=7, companies=1)
        env.cr.commit()
        company = _company(env)
        for run, _kill_at in RECOMPUTES.values():
            run(company)
            env.cr.commit()


def crash(database, name, odoo_args):
    """Child process: run one recompute and die by SIGKILL at its first publishing statement."""
    import odoo.sql_db

    run, kill_at = RECOMPUTES[name]
    execute = odoo.sql_db.Cursor.execute

    def execute_then_die(self, query, params=None, log_exceptions=True):
        if kill_at in str(query):
            os.kill(os.getpid(), signal.SIGKILL)
        return execute(self, query, params, log_exceptions)

    with odoo_environment(database, odoo_args) as env:
        odoo.sql_db.Cursor.execute = execute_then_die
        run(_company(env))
        env.cr.commit()
    return 0  # only reached when the recompute never published anything


def main(database, odoo_args):
    prepare(database, odoo_args)
    failures = 0
    for name, (run, _kill_at) in RECOMPUTES.items():
        with odoo_environment(database, odoo_args) as env:
            before = fingerprint(env.cr, VISIBLE[name])
        child = subprocess.run(
            [sys.executable, os.path.abspath(__file__), database, "--crash", name, *odoo_args],
            capture_output=True, text=True, check=False,
        )
        killed = child.returncode == -signal.SIGKILL
        with odoo_environment(database, odoo_args) as env:
            after = fingerprint(env.cr, VISIBLE[name])
            # The next recompute is not blocked by anything the dead one left.
            run(_company(env))
            env.cr.commit()
            rerun = fingerprint(env.cr, VISIBLE[name])
        intact = before == after
        ok = killed and intact and rerun[1] > 0
        failures += not ok
        print(f"{name:>10}: killed mid-publication={killed}, {before[1]:,} visible rows "
              f"{'intact' if intact else 'CHANGED'}, recompute afterwards {'ran' if rerun[1] else 'FAILED'}"
              f" -> {'ok' if ok else 'FAIL'}")
        if not killed:
            print(child.stdout[-2000:], child.stderr[-2000:])
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[2] == "--crash":
        sys.exit(crash(sys.argv[1], sys.argv[3], sys.argv[4:]))
    sys.exit(main(sys.argv[1], sys.argv[2:]))
