"""Demo data: the five seed medborgarlöften (shipped in ``lofte/documents/seeds/``) in the
national register. Idempotent: the register is keyed on the file names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lofte.documents import services, tasks

SEEDS = Path(__file__).resolve().parent / "seeds"


def seed_documents() -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]


def load(context: Any) -> None:
    services.import_documents(None, seed_documents())
    tasks.ensure_schedule()
