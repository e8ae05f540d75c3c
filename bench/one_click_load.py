"""``python3 -m bench.one_click_load``: requests per second of the one-click satisfaction link.

Requirement: the one-click route (``/survey/satisfaction/<answer token>/<score>``)
answers at least as many requests per second as Odoo's own survey start page
(``/survey/start/<survey token>?answer_token=<answer token>``) on the same machine.

The script creates a fresh database with crm_satisfaction_survey, sends a
campaign to ``--partners`` partners, starts an Odoo HTTP server on a free
loopback port and loads each route with ``--clients`` keep-alive clients for
``--duration`` seconds, the routes alternating (A B C A B C) because the
machine is noisy; it prints every run, the medians and the ratios.

Routes measured:
  one-click    303 to the start page, after recording the score. Every request
               uses an invitation never clicked before: each is a real first click.
  start page   Odoo's /survey/start; in Odoo 18 it answers 303 to the survey page.
  survey page  /survey/<survey token>/<answer token>, the page /survey/start
               redirects to, rendered (200): the reference a browser ends on.
The two Odoo routes cycle through the invitations already clicked, as a
browser arriving from the one-click redirect would.
"""

import argparse
import http.client
import itertools
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from datagen.odoo_env import REPO_ROOT, addons_path, odoo_environment

ODOO_BIN = ["python3", "-c", 'import sys, odoo.cli; sys.argv[0] = "odoo"; sys.exit(odoo.cli.main())']
EMAIL_PATTERN = "oneclick-%@example.com"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(database, partners):
    """Install the addon, send one campaign; return (survey token, invitation tokens)."""
    subprocess.run(["dropdb", "--if-exists", "--force", database], check=True)
    subprocess.run(["createdb", database], check=True)
    subprocess.run(
        [*ODOO_BIN, "-d", database, "--addons-path", addons_path(), "-i", "crm_satisfaction_survey",
         "--without-demo=all", "--stop-after-init", "--log-level=warn"],
        check=True,
    )
    import odoo

    with odoo_environment(database, ["--log-level=warn"]) as env:
        env["res.partner"].create(
            [{"name": f"One-click {i}", "email": EMAIL_PATTERN.replace("%", str(i))} for i in range(partners)]
        )
        survey = env.ref("crm_satisfaction_survey.survey_relationship_nps")
        campaign = env["crm.satisfaction.campaign"].create({
            "name": "One-click load",
            "survey_id": survey.id,
            "audience": "domain",
            "partner_domain": repr([("email", "=like", EMAIL_PATTERN)]),
            "exclude_days": 0,
        })
        campaign.action_send()
        env.cr.commit()
        tokens = campaign.user_input_ids.sorted("id").mapped("access_token")
        survey_token = survey.access_token
    # Release this process's pooled connections: the server and dropdb need the database alone.
    odoo.sql_db.close_db(database)
    return survey_token, tokens


def start_server(database, port, workers, workdir):
    # A script file rather than ``python3 -c``: the prefork master respawns its gevent
    # process as ``python3 sys.argv[0] gevent ...``, which must name a real file.
    launcher, logfile = os.path.join(workdir, "odoo"), os.path.join(workdir, "odoo.log")
    with open(launcher, "w") as script:
        script.write("import sys, odoo.cli\nsys.exit(odoo.cli.main())\n")
    command = [
        sys.executable, launcher, "-d", database, "--db-filter", f"^{database}$", "--addons-path", addons_path(),
        "--http-interface", "127.0.0.1", "--http-port", str(port), "--gevent-port", str(free_port()),
        # No cron: the campaign's e-mail queue would be rendered in the middle of the measure.
        "--max-cron-threads", "0", "--workers", str(workers), "--log-level=warn", "--logfile", logfile,
    ]
    # Own process group: the prefork workers are stopped with their master.
    server = subprocess.Popen(command, start_new_session=True, cwd=REPO_ROOT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the Odoo server exited with {server.returncode}, see {logfile}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/web/health")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the Odoo server did not answer within 120 s, see {workdir}/odoo.log")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class Route:
    """A URL per invitation token, and what a correct answer for that token looks like."""

    def __init__(self, name, path, correct, tokens=None):
        self.name, self.path, self.correct, self.tokens = name, path, correct, tokens
        self.lock = threading.Lock()

    def next_token(self):
        # Under a lock: each one-click token is handed out exactly once.
        with self.lock:
            return next(self.tokens, None)


