"""CPU cost per request type of the load mix (`bench/load_locustfile.py`), in process.

    .venv/bin/python bench/request_cost.py              # fresh demo database, 30 rounds
    .venv/bin/python bench/request_cost.py --db NAME    # reuse a database made with --keep

Sets up a PostgreSQL demo database like ``bench/load_test.py`` (``migrate``,
``createcachetable``, ``lofte demo --no-serve``, API tokens for the demo reporters), then
imports Django in this process with the same settings as the load test (``DEBUG=false``,
``LOFTE_ENV=development``, the cache the load test uses) and sends every request of the mix
through the Django test client ``--rounds`` times, in the mix's order, so a report POST
invalidates what the next picture request finds in the cache, as under load.

Prints per request type: median wall ms, median CPU ms (``time.process_time``: this process
only, robust to other work on a shared machine — compare this column between runs), and the
number of SQL queries of the first request (cold caches) and of one more request at the end
(in the mix's order: a report was just posted before the picture requests). Timings are
medians of ``--rounds`` rounds after one warm-up round.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_test

ROOT = load_test.ROOT
BIN = load_test.BIN
PG = load_test.PG


def prepare(db: str, env: dict[str, str], work: Path) -> dict[str, Any]:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    load_test.run([str(BIN / "lofte"), "migrate", "--noinput"], env, work / "migrate.log",
                  "migrate")
    load_test.run([str(BIN / "lofte"), "createcachetable"], env, work / "cache.log",
                  "createcachetable")
    load_test.run([str(BIN / "lofte"), "demo", "--no-serve"], env, work / "demo.log", "demo")
    return setup_data(env, work)


def setup_data(env: dict[str, str], work: Path) -> dict[str, Any]:
    out = load_test.run([sys.executable, "-c", load_test.SETUP_SCRIPT,
                         json.dumps(load_test.REPORTERS), json.dumps(load_test.COORDINATORS)],
                        env, work / "setup.log", "API-nycklar")
    return json.loads(out)  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--db", help="existing database (skip set-up)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0",
                        help="cache as in the load test; 'none' for the database cache")
    parser.add_argument("--profile", help="cProfile one request type (its label) to stdout")
    args = parser.parse_args()

    db = args.db or f"lofte_cost_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="lofte_cost_"))
    env = load_test.server_env(f"{PG}/{db}", "http://testserver")
    if args.redis_url != "none":
        env.update(REDIS_URL=args.redis_url, CACHE_KEY_PREFIX=f"lofte-cost-{os.getpid()}")
    print(f"Kostnad per anrop: databas {db}, {os.cpu_count()} CPU, "
          f"load average före: {os.getloadavg()}")
    setup = setup_data(env, work) if args.db else prepare(db, env, work)
    os.environ.update(env)
    try:
        return measure(setup, args)
    finally:
        if not args.db and not args.keep:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            print(f"databasen {db} borttagen")


def measure(setup: dict[str, Any], args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    reporter = setup["reporters"][0]
    slug = reporter["slug"]
    code = setup["municipality_codes"][0]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {reporter['token']}")
    coordinator = Client()
    me = next(c for c in setup["coordinators"] if c["slug"] == slug)
    assert coordinator.login(username=me["username"], password=setup["password"])
    citizen = Client()
    sent: list[dict[str, Any]] = []

    def report_body() -> dict[str, Any]:
        import datetime as dt
        import random

        token = f"cost-{uuid.uuid4().hex[:24]}"
        lat, lon = random.choice(reporter["points"])
        return {"category": random.choice(reporter["categories"]),
                "occurred_from": (dt.datetime.now(dt.UTC)
                                  - dt.timedelta(minutes=random.randint(5, 600))).isoformat(),
                "lat": lat, "lon": lon, "severity": 2, "client_token": token,
                "description": f"Kostnadsmätning {token}: klotter på elskåp."}

    def post_new() -> Any:
        body = report_body()
        r = api.post(f"/api/v1/collaborations/{slug}/incidents", json.dumps(body),
                     content_type="application/json")
        sent.append(body)
        return r

    def resend() -> Any:
        return api.post(f"/api/v1/collaborations/{slug}/incidents", json.dumps(sent[-1]),
                        content_type="application/json")

    pic = f"/samverkan/{slug}/veckobild/"
    static = "/offentlig/"  # replaced below by the first static file the page links
    page = citizen.get("/offentlig/").content.decode()
    start = page.find('href="/static/')
    if start >= 0:
        static = page[start + 6:page.index('"', start + 6)]
    mix: list[tuple[str, Any]] = [
        ("API POST incidents (new)", post_new),
        ("API POST incidents (resend)", resend),
        ("API GET incidents?page=1",
         lambda: api.get(f"/api/v1/collaborations/{slug}/incidents?page=1")),
        ("API GET incident-categories",
         lambda: api.get(f"/api/v1/collaborations/{slug}/incident-categories")),
        ("veckobild/ (after a new report)", lambda: coordinator.get(pic)),
        ("veckobild/ (unchanged)", lambda: coordinator.get(pic)),
        ("karta.geojson", lambda: coordinator.get(pic + "karta.geojson")),
        ("karta.geojson?layer=heat", lambda: coordinator.get(pic + "karta.geojson?layer=heat")),
        ("karta.geojson?layer=hotspots",
         lambda: coordinator.get(pic + "karta.geojson?layer=hotspots")),
        ("samverkan/<slug>/", lambda: coordinator.get(f"/samverkan/{slug}/")),
        ("offentlig/", lambda: citizen.get("/offentlig/")),
        ("offentlig/<kod>/", lambda: citizen.get(f"/offentlig/{code}/")),
        ("offentlig/<kod>/flode.atom", lambda: citizen.get(f"/offentlig/{code}/flode.atom")),
        ("API GET public promises",
         lambda: citizen.get(f"/api/v1/public/municipalities/{code}/promises")),
        ("static file (WhiteNoise)", lambda: citizen.get(static)),
    ]
    wall: dict[str, list[float]] = {label: [] for label, _ in mix}
    cpu: dict[str, list[float]] = {label: [] for label, _ in mix}
    queries: dict[str, int] = {}
    for label, call in mix:  # warm-up round, checks status and counts queries
        with CaptureQueriesContext(connection) as ctx:
            r = call()
        if r.status_code not in (200, 201):
            sys.exit(f"{label}: status {r.status_code}")
        queries[label] = len(ctx.captured_queries)
    if args.profile:
        import cProfile
        import pstats

        call = dict(mix)[args.profile]
        profiler = cProfile.Profile()
        for _ in range(args.rounds):
            if "after a new report" in args.profile:
                post_new()
            profiler.enable()
            call()
            profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        return 0
    for _ in range(args.rounds):
        for label, call in mix:
            c0, w0 = time.process_time(), time.perf_counter()
            r = call()
            w1, c1 = time.perf_counter(), time.process_time()
            if r.status_code not in (200, 201):
                sys.exit(f"{label}: status {r.status_code}")
            wall[label].append((w1 - w0) * 1000)
            cpu[label].append((c1 - c0) * 1000)
    later: dict[str, int] = {}
    for label, call in mix:  # one more round: queries once the caches are warm
        with CaptureQueriesContext(connection) as ctx:
            call()
        later[label] = len(ctx.captured_queries)
    print()
    print(f"{'request':<36} {'wall ms':>8} {'CPU ms':>8} {'queries':>8} {'(later)':>8}")
    for label, _ in mix:
        print(f"{label:<36} {statistics.median(wall[label]):>8.1f} "
              f"{statistics.median(cpu[label]):>8.1f} {queries[label]:>8} {later[label]:>8}")
    print("queries: of the first request of each type (cold caches), and of one more round "
          "at the end")
    weights = load_mix_weights()
    mean_cpu = sum(w * statistics.median(cpu[label]) for label, w in weights.items())
    print(f"\nweighted by the load mix: {mean_cpu:.1f} ms CPU per request (in process; "
          f"gunicorn adds HTTP parsing)")
    print(f"load average after: {os.getloadavg()}")
    return 0


def load_mix_weights() -> dict[str, float]:
    """Share of each request type in the locust mix (weights 3/2/5, task weights, 1-5 s)."""
    reporter = {"API POST incidents (new)": 6, "API POST incidents (resend)": 1,
                "API GET incidents?page=1": 2}
    coordinator = {"veckobild/ (after a new report)": 3, "karta.geojson": 3,
                   "karta.geojson?layer=heat": 2, "karta.geojson?layer=hotspots": 2,
                   "samverkan/<slug>/": 1}
    citizen = {"offentlig/<kod>/": 4, "offentlig/": 2, "offentlig/<kod>/flode.atom": 1,
               "API GET public promises": 2, "static file (WhiteNoise)": 1}
    # actions per second are proportional to user weight / task-weight sum; requests per
    # action: reporter 1, coordinator 11/6 (two per picture/map action), citizen 1.
    rates: dict[str, float] = {}
    for users, tasks, actions in ((3, reporter, 9), (2, coordinator, 6), (5, citizen, 10)):
        for label, w in tasks.items():
            rates[label] = users * w / actions
    total = sum(rates.values())
    return {label: r / total for label, r in rates.items()}


if __name__ == "__main__":
    sys.exit(main())
