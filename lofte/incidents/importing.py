"""Reading a CSV or XLSX file of reports into rows for :func:`services.import_incidents`.

Columns (header names, case-insensitive, Swedish or English): ``kategori``/``category`` (code
or name), ``från``/``from`` (``ÅÅÅÅ-MM-DD TT:MM``, local time), ``till``/``to`` (optional),
``lat``, ``lon`` (decimal point or comma), ``plats``/``place`` (a named place, instead of
lat/lon), ``beskrivning``/``description``, ``allvar``/``severity`` (1–3, default 2).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from itertools import islice
from typing import Any

from django.utils import timezone

from lofte.incidents.services import IncidentData
from lofte.organisations.models import Collaboration, Organisation

MAX_ROWS = 20_000
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


def _read_table(upload: Any) -> list[list[Any]]:
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(upload, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Stop reading past the limit instead of loading a huge sheet and cutting it afterwards.
        rows = islice(sheet.iter_rows(values_only=True), MAX_ROWS + 2)
        return [list(row) for row in rows]
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") \
        else ","
    return list(islice(csv.reader(io.StringIO(text), delimiter=delimiter), MAX_ROWS + 2))


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
    except Exception:
        return [(1, None, ["Filen kunde inte läsas. Spara den som CSV (UTF-8) eller XLSX."])]
    table = [row for row in table if any(str(cell or "").strip() for cell in row)]
    if not table:
        return []
    header = [ALIASES.get(str(h or "").strip().lower(), "") for h in table[0]]
    missing = REQUIRED - set(header)
    if missing or not ({"lat", "lon"} <= set(header) or "place" in header):
        return [(1, None, ["Rubrikraden saknar kolumner: kategori, från och lat/lon eller "
                           "plats krävs."])]
    if len(table) - 1 > MAX_ROWS:
        return [(1, None, [f"Högst {MAX_ROWS} rader per fil."])]
    categories: dict[str, Any] = {}
    for listed in collaboration.incident_categories.filter(is_active=True):
        categories[listed.code.lower()] = listed
        categories[listed.name.lower()] = listed
    places = {p.name.lower(): p for p in collaboration.places.all()}
    rows: list[Row] = []
    for line, raw in enumerate(table[1:], start=2):
        cells = {name: raw[i] if i < len(raw) else None for i, name in enumerate(header) if name}
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
