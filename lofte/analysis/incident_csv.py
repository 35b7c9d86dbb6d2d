"""Reading incident CSV files for the analyst command line, with messages that name the row.

Format: a header row, then one incident per row. Columns (case-insensitive, any order, other
columns ignored): ``lat`` and ``lon`` (WGS84 degrees, required), ``occurred_at`` (ISO 8601
date-time; without a UTC offset it is read as Swedish local time) and ``category`` (free text).
Comma- and semicolon-separated files both work; with semicolons a decimal comma is accepted,
as Swedish Excel writes it. Rows are numbered as lines of the file: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

STOCKHOLM: Final = ZoneInfo("Europe/Stockholm")

SWEDEN_LAT: Final = (55.0, 69.1)
SWEDEN_LON: Final = (10.9, 24.2)
"""Bounding box of Sweden in WGS84 degrees; points outside it are rejected as bad input."""

_SYNONYMS: Final = {
    "lat": ("lat", "latitude", "latitud"),
    "lon": ("lon", "lng", "long", "longitude", "longitud"),
    "occurred_at": ("occurred_at", "tidpunkt", "time", "datetime"),
    "category": ("category", "kategori", "brottstyp"),
}


class InputError(ValueError):
    """Bad input; the message is Swedish and meant for the analyst as it is."""


@dataclass(frozen=True)
class Incidents:
    """Incidents read from a file, one entry per data row, in file order."""

    lat: FloatArray
    lon: FloatArray
    occurred_at: NDArray[np.datetime64] | None
    """UTC instants (``datetime64[s]``), or None when the file has no ``occurred_at`` column."""
    category: tuple[str, ...] | None
    line: NDArray[np.int64]
    """Line number of each incident in the file (the header is line 1)."""

    def __len__(self) -> int:
        return int(self.lat.size)


def _format_number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def parse_number(text: str, column: str, line: int, *, decimal_comma: bool) -> float:
    """A finite float from a cell, or InputError naming the row and column."""
    raw = text.strip()
    if not raw:
        raise InputError(f"Rad {line}: kolumnen '{column}' är tom")
    candidate = raw.replace(",", ".") if decimal_comma else raw
    try:
        value = float(candidate)
    except ValueError:
        raise InputError(f"Rad {line}: kolumnen '{column}' är inte ett tal: '{raw}'") from None
    if not math.isfinite(value):
        raise InputError(f"Rad {line}: kolumnen '{column}' är inte ett ändligt tal: '{raw}'")
    return value


def parse_instant(text: str, line: int, column: str = "occurred_at") -> datetime:
    """A timezone-aware UTC datetime from ISO 8601 text; naive times are Swedish local time."""
    raw = text.strip()
    if not raw:
        raise InputError(f"Rad {line}: kolumnen '{column}' är tom")
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"Rad {line}: kolumnen '{column}' är inte en tidpunkt (ÅÅÅÅ-MM-DD TT:MM): '{raw}'"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=STOCKHOLM)
    return moment.astimezone(UTC)


def _header_positions(header: list[str]) -> dict[str, int]:
    normalised = [name.strip().lstrip("\ufeff").casefold() for name in header]
    positions: dict[str, int] = {}
    for canonical, names in _SYNONYMS.items():
        for name in names:
            if name in normalised:
                positions[canonical] = normalised.index(name)
                break
    return positions


def read_incidents(
    source: str | Path | Iterable[str],
    *,
    require_time: bool = False,
    require_category: bool = False,
    check_sweden: bool = True,
) -> Incidents:
    """Read and validate an incident CSV.

    Args:
        source: a path, or an iterable of text lines (e.g. an open file).
        require_time: the ``occurred_at`` column must exist.
        require_category: the ``category`` column must exist.
        check_sweden: reject points outside Sweden's bounding box.

    Raises:
        InputError: empty file, missing column, a row with too few fields, a value that is not a
            number or time, or a point outside Sweden; the message names the row.
        OSError: the file cannot be read.
    """
    if isinstance(source, str | Path):
        text = Path(source).read_text(encoding="utf-8-sig")
        lines: Iterable[str] = io.StringIO(text)
        name = str(source)
    else:
        lines = source
        name = "indata"
    lines = iter(lines)
    first = next(lines, None)
    while first is not None and not first.strip():
        first = next(lines, None)
    if first is None:
        raise InputError(f"Filen är tom: {name}")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    decimal_comma = delimiter == ";"
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    header = next(reader)
    positions = _header_positions(header)
    needed = ["lat", "lon"]
    if require_time:
        needed.append("occurred_at")
    if require_category:
        needed.append("category")
    for column in needed:
        if column not in positions:
            found = ", ".join(h.strip() for h in header) or "inga"
            raise InputError(f"Kolumnen '{column}' saknas i rubrikraden (rad 1); hittade: {found}")
    lat_at, lon_at = positions["lat"], positions["lon"]
    time_at = positions.get("occurred_at")
    category_at = positions.get("category")
    width = max(positions.values()) + 1
    lats: list[float] = []
    lons: list[float] = []
    times: list[datetime] = []
    categories: list[str] = []
    line_numbers: list[int] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < width:
            raise InputError(f"Rad {line}: väntade minst {width} fält men fick {len(row)}")
        lat = parse_number(row[lat_at], "lat", line, decimal_comma=decimal_comma)
        lon = parse_number(row[lon_at], "lon", line, decimal_comma=decimal_comma)
        if check_sweden and not (
            SWEDEN_LAT[0] <= lat <= SWEDEN_LAT[1] and SWEDEN_LON[0] <= lon <= SWEDEN_LON[1]
        ):
            raise InputError(
                f"Rad {line}: punkten (lat {_format_number(lat)}, lon {_format_number(lon)}) "
                f"ligger utanför Sverige (lat {_format_number(SWEDEN_LAT[0])}–"
                f"{_format_number(SWEDEN_LAT[1])}, lon {_format_number(SWEDEN_LON[0])}–"
                f"{_format_number(SWEDEN_LON[1])}); är lat och lon förväxlade?"
            )
        lats.append(lat)
        lons.append(lon)
        if time_at is not None:
            times.append(parse_instant(row[time_at], line))
        if category_at is not None:
            categories.append(row[category_at].strip())
        line_numbers.append(line)
    if not lats:
        raise InputError(f"Filen innehåller inga händelser, bara en rubrikrad: {name}")
    occurred = None
    if time_at is not None:
        occurred = np.array([t.replace(tzinfo=None) for t in times], dtype="datetime64[s]")
    return Incidents(
        lat=np.array(lats),
        lon=np.array(lons),
        occurred_at=occurred,
        category=tuple(categories) if category_at is not None else None,
        line=np.array(line_numbers, dtype=np.int64),
    )


def _chain(first: str, rest: Iterable[str]) -> Iterable[str]:
    yield first
    yield from rest
