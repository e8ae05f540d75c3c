"""Users save settings while the nightly recomputes publish their runs.

Usage: python3 tools/check_concurrent_edits.py DATABASE [odoo options]

Run after tools/check_crash_safety.py on the same database (it needs its
customers and a first run of each recompute). A recompute publishes a run by
pointing its company at it: the partners read the rows of the current run,
so a user saving a partner meanwhile meets no lock and no conflict. The
company row is the one both may write. For the RFM cron and the
value-pyramid cron, a separate Odoo process runs the cron method and is
paused, through a hook on its cursor, at its first UPDATE of res_company:

- "edit before publication": while it is paused before that UPDATE, a user
  saves the company, and commits. The recompute's snapshot predates the
  edit: its UPDATE fails with a serialization error, and the cron must redo
  the company in a fresh transaction.
- "edit during publication": it is paused right after that UPDATE, holding
  the company's row lock, while a user saves the company through
  ``odoo.service.model.retrying`` (what every web request goes through).
  The user's save waits for the recompute to commit, then is retried.

Each case checks that no error reached the user, the user's edit is kept,
and the company's current run is the new one. (Odoo logs the user's first,
retried attempt as an ERROR "bad query ... could not serialize access", as
it does for any web request it retries: this script's log is expected to
hold those lines.)
"""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from datagen.odoo_env import odoo_environment  # noqa: E402

REDO_LOGGER = "odoo.addons.crm_customer_value_base.tools.concurrency"
REDO_MESSAGE = "Recompute met a concurrent edit"
PAUSE_LIMIT = 120  # seconds a paused child waits for the go-ahead before giving up

# cron -> (model of its runs, the company's "recompute requested" flag, its current run)
CRONS = {
    "rfm": ("crm.rfm.run", "rfm_recompute_requested", "rfm_current_run_id"),
    "pyramid": ("crm.value.run", "value_recompute_requested", "value_current_run_id"),
}


def child(database, cron, moment, flag_dir, odoo_args):
    """Run one cron method, pausing once at its first UPDATE of res_company."""
    import odoo.sql_db
    from odoo.tools import SQL

    model, _requested, _field = CRONS[cron]
    flags = Path(flag_dir)
    execute = odoo.sql_db.Cursor.execute
    paused = []

    def wait_for_go():
        (flags / "ready").touch()
        deadline = time.monotonic() + PAUSE_LIMIT
        while not (flags / "go").exists():
            if time.monotonic() > deadline:
                os.kill(os.getpid(), signal.SIGKILL)
            time.sleep(0.05)

    def execute_with_pause(self, query, params=None, log_exceptions=True):
        text = query.code if isinstance(query, SQL) else str(query)
        first = not paused and text.lstrip().startswith('UPDATE "res_company"')
        if first:
            paused.append(True)
            if moment == "before":
                wait_for_go()
        result = execute(self, query, params, log_exceptions)
        if first and moment == "after":
            wait_for_go()
        return result

    with odoo_environment(database, odoo_args) as env:
        odoo.sql_db.Cursor.execute = execute_with_pause
        env[model]._run_cron()
        env.cr.commit()
    return 0


def user_save(database, odoo_args, company_id, history_days, outcome):
    """A user's save of a setting of the company, as a web request does it."""
    from odoo.service.model import retrying

    started = time.perf_counter()
    try:
        with odoo_environment(database, odoo_args) as env:
            retrying(lambda: env["res.company"].browse(company_id).write({"rfm_history_days": history_days}), env)
        outcome["error"] = None
    except Exception as error:  # noqa: BLE001  # reported, not swallowed
        outcome["error"] = repr(error)
    outcome["seconds"] = time.perf_counter() - started


def run_case(database, odoo_args, cron, moment):
    _model, requested, current = CRONS[cron]
    with odoo_environment(database, odoo_args) as env:
        company = env.ref("base.main_company")
        company.sudo().write({requested: True})
        env.cr.commit()
        company_id, previous_run_id = company.id, company[current].id
        history_days = company.rfm_history_days + 1
    with tempfile.TemporaryDirectory() as flag_dir:
        process = subprocess.Popen(
            # The child logs to stderr, read below, whatever the parent's --logfile.
            [sys.executable, os.path.abspath(__file__), database, "--child", cron, moment, flag_dir,
             *(arg for arg in odoo_args if not arg.startswith("--logfile")), f"--log-handler={REDO_LOGGER}:INFO"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        while not Path(flag_dir, "ready").exists() and process.poll() is None:
            time.sleep(0.05)
        outcome = {}
        saver = threading.Thread(target=user_save, args=(database, odoo_args, company_id, history_days, outcome))
        saver.start()
        if moment == "before":
            saver.join()  # the edit is committed before the recompute goes on
        else:
            time.sleep(1.0)  # the user's save is now waiting on the company's row lock
        Path(flag_dir, "go").touch()
        _stdout, stderr = process.communicate(timeout=600)
        saver.join()
    with odoo_environment(database, odoo_args) as env:
        env.invalidate_all()
        company = env["res.company"].browse(company_id)
        kept = company.rfm_history_days == history_days
        published = company[current].id not in (False, previous_run_id)
        requested_cleared = not company[requested]
    # Before publication, the recompute itself must have met the edit and redone the company.
    redone = REDO_MESSAGE in stderr
    ok = (process.returncode == 0 and outcome.get("error") is None and kept and published and requested_cleared
          and (redone or moment == "after"))
    print(f"{cron:>8}, edit {moment:>6} publication: recompute exit {process.returncode}, redone={redone}, "
          f"user's save {'ok' if outcome.get('error') is None else outcome['error']} "
          f"after {outcome.get('seconds', 0):.1f} s, edit kept={kept}, new run current={published} "
          f"-> {'ok' if ok else 'FAIL'}")
    if process.returncode:
        print(stderr[-3000:])
    return ok


def main(database, odoo_args):
    results = [run_case(database, odoo_args, cron, moment) for cron in CRONS for moment in ("before", "after")]
    return 0 if all(results) else 1


if __name__ == "__main__":
    if len(sys.argv) > 5 and sys.argv[2] == "--child":
        sys.exit(child(sys.argv[1], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]))
    sys.exit(main(sys.argv[1], sys.argv[2:]))
