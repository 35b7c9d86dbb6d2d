"""Shared paths and helpers of the promise-parsing tests (pure: no database)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SYNTHETIC = FIXTURES / "synthetic"


def seed_text(prefix: str) -> str:
    """The text of the seed whose file name starts with ``prefix`` ("003")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")
