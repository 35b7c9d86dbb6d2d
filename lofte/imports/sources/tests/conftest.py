from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
FULL_ARCHIVE = Path("/work/shared/data/polisen_events_2022-2025.jsonl.gz")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