def load(port, route, clients, seconds):
    """Keep-alive clients hammering ``route`` for ``seconds``; return counts and latencies."""
    latencies, errors, exhausted = [], {}, threading.Event()
    deadline = time.perf_counter() + seconds

    def client():
        # http.client reconnects by itself when the prefork server closes the connection.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < deadline:
            token = route.next_token()
            if token is None:
                exhausted.set()
                return
            started = time.perf_counter()
            try:
                conn.request("GET", route.path(token))
                response = conn.getresponse()
                body = response.read()
                # Odoo's error pages are 200 or 303 too: the status alone does not prove a correct answer.
                outcome = "ok" if route.correct(response, body, token) else response.status
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                outcome = type(error).__name__
            if outcome == "ok":
                latencies.append(time.perf_counter() - started)  # list.append is atomic
            else:
                errors[outcome] = errors.get(outcome, 0) + 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "ok": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2] * 1000 if latencies else float("nan"),
        "p95": latencies[int(len(latencies) * 0.95)] * 1000 if latencies else float("nan"),
        "errors": errors,
        "exhausted": exhausted.is_set(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m bench.one_click_load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="cv_oneclick")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--partners", type=int, default=5000, help="invitations, one per one-click request")
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive clients")
    parser.add_argument("--duration", type=float, default=20, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=2, help="times each route is run, alternating")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of load per route before measuring")
    # Threaded by default: in prefork mode the master keeps a gevent process alive, and
    # respawns it in a loop (eating CPU) where gevent cannot start, as on the reference machine.
    parser.add_argument("--workers", type=int, default=0, help="Odoo HTTP workers (0: threaded server)")
    args = parser.parse_args(argv)
    # Ctrl-C (even when started in the background, where SIGINT is inherited ignored) and
    # kill both unwind through the finally below: server stopped, database dropped.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    server = None
    workdir = tempfile.mkdtemp(prefix="oneclick-")
    try:
        started = time.perf_counter()
        survey_token, tokens = create_database(args.database, args.partners)
        print(f"database {args.database}: {len(tokens)} invitations in {time.perf_counter() - started:.0f} s")
        clicked = []  # tokens already clicked, for the two Odoo routes

        def fresh_tokens():
            for token in tokens:
                clicked.append(token)
                yield token

        def clicked_tokens():
            return (clicked[i % len(clicked)] for i in itertools.count())

        quoted = urllib.parse.quote(survey_token)
        scores = itertools.count()
        start_path = lambda t: f"/survey/start/{quoted}?answer_token={t}"  # noqa: E731
        one_click = Route(
            "one-click", lambda t: f"/survey/satisfaction/{t}/{next(scores) % 11}",
            # the partner's language may prefix the redirect (/fr/survey/start/...)
            lambda r, body, t: r.status == 303 and r.getheader("Location").endswith(start_path(t)),
            fresh_tokens(),
        )
        others = [
            Route("start page", start_path,
                  lambda r, body, t: r.status == 303 and r.getheader("Location").endswith(f"/survey/{quoted}/{t}")),
            Route("survey page", lambda t: f"/survey/{quoted}/{t}",
                  lambda r, body, t: r.status == 200 and b'data-answer-token="%s"' % t.encode() in body),
        ]
        routes = [one_click, *others]

        port = free_port()
        server = start_server(args.database, port, args.workers, workdir)
        mode = f"prefork, {args.workers} HTTP workers" if args.workers else "threaded"
        print(f"Odoo on 127.0.0.1:{port} ({mode}, no cron), {args.clients} keep-alive clients, "
              f"{args.duration:g} s per run, {os.cpu_count()} cores")

        # Warm-up: every worker loads its registry and templates before anything is timed.
        for route in routes:
            route.tokens = route.tokens or clicked_tokens()
            warm = load(port, route, args.clients, args.warmup)
            if warm["errors"] or not warm["ok"]:
                raise RuntimeError(f"warm-up of {route.name}: {warm['errors']}, see {workdir}/odoo.log")

        results = {route.name: [] for route in routes}
        print(f"\n{'run':<4}{'route':<13}{'requests':>9}{'rps':>9}{'p50 ms':>9}{'p95 ms':>9}  errors")
        for round_ in range(1, args.rounds + 1):
            for route in routes:
                result = load(port, route, args.clients, args.duration)
                results[route.name].append(result)
                note = " (ran out of invitations: raise --partners)" if result["exhausted"] else ""
                print(f"{round_:<4}{route.name:<13}{result['ok']:>9}{result['rps']:>9.1f}{result['p50']:>9.1f}"
                      f"{result['p95']:>9.1f}  {result['errors'] or '-'}{note}", flush=True)

        medians = {name: statistics.median(r["rps"] for r in runs) for name, runs in results.items()}
        print("\nmedian rps: " + ", ".join(f"{name} {rps:.1f}" for name, rps in medians.items()))
        for other in others:
            per_run = " ".join(f"{a['rps'] / b['rps']:.2f}"
                               for a, b in zip(results[one_click.name], results[other.name]))
            print(f"ratio one-click / {other.name}: {medians[one_click.name] / medians[other.name]:.2f} "
                  f"(median; per round: {per_run})")
        shutil.rmtree(workdir)  # the server log is kept only when something failed
    finally:
        if server is not None:
            stop_server(server)
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", "--force", args.database], check=False)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted: server stopped" + ("" if "--keep" in sys.argv else ", database dropped"))
