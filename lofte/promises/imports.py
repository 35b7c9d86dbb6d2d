"""Reading activity records from CSV or XLSX files (the web form and the API use the same).

Columns (header names, any case): ``aktivitet`` (the activity's number in the promise, as shown
in Löfte, e.g. 3 or A3), ``datum`` (YYYY-MM-DD), and optionally ``antal``, ``plats``,
``deltagare``, ``timmar``, ``anteckning``. Every other column is an outcome figure (a number,
e.g. "kontrollerade fordon"). Errors name the row (as in the spreadsheet, header = row 1) and
the column. The file is read by :mod:`lofte.tabular` (format by content, limits, encodings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from lofte.promises.models import Activity, Promise
from lofte.tabular import Limits, TabularError
from lofte.tabular import read_table as read_tabular_upload

KNOWN = {"aktivitet", "datum", "antal", "plats", "deltagare", "timmar", "anteckning"}
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024  # as the upload form
MAX_CELL_CHARS = 4_000


class FileUnreadable(ValueError):
    """The file is no readable table; the message is Swedish and names row and column."""


class NumberedRow(dict[str, Any]):
    """A row's cells by column name, with ``number``: its row in the file (header = 1)."""

    def __init__(self, number: int, values: Mapping[str, Any]) -> None:
        super().__init__(values)
        self.number = number


def read_table(content: bytes, filename: str) -> list[dict[str, Any]]:
    """Rows of a CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252) or XLSX file.

    The rows are :class:`NumberedRow` dicts keyed by the trimmed, lower-case column names.
    Raises :class:`FileUnreadable` with a Swedish message.
    """
    limits = Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_cell_chars=MAX_CELL_CHARS)
    try:
        table = read_tabular_upload(content, filename, limits=limits, normalise=_key,
                                    comment_prefix=None, check_extension=True)
    except TabularError as error:
        if error.code == "too_many_rows":
            raise FileUnreadable(f"Filen har fler än {MAX_ROWS} rader.") from error
        if error.row is not None and error.column is not None:
            raise FileUnreadable(
                f"Rad {error.row}, kolumn ”{error.column}”: {error.message}.") from error
        where = f" (rad {error.row})" if error.row is not None else ""
        raise FileUnreadable(f"Filen kunde inte läsas{where}: {error.message}") from error
    return [NumberedRow(row.number, row.values) for row in table.rows]


def _key(name: str) -> str:
    return name.strip().lower()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(_text(value))


def _number(value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    return float(_text(value).replace(" ", "").replace(",", "."))


def rows_to_records(promise: Promise, rows: Sequence[Mapping[str, Any]]
                    ) -> tuple[list[tuple[int, Activity, dict[str, Any]]], list[str]]:
    """Turn rows into (row number, activity, record values); collect every error."""
    activities = list(promise.activities.all())
    errors: list[str] = []
    parsed: list[tuple[int, Activity, dict[str, Any]]] = []
    for position, row in enumerate(rows, start=2):
        index = getattr(row, "number", position)  # NumberedRow knows its row in the file
        row_errors: list[str] = []

        def fail(column: str, message: str, line: int = index, sink: list[str] = row_errors
                 ) -> None:
            sink.append(f"Rad {line}, kolumn ”{column}”: {message}")

        reference = _text(row.get("aktivitet")).upper().removeprefix("A")
        activity = None
        if not reference:
            fail("aktivitet", "saknas.")
        elif not reference.isdigit() or not 1 <= int(reference) <= len(activities):
            fail("aktivitet", f"ska vara ett aktivitetsnummer mellan 1 och {len(activities)}.")
        else:
            activity = activities[int(reference) - 1]
        performed_on = None
        try:
            performed_on = _date(row.get("datum"))
        except (TypeError, ValueError):
            fail("datum", "ska vara ett datum som 2026-03-14.")
        values: dict[str, Any] = {"quantity": 1, "figures": {}}
        if _text(row.get("antal")):
            try:
                quantity = _number(row.get("antal"))
                if not quantity.is_integer() or quantity < 1:
                    raise ValueError
                values["quantity"] = int(quantity)
            except ValueError:
                fail("antal", "ska vara ett heltal, minst 1.")
        if _text(row.get("timmar")):
            try:
                values["hours"] = round(_number(row.get("timmar")), 1)
            except ValueError:
                fail("timmar", "ska vara ett tal.")
        for column, value in row.items():
            if column in KNOWN or not column or _text(value) == "":
                continue
            try:
                values["figures"][column] = _number(value)
            except ValueError:
                fail(column, "ska vara ett tal (utfall).")
        values["place_name"] = _text(row.get("plats"))[:200]
        values["participants"] = _text(row.get("deltagare"))[:500]
        values["note"] = _text(row.get("anteckning"))
        if row_errors:
            errors.extend(row_errors)
            continue
        assert activity is not None and performed_on is not None
        values["performed_on"] = performed_on
        parsed.append((index, activity, values))
    return parsed, errors
