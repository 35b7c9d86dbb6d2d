"""Historical incident rows in bulk: validation before writing, idempotence, local time."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lofte.imports import bulk, services
from lofte.imports.models import HistoricalIncident
from lofte.imports.sources.common import SourceFormatError

pytestmark = pytest.mark.django_db

GOOD = ("lat,lon,occurred_at,category\n"
        "57.4275,15.0853,2024-06-01T22:15,skadegorelse\n"
        "57.43,15.09,2024-12-24T18:00:00+01:00,brand\n"
        "57.43,15.09,2024-12-24T18:00:00+01:00,brand\n")


def test_import_twice_and_local_time(vetlanda: Any) -> None:
    first = services.import_incident_history(None, vetlanda, [("h.csv", GOOD.encode())])
    assert (first.read, first.created, first.unchanged) == (3, 2, 1)
    second = services.import_incident_history(None, vetlanda, [("h.csv", GOOD.encode())])
    assert (second.created, second.unchanged) == (0, 3)
    summer = HistoricalIncident.objects.get(category="skadegorelse")
    assert summer.occurred_at.isoformat() == "2024-06-01T20:15:00+00:00"  # CEST → UTC


def test_bad_row_names_row_and_column_and_stores_nothing(vetlanda: Any) -> None:
    bad = GOOD + "57.43,15.09,2024-13-01T10:00,brand\n"
    with pytest.raises(services.ImportFailed) as failure:
        services.import_incident_history(None, vetlanda, [("h.csv", bad.encode())])
    assert "h.csv, rad 5, fält 'occurred_at'" in str(failure.value)
    assert not HistoricalIncident.objects.exists()


@pytest.mark.parametrize(("line", "field"), [
    ("40.0,15.0,2024-01-01T10:00,brand", "lat"),
    ("x,15.0,2024-01-01T10:00,brand", "lat"),
    ("57.0,15.0,2024-01-01T10:00,okand", "category"),
])
def test_validation(db: Any, line: str, field: str) -> None:
    with pytest.raises(SourceFormatError) as error:
        bulk.read_rows(f"lat,lon,occurred_at,category\n{line}\n".encode(), "f.csv")
    assert error.value.row == 2 and error.value.field == field


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60))
def test_reader_never_crashes_on_arbitrary_cells(text: str) -> None:
    data = f"lat,lon,occurred_at,category\n57.0,15.0,{text},brand\n".encode()
    try:
        rows = bulk.read_rows(data, "f.csv")
    except SourceFormatError:
        return
    assert len(rows) <= 2
