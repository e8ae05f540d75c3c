"""``python3 -m bench --customers N``: generate N customers, time each step.

The database (``cv_bench_<N>`` unless ``--database``) is created with the four
addons and the generated data, and kept for the next run (``--fresh`` starts
over). Each step runs in its own Odoo process; its lower bound runs in the
same benchmark run, on the same warm database.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import psycopg2

from datagen.odoo_env import REPO_ROOT, addons_path

from .steps import STEPS

ADDONS = "crm_customer_value_base,crm_rfm,crm_value_pyramid,crm_satisfaction_survey,crm_scorecard"
ODOO_BIN = ["python3", "-c", 'import sys, odoo.cli; sys.argv[0] = "odoo"; sys.exit(odoo.cli.main())']


def database_exists(name):
    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cr.fetchone() is not None


def prepare_database(name, customers, seed, fresh):
    if fresh and database_exists(name):
        subprocess.run(["dropdb", name], check=True)
    if database_exists(name):
        print(f"reusing database {name} (--fresh to regenerate)")
        return
    subprocess.run(["createdb", name], check=True)
    started = time.perf_counter()
    subprocess.run(
        [*ODOO_BIN, "-d", name, "--addons-path", addons_path(), "-i", ADDONS, "--without-demo=all",
         "--stop-after-init", "--log-level=warn"],
        check=True,
    )
    print(f"installed the addons in {time.perf_counter() - started:.1f} s")
    subprocess.run(
        [sys.executable, "-m", "datagen", "-d", name, "--customers", str(customers), "--seed", str(seed),
         "--", "--log-level=warn"],
        check=True, cwd=REPO_ROOT,
    )


def time_lower_bound(database, lower_bound):
    with psycopg2.connect(dbname=database) as conn, conn.cursor() as cr:
        started = time.perf_counter()
        lower_bound(cr)
        seconds = time.perf_counter() - started
        conn.rollback()
    return seconds


# The tables a measured step writes to, then rolls back.
VACUUMED_TABLES = ["res_partner", "crm_rfm_snapshot", "crm_clv_score", "crm_value_line", "crm_value_line_cost"]


def vacuum_written_tables(database):
    """Clear the row versions the previous steps left behind.

    Each measured step is rolled back: a recompute leaves up to a million
    dead rows in the table of its results (and, before 2026-12-03, on
    res_partner). The next step would pay for them, and autovacuum would
    clean them up in the middle of its measure; in production autovacuum
    clears them between two nightly runs.
    """
    conn = psycopg2.connect(dbname=database)
    try:
        conn.autocommit = True  # VACUUM cannot run in a transaction
        with conn.cursor() as cr:
            for table in VACUUMED_TABLES:
                cr.execute(f"VACUUM (ANALYZE) {table}")  # noqa: S608  # our own table names
    finally:
        conn.close()


def run_step(database, index, variant="run"):
    output = subprocess.run(
        [sys.executable, "-m", "bench.run_step", database, str(index), variant],
        check=True, capture_output=True, text=True, cwd=REPO_ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m bench", description=__doc__)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--database")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--only", help="run only the steps whose name contains this text")
    parser.add_argument("--naive-up-to", type=int, default=20_000,
                        help="time the naive baselines only up to this many customers")
    args = parser.parse_args(argv)
    database = args.database or f"cv_bench_{args.customers}"
    os.chdir(REPO_ROOT)

    prepare_database(database, args.customers, args.seed, args.fresh)
    print(f"\n{'step':<44} {'wall s':>8} {'peak MB':>8} {'SQL bound s':>11} {'x bound':>8} "
          f"{'naive s':>8} {'naive/ours':>10}")
    for index, step in enumerate(STEPS):
        if args.only and args.only.lower() not in step.name.lower():
            continue
        if step.prepare:
            run_step(database, index, "prepare")
        vacuum_written_tables(database)
        time_lower_bound(database, step.lower_bound)  # warm the cache for both
        measured = run_step(database, index)
        bound = time_lower_bound(database, step.lower_bound)
        naive_text = f"{'-':>8} {'-':>10}"
        if step.naive and args.customers <= args.naive_up_to:
            naive = run_step(database, index, "naive")
            naive_text = f"{naive['seconds']:>8.2f} {naive['seconds'] / measured['seconds']:>10.1f}"
        print(f"{step.name:<44} {measured['seconds']:>8.2f} {measured['peak_rss_mb']:>8.0f} "
              f"{bound:>11.2f} {measured['seconds'] / bound:>8.2f} {naive_text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
