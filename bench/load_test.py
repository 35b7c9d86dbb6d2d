"""Load test: 200 concurrent people doing realistic work against gunicorn + PostgreSQL.

    .venv/bin/python bench/load_test.py --quick          # 60 s hold, for trying
    .venv/bin/python bench/load_test.py                  # 600 s hold (the target)

What it does:

1. creates a fresh PostgreSQL database ``lofte_load_<pid>`` (dropped at the end unless
   ``--keep``), runs ``migrate``, ``createcachetable`` and ``lofte demo --no-serve``;
2. makes one API token per demo reporter (``accounts.services.create_api_token``) and reads
   category codes and coordinates inside each kommun for the reports;
3. starts gunicorn (``--workers``/``--threads``, default 8 × 2) on a free port with
   ``DEBUG=false`` (``LOFTE_ENV=development`` so plain HTTP works; static files by WhiteNoise),
   the shared cache in Redis (``--redis-url``, a per-run key prefix; ``none`` for the database
   cache) and ``AXES_ENABLED=false`` — every virtual coordinator signs in from 127.0.0.1 with
   the same few demo accounts, which is not what lockout protects against; then warms every
   worker up with a few concurrent requests;
4. runs locust headless (``bench/load_locustfile.py``): reporters POST EST reports through the
   JSON API (each with a unique ``client_token``, some resent as a phone would), coordinators
   sign in and study the weekly picture and its map layers, citizens read the public pages,
   the Atom feed and the open-data API; all wait 1–5 s between actions; ramp to ``--users``
   at ``--spawn-rate`` per second, then hold for ``--duration`` seconds;
5. prints requests, failures, p50/p95/p99 per request type and overall, requests/s, load
   average, the CPU seconds of gunicorn, PostgreSQL, Redis and locust per request, and the
   exactly-once check (acknowledged reports vs rows with their tokens).

Exit code 0 only if: no failed requests, overall p95 < ``--p95-ms`` (300), every acknowledged
report stored exactly once (none missing, no duplicates, no strays), the full user count
reached, and gunicorn logged no worker timeouts or tracebacks.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).resolve().parent / "load_locustfile.py"
PG = "postgres://postgres@127.0.0.1:5432"
REPORTERS = {"rapportor.vetlanda": "vetlanda", "rapportor.varnamo": "varnamo"}
COORDINATORS = {"samordnare.vetlanda": "vetlanda", "samordnare.varnamo": "varnamo",
                "samordnare.vaggeryd": "vaggeryd", "samordnare.almhult": "almhult"}

SETUP_SCRIPT = r"""
import json, random, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from lofte.accounts.services import create_api_token
from lofte.incidents.models import Incident
from lofte.organisations.demo import COLLABORATIONS, DEMO_PASSWORD
from lofte.organisations.models import Collaboration
from lofte.incidents import services

reporters = json.loads(sys.argv[1])
coordinators = json.loads(sys.argv[2])
User = get_user_model()
out = {"password": DEMO_PASSWORD, "reporters": [], "coordinators": [],
       "municipality_codes": [code for _, code, _ in COLLABORATIONS]}
for username, slug in reporters.items():
    user = User.objects.get(username=username)
    c = Collaboration.objects.get(slug=slug)
    services.ensure_categories(user, c)
    _, raw = create_api_token(user, name="lasttest", valid_days=1)
    points = list(Incident.objects.filter(collaboration=c).values_list("lat", "lon")[:500])
    random.seed(1)
    out["reporters"].append({
        "username": username, "slug": slug, "token": raw,
        "categories": list(c.incident_categories.filter(is_active=True)
                           .values_list("code", flat=True)),
        "points": [list(p) for p in random.sample(points, min(60, len(points)))],
    })
for username, slug in coordinators.items():
    User.objects.get(username=username)
    out["coordinators"].append({"username": username, "slug": slug})
