"""Benchmark: import the real police events archive, on SQLite and on PostgreSQL.

Run from the repository root::

    .venv/bin/python bench/import_polisen.py                 # the 85k-event archive
    .venv/bin/python bench/import_polisen.py PATH [PATH...]  # other saved API responses
    .venv/bin/python bench/import_polisen.py --pg postgres://postgres@127.0.0.1:5432/postgres

For each database the benchmark makes a fresh, migrated database with the reference geography
(a temporary SQLite file; a ``lofte_bench_imports_<pid>`` PostgreSQL database that is dropped
afterwards), then times ``lofte.imports.services.import_polisen_events`` twice: the first
import (everything is new) and a second, idempotent run (everything unchanged). The time
covers reading the gzip file, parsing and validating every event, and the upsert in one
transaction. Each database runs in its own subprocess so settings cannot mix. Wall time and
the Python process's CPU time are printed (the latter is what stays meaningful when other work
shares the machine; the database server's own CPU is not in it). The target is ≤ 15 s for the
first import on both.
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
DEFAULT_FILE = Path("/work/shared/data/polisen_events_2022-2025.jsonl.gz")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def worker(paths: list[str]) -> None:
    """Runs inside the subprocess with DATABASE_URL set: migrate, load, time two imports."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lofte.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lofte.imports import services

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_geography", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if connection.vendor == "postgresql":
        # Let the server settle after migrating and loading the geography (a real
        # installation loaded it long ago), so the timing is the import's own work.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
    files = [(path, Path(path).read_bytes()) for path in paths]
    results = []
    for label in ("first import", "second import (idempotent)"):
        started, cpu = time.perf_counter(), time.process_time()
        summary = services.import_polisen_events(None, files)
        seconds = time.perf_counter() - started
        results.append({"run": label, "seconds": round(seconds, 2),
                        "cpu": round(time.process_time() - cpu, 2), **summary.as_dict()})
    print(json.dumps({"vendor": connection.vendor, "results": results}))


def run(database_url: str, paths: list[str]) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": database_url, "LOFTE_ENV": "development"}
    completed = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--worker", *paths], env=env, capture_output=True,
        text=True, check=False, cwd=ROOT,
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-3000:])
    return json.loads(completed.stdout.strip().splitlines()[-1])


def report(result: dict[str, object]) -> None:
    for row in result["results"]:  # type: ignore[attr-defined]
        print(f"  {row['run']:<28} {row['seconds']:>6.2f} s (Python CPU {row['cpu']:>5.2f} s)"
              f"   read {row['read']:>6}  "
              f"created {row['created']:>6}  updated {row['updated']:>5}  "
              f"unchanged {row['unchanged']:>6}  summaries {row['summaries']:>6}  "
              f"without kommun {row['without_kommun']:>6}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT_FILE)])
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL server URL (admin db)")
    parser.add_argument("--no-pg", action="store_true", help="only SQLite")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.paths)
        return 0
    size = sum(Path(p).stat().st_size for p in args.paths)
    print(f"Input: {', '.join(args.paths)} ({size / 1e6:.1f} MB)")
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite (fresh file):")
        report(run(f"sqlite:///{tmp}/bench.sqlite3", args.paths))
    if args.no_pg:
        return 0
    try:
        import psycopg

        admin = psycopg.connect(args.pg, autocommit=True)
    except Exception as error:
        print(f"PostgreSQL: not reachable ({type(error).__name__}); skipped.")
        return 0
    name = f"lofte_bench_imports_{os.getpid()}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        base = args.pg.rsplit("/", 1)[0]
        print(f"PostgreSQL (fresh database {name}):")
        report(run(f"{base}/{name}", args.paths))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
