"""Django's deployment checks pass with production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "LOFTE_ENV": "production",
        "SECRET_KEY": "x" * 60 + "-not-a-real-secret-but-long-and-varied-8d7f6a5s4d3f2g1h",
        "ALLOWED_HOSTS": "lofte.example.se",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOFTE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {**os.environ, "LOFTE_ENV": "production", "SECRET_KEY": "",
           "LOFTE_VAR_DIR": str(tmp_path)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "check"], env=env, capture_output=True,
        text=True, check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY måste sättas" in result.stderr
