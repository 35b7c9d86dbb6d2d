"""The hash-pinned lock files cover every dependency declared in pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-").replace(
        ".", "-")


def _locked(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^ \\;]+)", line)
        if match:
            pins[_name(match.group(1))] = match.group(2)
    return pins


def test_every_declared_dependency_is_pinned_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        declared |= {_name(r) for r in extra if not r.startswith("lofte")}
    dev = _locked(ROOT / "requirements" / "dev.lock")
    missing = sorted(declared - set(dev))
    assert not missing, f"Saknas i requirements/dev.lock (kör `make lock`): {missing}"
    base = _locked(ROOT / "requirements" / "base.lock")
    runtime_missing = sorted({_name(r) for r in project["dependencies"]} - set(base))
    assert not runtime_missing, f"Saknas i requirements/base.lock: {runtime_missing}"
    text = (ROOT / "requirements" / "dev.lock").read_text(encoding="utf-8")
    assert text.count("==") <= text.count("--hash=sha256:")
