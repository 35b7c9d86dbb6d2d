"""The CSV/XLSX reader and row parser: every bad cell is named, good rows always parse."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from lofte.promises.imports import read_table, rows_to_records


class FakePromise:
    """Just enough of a promise for the parser: three numbered activities."""

    def __init__(self) -> None:
        self.activities = SimpleNamespace(
            all=lambda: [SimpleNamespace(pk=i, description=f"A{i}") for i in (1, 2, 3)])


cells = st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 50),
                  st.floats(allow_nan=False, allow_infinity=False),
                  st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)))


@given(st.lists(st.dictionaries(st.sampled_from(
    ["aktivitet", "datum", "antal", "plats", "timmar", "kontrollerade fordon"]), cells),
    max_size=8))
def test_any_rows_parse_or_name_row_and_column(rows: list[dict[str, Any]]) -> None:
    parsed, errors = rows_to_records(FakePromise(), rows)  # type: ignore[arg-type]
    assert len(parsed) + len({e.split(",")[0] for e in errors}) == len(rows)
    for error in errors:
        assert error.startswith("Rad ") and ", kolumn ”" in error


@given(st.lists(st.tuples(st.integers(1, 3),
                          st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)),
                          st.integers(1, 9), st.integers(0, 500)), min_size=1, max_size=10),
       st.sampled_from([",", ";", "\t"]))
def test_valid_csv_always_parses(rows: list[tuple[int, dt.date, int, int]], sep: str) -> None:
    lines = [sep.join(["aktivitet", "datum", "antal", "kontrollerade fordon"])]
    lines += [sep.join([f"A{a}", d.isoformat(), str(n), str(f)]) for a, d, n, f in rows]
    table = read_table("\n".join(lines).encode("utf-8"), "lista.csv")
    parsed, errors = rows_to_records(FakePromise(), table)  # type: ignore[arg-type]
    assert errors == []
    assert [(activity.pk, values["performed_on"], values["quantity"],
             values["figures"]["kontrollerade fordon"]) for _, activity, values in parsed] == [
        (a, d, n, float(f)) for a, d, n, f in rows]


def test_windows_1252_and_semicolons() -> None:
    content = "aktivitet;datum;plats\n1;2026-03-01;Östra torget\n".encode("cp1252")
    table = read_table(content, "lista.csv")
    parsed, errors = rows_to_records(FakePromise(), table)  # type: ignore[arg-type]
    assert errors == []
    assert parsed[0][2]["place_name"] == "Östra torget"