print(json.dumps(out))
"""


def server_env(dsn: str, host: str) -> dict[str, str]:
    """Environment of the app processes (also used by ``bench/request_cost.py``)."""
    return {**os.environ, "DATABASE_URL": dsn, "LOFTE_ENV": "development", "DEBUG": "false",
            "AXES_ENABLED": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SETTINGS_MODULE": "lofte.settings", "LOG_LEVEL": "WARNING",
            "SITE_URL": host}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(cmd: list[str], env: dict[str, str], log: Path, what: str) -> str:
    t0 = time.monotonic()
    result = subprocess.run(cmd,  # noqa: S603 - this script, fixed arguments
                            env=env, cwd=ROOT, capture_output=True, text=True)
    log.write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        sys.exit(f"{what} misslyckades (se {log}):\n{result.stderr[-2000:]}")
    print(f"  {what}: {time.monotonic() - t0:.1f} s")
    return result.stdout


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - own http URL
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"servern svarade inte på {url}")


TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(groups: dict[str, str]) -> dict[tuple[str, int], float]:
    """CPU seconds (user + system) of every process whose command line contains one of
    ``groups``' markers, keyed by (group, pid)."""
    out: dict[tuple[str, int], float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        for group, marker in groups.items():
            if marker in cmdline:
                out[(group, int(entry.name))] = (int(fields[11]) + int(fields[12])) / TICKS
                break
    return out


def warm_up(host: str, workers: int) -> None:
    """Let every worker import the URLconf and compile the templates before the clock starts
    (a deployment is checked the same way before it takes traffic): concurrent requests to
    the public index and the login page, several per worker."""
    from concurrent.futures import ThreadPoolExecutor

    def get(path: str) -> int:
        with urllib.request.urlopen(host + path, timeout=60) as r:  # noqa: S310 - own http URL
            return int(r.status)

    t0 = time.monotonic()
    paths = ["/offentlig/", "/konto/logga-in/"] * (4 * workers)
    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        statuses = list(pool.map(get, paths))
    print(f"  uppvärmning: {len(statuses)} anrop på {time.monotonic() - t0:.1f} s")


class LoadSampler(threading.Thread):
    """Load average every 5 s, and the CPU time the app, its database and the load generator
    use during the run (this machine is shared: their CPU seconds per request are the figure
    to compare between runs, whatever else is running)."""

    def __init__(self, groups: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float, float]] = []
        self.stop = threading.Event()
        self.groups = groups
        self.first = process_cpu(groups)
        self.last = dict(self.first)
        self.cpu_start = os.times()

    def run(self) -> None:
        while not self.stop.wait(5):
            self.samples.append(os.getloadavg())
            self.last.update(process_cpu(self.groups))

    def cpu_seconds(self) -> dict[str, float]:
        self.last.update(process_cpu(self.groups))
        totals = dict.fromkeys(self.groups, 0.0)
        for (group, pid), seconds in self.last.items():
            totals[group] += seconds - self.first.get((group, pid), 0.0)
        return totals


