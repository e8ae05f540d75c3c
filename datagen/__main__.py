"""Command line: ``python3 -m datagen -d DATABASE --customers N [--seed S]``.

The database must have the four addons installed. Extra Odoo options (for
instance ``--db_host``) go after ``--``.
"""

import argparse
import sys
import time
from datetime import date

from .odoo_env import odoo_environment


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m datagen", description=__doc__)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", "--customers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--date-to", type=date.fromisoformat, default=None,
                        help="last day of the history (default: today)")
    parser.add_argument("--companies", type=int, choices=(1, 2), default=2)
    parser.add_argument("--demo", action="store_true",
                        help="then configure costs, targets and surveys, answer the surveys and compute "
                             "24 month-end runs and the scorecard (datagen.demo)")
    parser.add_argument("odoo_args", nargs="*", help="extra Odoo options, after --")
    args = parser.parse_args(argv)

    from .generator import generate

    started = time.perf_counter()
    with odoo_environment(args.database, args.odoo_args) as env:
        stats = generate(env, args.customers, seed=args.seed, date_to=args.date_to, companies=args.companies)
        commit_started = time.perf_counter()
        env.cr.commit()
        stats["timings"]["commit"] = time.perf_counter() - commit_started
        env.cr.execute("ANALYZE")
        if args.demo:
            from .demo import configure_demo

            demo_started = time.perf_counter()
            story = configure_demo(env, args.date_to or date.today(), seed=args.seed)
            env.cr.commit()
            stats["timings"]["demo story"] = time.perf_counter() - demo_started
            for company, counts in story.items():
                print(company + ": " + ", ".join(f"{count:,} {what}" for what, count in counts.items()))
    for label, seconds in stats["timings"].items():
        print(f"{label:>28}: {seconds:8.1f} s")
    for table, count in stats["rows"].items():
        print(f"{table:>28}: {count:>12,} rows")
    print(f"generated {args.customers:,} customers in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
