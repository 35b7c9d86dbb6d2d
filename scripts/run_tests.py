"""Run the whole suite: lint, then pytest on SQLite (with the browser tests) and on PostgreSQL.

Lint is ruff, the import-linter contracts (the architecture's dependency rules) and mypy.
Then ``scripts/audit_dependencies.py`` audits the lock file with pip-audit: known
vulnerabilities fail the run; an unreachable vulnerability database is reported plainly and
fails only with ``LOFTE_REQUIRE_AUDIT=1``.

PostgreSQL is taken from ``TEST_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/lofte``). When it cannot be reached the PostgreSQL run is
skipped with a visible notice — except in CI (``CI=true``), where it is required. Pure
libraries (analysis, parsing, source parsers) do not touch the database and run only once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lofte")
IN_CI = os.environ.get("CI", "").lower() == "true"
PURE = ["lofte/analysis", "lofte/documents/parsing", "lofte/imports/sources", "lofte/tabular"]


def postgres_available() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(PG_URL.replace("/lofte", "/postgres"), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def main() -> int:
    extra = sys.argv[1:]
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    if IN_CI and not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        print("FEL: CI=true men Chromium saknas (/usr/bin/chromium).", flush=True)
        return 1
    if not os.environ.get("LOFTE_SKIP_LINT"):
        print("== Lint: ruff, beroenderegler (import-linter), mypy ==", flush=True)
        bin_dir = os.path.dirname(sys.executable)
        for command in (
            [os.path.join(bin_dir, "ruff"), "check", "lofte", "bench", "scripts", "tests"],
            [os.path.join(bin_dir, "lint-imports")],
            [os.path.join(bin_dir, "mypy"), "lofte"],
        ):
            code = subprocess.call(command, env=env)  # noqa: S603 - the project's own tools
            if code != 0:
                print(f"FEL: {os.path.basename(command[0])} hittade fel.", flush=True)
                return code
    if not os.environ.get("LOFTE_SKIP_AUDIT"):
        print("== Sårbarhetsgranskning av låsta beroenden (pip-audit) ==", flush=True)
        audit = os.path.join(os.path.dirname(os.path.abspath(__file__)), "audit_dependencies.py")
        code = subprocess.call([sys.executable, audit], env=env)  # noqa: S603 - our own script
        if code != 0:
            return code
    print("== Testsviten på SQLite (inklusive webbläsartester) ==", flush=True)
    code = subprocess.call([sys.executable, "-m", "pytest", *extra], env=env)  # noqa: S603 - our own interpreter
    if code not in (0,):
        return code
    if not postgres_available():
        if IN_CI:
            print(f"FEL: CI=true men PostgreSQL svarar inte på {PG_URL}.", flush=True)
            return 1
        print(f"OBS: PostgreSQL svarar inte på {PG_URL} – PostgreSQL-körningen HOPPADES ÖVER.",
              flush=True)
        return 0
    print("== Testsviten på PostgreSQL ==", flush=True)
    ignore = [f"--ignore={p}" for p in PURE]
    pg_env = {**env, "DATABASE_URL": PG_URL, "LOFTE_SKIP_BROWSER": "1"}
    command = [sys.executable, "-m", "pytest", *ignore, "-m", "not browser", *extra]
    return subprocess.call(command, env=pg_env)  # noqa: S603 - our own interpreter


if __name__ == "__main__":
    raise SystemExit(main())
