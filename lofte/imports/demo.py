"""Demo data for the sources pages: real police events and Kolada values, invented surveys.

Everything is read from files inside the repository (``lofte/imports/data``), so the demo
works from a fresh clone. Idempotent: a second run finds every row unchanged.
"""

from __future__ import annotations

from pathlib import Path

from lofte.imports import services
from lofte.organisations.demo import DemoContext

__all__ = ["DemoContext", "load"]

DATA = Path(__file__).resolve().parent / "data"
EVENTS = DATA / "demo" / "polisen_events_jonkoping_kronoberg_2022-2025.jsonl.gz"
KOLADA = DATA / "demo" / "kolada_2025_datasources_2_4.json"
SURVEYS = DATA / "demo" / "trygghet_demo.csv"
DIALOGUES = DATA / "templates" / "dialogresultat_mall.csv"


def _file(path: Path) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes())]


def load(context: DemoContext) -> None:
    services.import_polisen_events(None, _file(EVENTS))
    services.import_kolada(None, _file(KOLADA))
    services.import_surveys(None, _file(SURVEYS), is_demo=True)
    vetlanda = context.collaborations.get("vetlanda")
    if vetlanda is not None:
        services.import_dialogues(None, vetlanda, _file(DIALOGUES))
