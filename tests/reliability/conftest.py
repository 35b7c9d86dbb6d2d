"""Shared bookkeeping of the reliability tests: how many requests the API fuzzing sent."""

from __future__ import annotations

from collections import Counter
from typing import Any

REQUESTS: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not REQUESTS:
        return
    terminalreporter.section("API-fuzzning (schemathesis)")
    for key, count in sorted(REQUESTS.items()):
        terminalreporter.write_line(f"{count:6d}  {key}")
    known = sum(n for key, n in REQUESTS.items() if "känt fel" in key)
    terminalreporter.write_line(f"{sum(REQUESTS.values()) - known:6d}  anrop skickade")
    terminalreporter.write_line(f"{known:6d}  fall som träffar ett känt fel (ej skickade)")
