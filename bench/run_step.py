"""Run one registered step in this (fresh) process and report as JSON.

``python3 -m bench.run_step DATABASE STEP_INDEX [naive]`` prints
``{"seconds": ..., "peak_rss_mb": ...}``; the peak is this whole Odoo
process's high-water mark (registry included), read from /proc. The timed
work is rolled back; the ``prepare`` variant commits the step's starting state.
"""

import json
import sys
import time

from datagen.odoo_env import odoo_environment

from .steps import STEPS


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(database, step_index, variant="run"):
    step = STEPS[int(step_index)]
    if variant == "prepare":
        with odoo_environment(database, ["--log-level=warn"]) as env:
            step.prepare(env)
            env.cr.commit()
        print(json.dumps({"prepared": True}))
        return
    implementation = step.naive if variant == "naive" else step.run
    with odoo_environment(database, ["--log-level=warn"]) as env:
        started = time.perf_counter()
        implementation(env)
        env.flush_all()
        seconds = time.perf_counter() - started
        env.cr.rollback()
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
