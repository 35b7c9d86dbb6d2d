"""Reading a CSV or XLSX file of reports into rows for :func:`services.import_incidents`.

Columns (header names, case-insensitive, Swedish or English): ``kategori``/``category`` (code
or name), ``från``/``from`` (``ÅÅÅÅ-MM-DD TT:MM``, local time), ``till``/``to`` (optional),
``lat``, ``lon`` (decimal point or comma), ``plats``/``place`` (a named place, instead of
lat/lon), ``beskrivning``/``description``, ``allvar``/``severity`` (1–3, default 2).

The file is read by :mod:`lofte.tabular` (format by content, limits, encodings); its problems
become row errors with the row and column as in the spreadsheet, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lofte.incidents.services import IncidentData
from lofte.organisations.models import Collaboration, Organisation
from lofte.tabular import Limits, Table, TabularError, read_limited, read_table

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024  # as the upload form
MAX_CELL_CHARS = 4_000  # the longest description kept
ALIASES = {
    "kategori": "category", "category": "category",
    "från": "from", "fran": "from", "from": "from", "tid": "from", "datum": "from",
    "till": "to", "to": "to",
    "lat": "lat", "latitud": "lat", "lon": "lon", "longitud": "lon",
    "plats": "place", "place": "place",
    "beskrivning": "description", "description": "description",
    "allvar": "severity", "severity": "severity",
}
REQUIRED = {"category", "from"}
TIME_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]

Row = tuple[int, IncidentData | None, list[str]]


def _read_table(upload: Any) -> Table:
    """The first sheet, with the column names as written (trimmed, lower case)."""
    limits = Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_cell_chars=MAX_CELL_CHARS)
    name = str(upload.name)
    return read_table(read_limited(upload, name, limits), name, limits=limits,
                      normalise=lambda header: header.strip().lower(), comment_prefix=None,
                      check_extension=True)


def _unreadable(error: TabularError) -> list[Row]:
    if error.code == "too_many_rows":
        message = f"Högst {MAX_ROWS} rader per fil."
    else:
        message = error.message[:1].upper() + error.message[1:]
        if error.column:
            message = f"{error.column}: {message}"
    return [(error.row or 1, None, [message])]


def _time(value: Any, column: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(12))
    else:
        text = str(value).strip()
        for fmt in TIME_FORMATS:
            try:
                moment = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"{column}: ”{text}” är ingen tid (ÅÅÅÅ-MM-DD TT:MM)")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


def _number(value: Any, column: str) -> float:
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", ".").replace("\u2212", "-"))
    except ValueError:
        raise ValueError(f"{column}: ”{value}” är inget tal") from None


def parse_upload(upload: Any, collaboration: Collaboration,
                 organisation: Organisation | None = None) -> list[Row]:
    """Parse every row; rows with problems carry Swedish messages and no data."""
    try:
        table = _read_table(upload)
    except TabularError as error:
        return _unreadable(error)
    columns: dict[str, str] = {}  # our key → the column name in the file
    for name in table.header:
        key = ALIASES.get(name, "")
        if key and key in columns:
            return [(1, None, [f"Kolumnerna ”{columns[key]}” och ”{name}” betyder samma sak; "
                               "ta bort den ena."])]
        if key:
            columns[key] = name
    missing = REQUIRED - set(columns)
    if missing or not ({"lat", "lon"} <= set(columns) or "place" in columns):
        return [(1, None, ["Rubrikraden saknar kolumner: kategori, från och lat/lon eller "
                           "plats krävs."])]
    categories: dict[str, Any] = {}
    for listed in collaboration.incident_categories.filter(is_active=True):
        categories[listed.code.lower()] = listed
        categories[listed.name.lower()] = listed
    places = {p.name.lower(): p for p in collaboration.places.all()}
    rows: list[Row] = []
    for row in table.rows:
        line = row.number
        cells = {key: row.values.get(name) for key, name in columns.items()}
        errors: list[str] = []

        def text(key: str, cells: dict[str, Any] = cells) -> str:
            value = cells.get(key)
            return "" if value is None else str(value).strip()

        category = categories.get(text("category").lower())
        if category is None:
            errors.append(f"kategori: ”{text('category')}” finns inte i samverkans lista")
        occurred_from = occurred_to = None
        try:
            occurred_from = _time(cells.get("from"), "från") if text("from") else None
            if occurred_from is None:
                errors.append("från: tid saknas")
            occurred_to = _time(cells.get("to"), "till") if text("to") else None
        except ValueError as error:
            errors.append(str(error))
        lat = lon = None
        place = None
        if text("place"):
            place = places.get(text("place").lower())
            if place is None:
                errors.append(f"plats: ”{text('place')}” är ingen namngiven plats")
        if text("lat") or text("lon"):
            try:
                lat, lon = _number(cells.get("lat"), "lat"), _number(cells.get("lon"), "lon")
            except ValueError as error:
                errors.append(str(error))
        elif place is None and not text("place"):
            errors.append("position saknas: ange lat och lon eller en plats")
        severity = 2
        if text("severity"):
            try:
                severity = int(_number(cells.get("severity"), "allvar"))
            except ValueError as error:
                errors.append(str(error))
        if errors or category is None or occurred_from is None:
            rows.append((line, None, errors))
            continue
        rows.append((line, IncidentData(
            category=category, occurred_from=occurred_from, occurred_to=occurred_to, lat=lat,
            lon=lon, place=place, description=text("description")[:4000], severity=severity,
            organisation=organisation,
        ), []))
    return rows
