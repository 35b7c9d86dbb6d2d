"""Reading activity records from CSV or XLSX files (the web form and the API use the same).

Columns (header names, any case): ``aktivitet`` (the activity's number in the promise, as shown
in Löfte, e.g. 3 or A3), ``datum`` (YYYY-MM-DD), and optionally ``antal``, ``plats``,
``deltagare``, ``timmar``, ``anteckning``. Every other column is an outcome figure (a number,
e.g. "kontrollerade fordon"). Errors name the row (as in the spreadsheet, header = row 1) and
the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from itertools import islice
from typing import Any

from lofte.promises.models import Activity, Promise

KNOWN = {"aktivitet", "datum", "antal", "plats", "deltagare", "timmar", "anteckning"}
MAX_ROWS = 5000


class FileUnreadable(ValueError):
    pass


def read_table(content: bytes, filename: str) -> list[dict[str, Any]]:
    """Rows of a CSV (comma or semicolon, UTF-8 or Windows-1252) or XLSX file.

    Raises :class:`FileUnreadable` with a Swedish message.
    """
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise FileUnreadable("Filen kunde inte läsas som text.")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames:
        raise FileUnreadable("Filen saknar rubrikrad.")
    rows = [{_key(k): v for k, v in row.items() if k is not None}
            for row in islice(reader, MAX_ROWS + 1)]
    return _limit(rows)


def _read_xlsx(content: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise FileUnreadable("Filen kunde inte läsas som Excel (xlsx).") from error
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    header = next(iterator, None)
    if not header:
        raise FileUnreadable("Filen saknar rubrikrad.")
    keys = [_key(str(h or "")) for h in header]
    # Read at most one row past the limit: a huge sheet is refused without loading all of it.
    rows = [dict(zip(keys, values, strict=False)) for values in islice(iterator, MAX_ROWS + 1)
            if any(v not in (None, "") for v in values)]
    return _limit(rows)


def _limit(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(rows) > MAX_ROWS:
        raise FileUnreadable(f"Filen har fler än {MAX_ROWS} rader.")
    return rows


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
    for index, row in enumerate(rows, start=2):
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
