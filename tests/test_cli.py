"""The installed `lofte` command explains itself and routes to its sub-commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LOFTE = Path(sys.executable).with_name("lofte")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the project's own console script
        [str(LOFTE), *args], capture_output=True, text=True, check=False, timeout=120
    )


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("demo", "serve", "analyse", "promises parse", "import", "worker"):
        assert word in result.stdout


def test_demo_help_explains_every_option() -> None:
    result = run("demo", "--help")
    assert result.returncode == 0
    assert "--no-serve" in result.stdout and "--addrport" in result.stdout


def test_unknown_command_fails_with_a_message() -> None:
    result = run("finns-inte")
    assert result.returncode != 0
    assert "Unknown command" in result.stderr or "okänt" in result.stderr.lower()
