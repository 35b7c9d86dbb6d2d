"""Fast path for very large files of historical incident rows (``lat,lon,occurred_at,category``).

Used by :func:`lofte.imports.services.import_incident_history`. Steps:

1. Validate every row in Python (one pass over the decoded text with :mod:`csv`): position
   inside Sweden's bounding box, a valid time (ISO 8601; without an offset it is read as
   Europe/Stockholm), a known category code. The first bad row raises
   :class:`~lofte.imports.sources.common.SourceFormatError` naming file, row and column, before
   anything is written.
2. PostgreSQL: stream the validated rows with ``COPY … FROM STDIN`` (psycopg 3) into a
   temporary staging table, then ``INSERT … SELECT … ON CONFLICT DO NOTHING`` into the table,
   so the natural key makes a second import a no-op. Other databases: ``executemany`` of
   ``INSERT … ON CONFLICT DO NOTHING``.

Returns the number of rows inserted; the caller counts the rest as unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.db import connection

from lofte.imports.models import HistoricalIncident
from lofte.imports.sources.categories import CATEGORIES, UNKNOWN_CATEGORY
from lofte.imports.sources.common import SourceFormatError, decode_text, read_maybe_gzip

STOCKHOLM: Final = ZoneInfo("Europe/Stockholm")
LAT_RANGE: Final = (55.0, 69.2)
LON_RANGE: Final = (10.5, 24.3)
COLUMNS: Final = ("lat", "lon", "occurred_at", "category")
MAX_BYTES: Final = 512 * 1024 * 1024
Row = tuple[str, float, float, str]


def _describe(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:39] + "…")


def read_rows(data: bytes, source_name: str) -> list[Row]:
    """Validated rows ``(occurred_at as written, lat, lon, category)``; see the module doc."""
    text, _ = decode_text(read_maybe_gzip(data, source_name, max_bytes=MAX_BYTES), source_name)
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise SourceFormatError(source_name, 1, missing[0],
                                f"kolumnen saknas; rubrikraden ska innehålla {', '.join(COLUMNS)}")
    i_lat, i_lon, i_time, i_cat = (header.index(name) for name in COLUMNS)
    categories = set(CATEGORIES) - {UNKNOWN_CATEGORY}
    rows: list[Row] = []
    append = rows.append
    fromisoformat = datetime.fromisoformat
    lat_low, lat_high = LAT_RANGE
    lon_low, lon_high = LON_RANGE
    line = 1
    try:
        for line, cells in enumerate(reader, start=2):
            if not cells:
                continue
            try:
                lat = float(cells[i_lat])
            except (ValueError, IndexError):
                raise SourceFormatError(source_name, line, "lat",
                                        "ska vara ett decimaltal") from None
            try:
                lon = float(cells[i_lon])
            except (ValueError, IndexError):
                raise SourceFormatError(source_name, line, "lon",
                                        "ska vara ett decimaltal") from None
            if not (lat_low <= lat <= lat_high and lon_low <= lon <= lon_high):
                raise SourceFormatError(source_name, line, "lat",
                                        f"positionen {lat},{lon} ligger inte i Sverige")
            try:
                fromisoformat(cells[i_time])  # validates; the text itself is stored
            except (ValueError, IndexError):
                raise SourceFormatError(
                    source_name, line, "occurred_at",
                    f"ska vara ÅÅÅÅ-MM-DDTTT:MM[:SS][+HH:MM], fick {_describe(cells[i_time])}",
                ) from None
            category = cells[i_cat].strip() if len(cells) > i_cat else ""
            if category not in categories:
                raise SourceFormatError(source_name, line, "category",
                                        f"okänd kategori {_describe(category)}")
            # The text is kept: times without an offset are read as Europe/Stockholm by the
            # database session (PostgreSQL) or by _utc_text (other databases).
            append((cells[i_time].strip(), lat, lon, category))
    except csv.Error as error:
        raise SourceFormatError(source_name, line, None, f"felaktig CSV ({error})") from error
    return rows


def _utc_text(text: str) -> str:
    """Django's SQLite storage form (naive UTC) of an ISO time, local Swedish when naive."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=STOCKHOLM)
    return str(moment.astimezone(UTC).replace(tzinfo=None))


def _copy_lines(rows: list[Row], collaboration_id: int, run_id: int) -> Iterator[bytes]:
    prefix = f"{collaboration_id}\t"
    suffix = f"\t{run_id}\n"
    chunk: list[str] = []
    for occurred_at, lat, lon, category in rows:
        chunk.append(f"{prefix}{occurred_at}\t{lat!r}\t{lon!r}\t{category}{suffix}")
        if len(chunk) == 20_000:
            yield "".join(chunk).encode()
            chunk = []
    if chunk:
        yield "".join(chunk).encode()


def write_rows(rows: list[Row], collaboration_id: int, run_id: int) -> int:
    """Insert the rows that are not stored yet; return how many were inserted."""
    table = connection.ops.quote_name(HistoricalIncident._meta.db_table)
    columns = "collaboration_id, occurred_at, latitude, longitude, category, import_run_id"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw: Any = cursor.cursor  # the psycopg 3 cursor, for COPY
            # Times without an offset are local Swedish time; the session reads them so.
            raw.execute("SET LOCAL TIME ZONE 'Europe/Stockholm'")
            raw.execute(
                "CREATE TEMPORARY TABLE lofte_incident_staging (collaboration_id bigint, "
                "occurred_at timestamptz, latitude double precision, "
                "longitude double precision, category varchar(32), import_run_id bigint) "
                "ON COMMIT DROP"
            )
            with raw.copy(f"COPY lofte_incident_staging ({columns}) FROM STDIN") as copy:
                for block in _copy_lines(rows, collaboration_id, run_id):
                    copy.write(block)
            # Inserting in key order fills the unique index sequentially (several times
            # faster than random order for a million rows).
            raw.execute("SET LOCAL work_mem = '256MB'")
            raw.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} "  # noqa: S608
                "FROM lofte_incident_staging ORDER BY collaboration_id, occurred_at, latitude, "
                "longitude, category ON CONFLICT DO NOTHING"
            )
            inserted: int = raw.rowcount
            raw.execute("DROP TABLE lofte_incident_staging")
            raw.execute("SET LOCAL TIME ZONE 'UTC'")
            return inserted
    before = HistoricalIncident.objects.filter(collaboration_id=collaboration_id).count()
    sql = (f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s) "  # noqa: S608
           "ON CONFLICT DO NOTHING")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20_000):
            cursor.executemany(sql, [
                (collaboration_id, _utc_text(occurred_at), lat, lon, category, run_id)
                for occurred_at, lat, lon, category in rows[start : start + 20_000]
            ])
    return HistoricalIncident.objects.filter(collaboration_id=collaboration_id).count() - before
