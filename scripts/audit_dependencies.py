"""Vulnerability audit of the locked dependencies with pip-audit, with an honest verdict.

pip-audit answers "No known vulnerabilities found" and exit code 0 even when it could not look
a single package up (every dependency "skipped" because the vulnerability service was out of
reach). This wrapper reads pip-audit's JSON report and says which of three things happened:

* ``granskad``: every locked package was looked up and none has a known vulnerability → 0;
* ``sårbar``: at least one package has a known vulnerability → 1 (the list is printed);
* ``ogranskad``: no vulnerability database could be reached (PyPI's JSON API and OSV), or only
  some packages were looked up → 1 in strict mode (``LOFTE_REQUIRE_AUDIT=1``), otherwise 0 with
  a notice that says plainly that nothing was checked.

PyPI's service is asked first, then OSV. Used by ``make audit`` (strict) and by
``scripts/run_tests.py`` (strict only when ``LOFTE_REQUIRE_AUDIT=1``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOCK = Path(__file__).resolve().parent.parent / "requirements" / "dev.lock"
SERVICES = ("pypi", "osv")


@dataclass
class Verdict:
    """What one pip-audit report shows."""

    audited: int = 0
    skipped: list[str] = field(default_factory=list)
    vulnerable: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.vulnerable:
            return "sårbar"
        if self.skipped or not self.audited:
            return "ogranskad"
        return "granskad"


def read_report(report: dict[str, Any]) -> Verdict:
    """Classify pip-audit's ``-f json`` report (``{"dependencies": [...], "fixes": [...]}``)."""
    verdict = Verdict()
    for dependency in report.get("dependencies", []):
        name = str(dependency.get("name", "?"))
        if "skip_reason" in dependency:
            verdict.skipped.append(f"{name}: {dependency['skip_reason']}")
            continue
        verdict.audited += 1
        for vuln in dependency.get("vulns", []):
            fixes = ", ".join(vuln.get("fix_versions", [])) or "ingen rättad version än"
            verdict.vulnerable.append(
                f"{name} {dependency.get('version', '?')}: {vuln.get('id', '?')} "
                f"(rättad i {fixes})"
            )
    return verdict


def run_pip_audit(service: str, lock: Path = LOCK) -> dict[str, Any] | None:
    """pip-audit's JSON report for ``lock`` against ``service``; ``None`` when it crashed
    (OSV unreachable makes pip-audit raise ``ConnectionError`` instead of skipping)."""
    binary = Path(sys.executable).with_name("pip-audit")
    command = [str(binary), "--disable-pip", "-r", str(lock), "-f", "json", "-s", service,
               "--progress-spinner", "off"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own tool
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["inget svar"])[-1]
        print(f"  pip-audit mot {service}: {last[:200]}", flush=True)
        return None
    return report


def main(argv: list[str]) -> int:
    strict = "--strict" in argv or os.environ.get("LOFTE_REQUIRE_AUDIT") == "1"
    verdict = Verdict()
    for service in SERVICES:
        report = run_pip_audit(service)
        if report is None:
            continue
        verdict = read_report(report)
        if verdict.state != "ogranskad":
            break
        print(f"  pip-audit mot {service}: {len(verdict.skipped)} paket kunde inte slås upp.",
              flush=True)
    if verdict.state == "sårbar":
        print("FEL: kända sårbarheter i låsta beroenden:", flush=True)
        for line in verdict.vulnerable:
            print(f"  {line}", flush=True)
        return 1
    if verdict.state == "granskad":
        print(f"Sårbarhetsgranskning: {verdict.audited} paket granskade, inga kända sårbarheter.",
              flush=True)
        return 0
    print(
        "OBS: sårbarhetsgranskningen kunde INTE göras – ingen sårbarhetsdatabas (PyPI:s JSON-API, "
        f"OSV) gick att nå. Granskade: {verdict.audited}, ogranskade: {len(verdict.skipped)}. "
        "Kör `make audit` där nätet når pypi.org och api.osv.dev.",
        flush=True,
    )
    return 1 if strict else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
