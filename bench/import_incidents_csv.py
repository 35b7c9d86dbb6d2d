"""Benchmark: import a CSV of 1 000 000 historical incident rows on PostgreSQL.

Run from the repository root::

    .venv/bin/python bench/import_incidents_csv.py              # 1 000 000 rows
    .venv/bin/python bench/import_incidents_csv.py --rows 100000
    .venv/bin/python bench/import_incidents_csv.py --pg postgres://postgres@127.0.0.1:5432/postgres

Steps: generate a CSV (``lat,lon,occurred_at,category``; points around Vetlanda, times over
2020–2025, real category codes) in a temporary directory; create a fresh PostgreSQL database
``lofte_bench_incidents_<pid>`` (dropped afterwards), migrate it and load the geography; then
time, each in the same database:

* **floor** — PostgreSQL's own ``COPY … FROM STDIN (FORMAT csv)`` of the same file into an
  unindexed table with the same four columns (no validation, no key);
* **first import** — ``lofte.imports.services.import_incident_history``: read and validate
  every row in Python, COPY into a staging table, ``INSERT … SELECT … ON CONFLICT DO
  NOTHING`` into the indexed table, record the run, one transaction;
* **second import** — the same file again (everything unchanged).

The target is ≤ 60 s for the first import.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
CATEGORIES = ["skadegorelse", "klotter", "nedskrapning", "otrygg_plats", "ordningsstorning",
              "ungdomar", "narkotika", "trafik", "brand", "stold_inbrott"]


def generate(path: Path, rows: int) -> None:
    import numpy as np

    rng = np.random.default_rng(2026)
    lat = rng.normal(57.4275, 0.03, rows).round(6)
    lon = rng.normal(15.0853, 0.05, rows).round(6)
    start = np.datetime64("2020-01-01T00:00")
    minutes = rng.integers(0, 6 * 365 * 24 * 60, rows)
    times = (start + minutes.astype("timedelta64[m]")).astype(str)
    categories = np.array(CATEGORIES)[rng.integers(0, len(CATEGORIES), rows)]
    with path.open("w", encoding="utf-8") as handle:
        handle.write("lat,lon,occurred_at,category\n")
        for block in range(0, rows, 100_000):
            end = min(rows, block + 100_000)
            handle.write("".join(
                f"{a},{o},{t},{c}\n" for a, o, t, c in
                zip(lat[block:end], lon[block:end], times[block:end], categories[block:end],
                    strict=True)
            ))


def worker(csv_path: str) -> None:
    """Inside the subprocess (DATABASE_URL set): migrate, then time floor and imports."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lofte.geo.models import Municipality, PoliceArea
    from lofte.imports import services
    from lofte.organisations import services as organisation_services

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_geography", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    collaboration = organisation_services.create_collaboration(
        None, municipality=Municipality.objects.get(code="0685"),
        police_area=PoliceArea.objects.get(name="Höglandet"), slug="bench",
    )
    results = []
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # settle after migrating and loading the geography
        cursor.execute("CHECKPOINT")
        raw = cursor.cursor
        raw.execute("CREATE UNLOGGED TABLE bench_floor (lat double precision, "
                    "lon double precision, occurred_at timestamptz, category varchar(32))")
        started = time.perf_counter()
        with open(csv_path, "rb") as handle, raw.copy(
            "COPY bench_floor FROM STDIN (FORMAT csv, HEADER true)"
        ) as copy:
            while block := handle.read(1 << 20):
                copy.write(block)
        results.append({"run": "floor: PostgreSQL COPY (csv)",
                        "seconds": round(time.perf_counter() - started, 2)})
    data = Path(csv_path).read_bytes()
    for label in ("first import", "second import (idempotent)"):
        started, cpu = time.perf_counter(), time.process_time()
        summary = services.import_incident_history(None, collaboration,
                                                   [(Path(csv_path).name, data)])
        results.append({"run": label, "seconds": round(time.perf_counter() - started, 2),
                        "cpu": round(time.process_time() - cpu, 2),
                        "read": summary.read, "created": summary.created,
                        "unchanged": summary.unchanged})
    print(json.dumps({"results": results}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL server URL (admin db)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    import psycopg

    try:
        admin = psycopg.connect(args.pg, autocommit=True)
    except Exception as error:
        print(f"PostgreSQL not reachable ({type(error).__name__}); nothing to measure.")
        return 1
    name = f"lofte_bench_incidents_{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "incidents.csv"
        started = time.perf_counter()
        generate(csv_path, args.rows)
        print(f"Generated {args.rows} rows ({csv_path.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s")
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            env = {**os.environ, "DATABASE_URL": f"{args.pg.rsplit('/', 1)[0]}/{name}",
                   "LOFTE_ENV": "development"}
            completed = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--worker", str(csv_path)], env=env, cwd=ROOT,
                capture_output=True, text=True, check=False,
            )
            if completed.returncode != 0:
                print(completed.stderr[-3000:])
                return 1
            result = json.loads(completed.stdout.strip().splitlines()[-1])
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    print(f"PostgreSQL, {args.rows} rows:")
    for row in result["results"]:
        extra = "".join(f"  {key} {row[key]}" for key in ("cpu", "read", "created", "unchanged")
                        if key in row)
        print(f"  {row['run']:<30} {row['seconds']:>6.2f} s{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