def cpu_idle() -> float:
    """Idle CPU seconds of the whole machine since boot (all CPUs)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return (int(fields[4]) + int(fields[5])) / TICKS


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def max_users(prefix: Path) -> int:
    try:
        with open(f"{prefix}_stats_history.csv", encoding="utf-8") as handle:
            return max((int(row["User Count"]) for row in csv.DictReader(handle)), default=0)
    except (OSError, KeyError, ValueError):
        return -1


def exactly_once(dsn: str, run_id: str, acks_file: Path) -> tuple[bool, list[str]]:
    acks = [json.loads(line) for line in acks_file.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    first = [a for a in acks if not a.get("resend")]
    resends = [a for a in acks if a.get("resend")]
    acked: dict[str, int] = {}
    conflicts = 0
    for a in first:
        if a["token"] in acked and acked[a["token"]] != a["id"]:
            conflicts += 1
        acked[a["token"]] = a["id"]
    resend_mismatch = sum(1 for a in resends if acked.get(a["token"]) != a["id"])
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT client_token, count(*), min(id) FROM incidents_incident "
            "WHERE client_token LIKE %s GROUP BY client_token", (f"load-{run_id}-%",)
        ).fetchall()
        by_description = conn.execute(
            "SELECT count(*) FROM incidents_incident WHERE description LIKE %s",
            (f"Lasttest {run_id} %",),
        ).fetchone()[0]
    stored = {token: (count, pk) for token, count, pk in rows}
    duplicates = sum(1 for count, _ in stored.values() if count > 1)
    missing = [t for t in acked if t not in stored]
    strays = [t for t in stored if t not in acked]
    wrong_id = sum(1 for t, pk in acked.items() if t in stored and stored[t][1] != pk)
    total_rows = sum(count for count, _ in stored.values())
    lines = [
        f"report POSTs acknowledged 2xx: {len(acks)} "
        f"({len(first)} new + {len(resends)} resends of an already sent client_token)",
        f"distinct reports acknowledged: {len(acked)}",
        f"rows in database with the run's tokens: {total_rows} "
        f"({len(stored)} distinct tokens; {by_description} rows by description marker)",
        f"missing: {len(missing)}  duplicates: {duplicates}  strays (stored, not acked): "
        f"{len(strays)}  id mismatches: {wrong_id + conflicts}  resends answered with "
        f"another id: {resend_mismatch}",
    ]
    ok = (len(acked) == total_rows == len(stored) == by_description and not missing
          and not duplicates and not strays and not wrong_id and not conflicts
          and not resend_mismatch and len(acked) > 0)
    return ok, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=600, help="hold time, seconds")
    parser.add_argument("--quick", action="store_true", help="hold 60 s instead")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="users per second")
    parser.add_argument("--workers", type=int, default=8, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    parser.add_argument("--keep-alive", type=int, default=10,
                        help="gunicorn keep-alive seconds; above the longest wait so a "
                        "reused connection is not closed under the client")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0",
                        help="shared cache of the app processes (REDIS_URL); 'none' for the "
                        "database cache")
    parser.add_argument("--p95-ms", type=float, default=300.0)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    duration = 60 if args.quick else args.duration
    ramp = int(args.users / args.spawn_rate + 0.999)

    run_id = f"{os.getpid()}{int(time.time()) % 100000}"
    db = f"lofte_load_{os.getpid()}"
    dsn = f"{PG}/{db}"
    work = Path(tempfile.mkdtemp(prefix="lofte_load_"))
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = server_env(dsn, host)
    cache_prefix = f"lofte-load-{run_id}"
    if args.redis_url != "none":
        try:
            import redis

            redis.Redis.from_url(args.redis_url).ping()
            env.update(REDIS_URL=args.redis_url, CACHE_KEY_PREFIX=cache_prefix)
        except Exception as error:
            print(f"  Redis {args.redis_url} svarar inte ({error}): databascache")
    print(f"Lasttest {run_id}: databas {db}, loggar i {work}")
    print(f"  {os.cpu_count()} CPU, load average före: {os.getloadavg()}")

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        conn.execute(f'CREATE DATABASE "{db}"')
    gunicorn: subprocess.Popen[bytes] | None = None
    gunicorn_log = work / "gunicorn.log"
    try:
        run([str(BIN / "lofte"), "migrate", "--noinput"], env, work / "migrate.log", "migrate")
        run([str(BIN / "lofte"), "createcachetable"], env, work / "cache.log",
            "createcachetable")
        run([str(BIN / "lofte"), "demo", "--no-serve"], env, work / "demo.log", "demo")
        setup = json.loads(run([sys.executable, "-c", SETUP_SCRIPT, json.dumps(REPORTERS),
                                json.dumps(COORDINATORS)], env, work / "setup.log",
                               "API-nycklar"))
        setup["run_id"] = run_id

        with open(gunicorn_log, "wb") as log:
            gunicorn = subprocess.Popen(  # noqa: S603 - this script, fixed arguments
                [str(BIN / "gunicorn"), "lofte.wsgi", "--workers", str(args.workers),
                 "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}",
                 "--timeout", "60", "--keep-alive", str(args.keep_alive),
                 "--error-logfile", "-"],
                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        wait_for(f"{host}/offentlig/")
        warm_up(host, args.workers)
        with urllib.request.urlopen(f"{host}/offentlig/", timeout=10) as r:  # noqa: S310
            page = r.read().decode()
        start = page.find('href="/static/')
        if start >= 0:
            setup["static_path"] = page[start + 6:page.index('"', start + 6)]
        (work / "setup.json").write_text(json.dumps(setup), encoding="utf-8")
        print(f"  gunicorn: {args.workers} workers × {args.threads} threads på {host}, "
              f"cache: {'Redis ' + env['REDIS_URL'] if env.get('REDIS_URL') else 'databasen'}")

        prefix = work / "locust"
        acks = work / "acks.jsonl"
        print(f"  locust: {args.users} användare, ramp {ramp} s, håll {duration} s …",
              flush=True)
        sampler = LoadSampler({"gunicorn": f"--bind 127.0.0.1:{port}", "postgres": f" {db} ",
                               "locust": str(LOCUSTFILE), "redis": "redis-server"})
        idle_start = cpu_idle()
        sampler.start()
        t0 = time.monotonic()
        locust = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--host", host,
             "-u", str(args.users), "-r", str(args.spawn_rate),
             "--run-time", f"{ramp + duration}s", "--stop-timeout", "10",
             "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
            env={**env, "LOAD_SETUP": str(work / "setup.json"), "LOAD_ACKS": str(acks)},
            cwd=ROOT, capture_output=True, text=True)
        elapsed = time.monotonic() - t0
        sampler.stop.set()
        cpu = sampler.cpu_seconds()
        idle = cpu_idle() - idle_start
        (work / "locust.log").write_text(locust.stdout + locust.stderr, encoding="utf-8")
        load_end = os.getloadavg()

        stats = read_stats(prefix)
        total = next(r for r in stats if r["Name"] == "Aggregated")
        requests, failures = int(total["Request Count"]), int(total["Failure Count"])
        p95 = float(total["95%"])
        print()
        print(f"{'request':<66} {'n':>7} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6}")
        for r in stats:
            name = r["Name"] if r["Name"] == "Aggregated" else f"{r['Type']} {r['Name']}"
            print(f"{name[:66]:<66} {r['Request Count']:>7} {r['Failure Count']:>5} "
                  f"{r['50%']:>6} {r['95%']:>6} {r['99%']:>6}")
        slow = [r["Name"] for r in stats if r["Name"] != "Aggregated"
                and r["95%"] not in ("N/A", "") and float(r["95%"]) >= args.p95_ms]
        print()
        print(f"total requests: {requests}   failures: {failures}   "
              f"requests/s: {float(total['Requests/s']):.1f} (over {elapsed:.0f} s incl. ramp)")
        print(f"overall p50/p95/p99: {total['50%']} / {total['95%']} / {total['99%']} ms")
        if slow:
            print(f"request types with p95 ≥ {args.p95_ms:.0f} ms: {', '.join(slow)}")
        if failures:
            try:
                with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
                    for row in list(csv.DictReader(handle))[:10]:
                        print(f"  failure: {row['Method']} {row['Name']}: "
                              f"{row['Error'][:150]} ×{row['Occurrences']}")
            except OSError:
                pass
        print("CPU seconds during the run: " + ", ".join(
            f"{group} {seconds:.0f}" for group, seconds in cpu.items())
            + f"; machine idle {idle:.0f} of {elapsed * (os.cpu_count() or 1):.0f} CPU-s")
        if requests:
            print(f"CPU per request: gunicorn {cpu['gunicorn'] * 1000 / requests:.1f} ms + "
                  f"postgres {cpu['postgres'] * 1000 / requests:.1f} ms + redis "
                  f"{cpu['redis'] * 1000 / requests:.1f} ms (server side); locust "
                  f"{cpu['locust'] * 1000 / requests:.1f} ms")
        peak_users = max_users(prefix)
        print(f"peak users: {peak_users}")
        peak = max((s[0] for s in sampler.samples), default=load_end[0])
        print(f"load average at end (1/5/15 min): {load_end[0]:.2f} / {load_end[1]:.2f} / "
              f"{load_end[2]:.2f}; peak 1-min during run: {peak:.2f} on {os.cpu_count()} CPU")

        once_ok, once_lines = exactly_once(dsn, run_id, acks)
        print("exactly-once:")
        for line in once_lines:
            print(f"  {line}")
        server_log = gunicorn_log.read_text(encoding="utf-8", errors="replace")
        server_errors = server_log.count("WORKER TIMEOUT") + server_log.count("Traceback")
        print(f"gunicorn worker timeouts/tracebacks: {server_errors}")

        checks = {
            "no failed requests": failures == 0 and requests > 0,
            f"overall p95 < {args.p95_ms:.0f} ms": p95 < args.p95_ms,
            "every acknowledged report stored exactly once": once_ok,
            f"{args.users} concurrent users reached": peak_users == -1
            or peak_users >= args.users,
            "no server errors logged": server_errors == 0,
        }
        print()
        for label, ok in checks.items():
            print(f"  {'OK  ' if ok else 'FAIL'} {label}")
        return 0 if all(checks.values()) else 1
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait()
        if env.get("REDIS_URL"):
            import redis

            client = redis.Redis.from_url(env["REDIS_URL"])
            stale = list(client.scan_iter(f"{cache_prefix}:*"))
            if stale:
                client.delete(*stale)
        if args.keep:
            print(f"databasen {db} finns kvar (--keep)")
        else:
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            print(f"databasen {db} borttagen")


if __name__ == "__main__":
    sys.exit(main())
