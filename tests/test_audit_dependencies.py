"""The dependency audit tells "no vulnerabilities" apart from "nothing could be checked".

``tests/fixtures/pip_audit_unreachable.json`` is pip-audit 2.x's real JSON report from a machine
that reaches no vulnerability database (2026-11-22, first five of 150 dependencies kept): pip-audit
itself printed "No known vulnerabilities found" and exited 0 for it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


audit = _module()


def _recorded() -> dict[str, Any]:
    return json.loads((ROOT / "tests" / "fixtures" / "pip_audit_unreachable.json").read_text())


def test_unreachable_database_is_not_reported_as_clean() -> None:
    verdict = audit.read_report(_recorded())
    assert verdict.state == "ogranskad"
    assert verdict.audited == 0 and len(verdict.skipped) == 5


def test_a_known_vulnerability_fails() -> None:
    report = {"dependencies": [
        {"name": "django", "version": "5.2.1", "vulns": [
            {"id": "PYSEC-2025-47", "fix_versions": ["5.2.2"], "aliases": ["CVE-2025-48432"],
             "description": "..."}]},
        {"name": "numpy", "version": "2.3.0", "vulns": []},
    ], "fixes": []}
    verdict = audit.read_report(report)
    assert verdict.state == "sårbar"
    assert verdict.vulnerable == ["django 5.2.1: PYSEC-2025-47 (rättad i 5.2.2)"]


def test_all_looked_up_and_clean_passes() -> None:
    report = {"dependencies": [{"name": "numpy", "version": "2.3.0", "vulns": []}], "fixes": []}
    assert audit.read_report(report).state == "granskad"


def test_partly_looked_up_is_not_clean() -> None:
    report = _recorded()
    report["dependencies"].append({"name": "numpy", "version": "2.3.0", "vulns": []})
    assert audit.read_report(report).state == "ogranskad"


@pytest.mark.parametrize(("strict", "expected"), [(False, 0), (True, 1)])
def test_strict_mode_fails_when_nothing_was_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], strict: bool,
    expected: int,
) -> None:
    monkeypatch.setattr(audit, "run_pip_audit", lambda service, lock=audit.LOCK: _recorded())
    monkeypatch.delenv("LOFTE_REQUIRE_AUDIT", raising=False)
    assert audit.main(["--strict"] if strict else []) == expected
    assert "kunde INTE göras" in capsys.readouterr().out
