"""Polisen events (``https://polisen.se/api/events``): parser and polite live client.

Parsing entry point: :func:`parse_events`. It accepts the API's JSON array or the archive's
JSON lines, gzip-compressed or not (detected by magic bytes), and yields one
:class:`PoliceEventRecord` per event. See ``docs/sources.md`` §Polisen for the field rules
and the pitfalls handled (1-digit hours, titles without a year, commas in types, county-level
locations since 2026, float noise in gps, trailing spaces in types).

The live client is :class:`lofte.imports.sources.polisen_client.PolisenClient`.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Final, Literal
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from lofte.imports.sources.categories import (
    EventTypeMapping,
    default_event_type_mapping,
)
from lofte.imports.sources.common import (
    DEFAULT_MAX_BYTES,
    SourceFormatError,
    describe,
    read_maybe_gzip,
)
from lofte.imports.sources.geography import Gazetteer, default_gazetteer

__all__ = [
    "POLISEN_BASE_URL",
    "STOCKHOLM",
    "EventTitle",
    "LocationLevel",
    "PoliceEventRecord",
    "latest_by_id",
    "parse_event",
    "parse_events",
    "parse_published_at",
    "parse_title",
    "resolve_occurred_at",
]

POLISEN_BASE_URL: Final = "https://polisen.se"
STOCKHOLM: Final = ZoneInfo("Europe/Stockholm")

SWEDISH_MONTHS: Final = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTH_NUMBER: Final = {name: number for number, name in enumerate(SWEDISH_MONTHS, start=1)}

LocationLevel = Literal["lan", "kommun", "unknown"]

_PUBLISHED_RE: Final = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*(?:([+-])(\d{2}):?(\d{2})|(Z))\s*$"
)
_TITLE_RE: Final = re.compile(
    r"^\s*(\d{1,2}) ([A-Za-zÅÄÖåäö]+) (\d{1,2})[.:](\d{2}), (.+)$", re.DOTALL
)
_PLAIN_PATH_RE: Final = re.compile(r"^/(?![/\\])[^\s\\?#]*$")
_URL_DATE_RE: Final = re.compile(r"^/aktuellt/handelser/(\d{4})/([a-zåäö]+)/(\d{1,2})(?:/|$)")

MAX_TITLE_DATE_DISTANCE: Final = timedelta(days=190)
"""How far the title date may lie from the url date. The archive's largest gap is 83 days
(an event whose title was re-dated months later); a gap near a year means a wrong year."""


@dataclass(frozen=True, slots=True)
class EventTitle:
    """The parts of a title ``"<dag> <månad> HH.MM, <typ>, <plats>"``.

    ``event_type`` is the title's middle part (may contain commas); ``place_name`` is the
    text after the *last* ``", "`` (may be empty: one archived title ends in ``", "``).
    Times are local (Europe/Stockholm), the year is absent.
    """

    day: int
    month: int
    hour: int
    minute: int
    event_type: str
    place_name: str


@dataclass(frozen=True, slots=True)
class PoliceEventRecord:
    """One Polisen event notice, normalised.

    Attributes:
        source_name: file name or URL the record came from.
        row_number: 1-based array index (JSON array) or line number (JSON lines).
        event_id: Polisen's stable ``id``; upsert on it (events are edited in place).
        published_at: ``datetime`` field, aware, UTC. Publication/update time.
        occurred_at: incident time from the title, aware, UTC (see :func:`resolve_occurred_at`).
        title: the ``name`` field as given.
        event_type: ``type`` with surrounding whitespace stripped.
        place_name: title text after the last ``", "`` (a kommun or län name, usually).
        location_name: ``location.name`` (a län or a kommun name).
        location_level: ``"lan"``, ``"kommun"`` or ``"unknown"`` (name not recognised).
        lan_code: two-digit SCB län code of the location, ``None`` when unknown.
        latitude, longitude: ``location.gps`` as WGS84 floats: the centre of the kommun or
            län, **not** the incident site.
        summary: the lede (Polisen cuts it at 110 characters without an ellipsis).
        url: absolute ``https://polisen.se/...`` url.
        is_summary: true for ``Sammanfattning …`` types (many incidents in one notice).
        municipality_code: SCB kommunkod: the location when it is a kommun; when it is a
            län, the title's place if that is exactly a kommun name lying in that län;
            else ``None``.
        category: platform category code from ``polisen_event_types.csv`` (``unknown`` for
            types not in the table).
        is_incident: whether the notice counts as an incident (false for summaries,
            information notices and police-initiated controls).
    """

    source_name: str
    row_number: int
    event_id: int
    published_at: datetime
    occurred_at: datetime
    title: str
    event_type: str
    place_name: str
    location_name: str
    location_level: LocationLevel
    lan_code: str | None
    latitude: float
    longitude: float
    summary: str
    url: str
    is_summary: bool
    municipality_code: str | None
    category: str
    is_incident: bool

    @property
    def external_id(self) -> str:
        """The id as the string stored in ``(source, external_id)`` upsert keys."""
        return str(self.event_id)


# --------------------------------------------------------------------------- field parsers


def parse_published_at(text: str, source_name: str = "", row: int | None = None) -> datetime:
    """Parse Polisen's ``datetime`` (``"2026-01-04 6:30:04 +01:00"``) to an aware UTC datetime.

    The hour may have one digit (31,600 of 83,895 archived values do); seconds are optional;
    ``T`` instead of the space and ``Z`` are tolerated. Raises :class:`SourceFormatError`.
    """
    match = _PUBLISHED_RE.match(text) if isinstance(text, str) else None
    if match is None:
        raise SourceFormatError(source_name, row, "datetime", f"ogiltig tidpunkt {describe(text)}")
    year, month, day, hour, minute = (int(match.group(index)) for index in range(1, 6))
    second = int(match.group(6) or 0)
    if match.group(10):
        offset = timedelta(0)
    else:
        offset_hours, offset_minutes = int(match.group(8)), int(match.group(9))
        if offset_hours > 14 or offset_minutes > 59:
            raise SourceFormatError(
                source_name, row, "datetime", f"ogiltig tidszon i {describe(text)}"
            )
        offset = timedelta(hours=offset_hours, minutes=offset_minutes)
        if match.group(7) == "-":
            offset = -offset
    try:
        local = datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except ValueError as error:
        raise SourceFormatError(
            source_name, row, "datetime", f"ogiltig tidpunkt {describe(text)}"
        ) from error
    return local.astimezone(UTC)


def parse_title(text: str, source_name: str = "", row: int | None = None) -> EventTitle:
    """Split a title ``"26 december 22.21, Trafikolycka, singel, Ljungby"`` into its parts.

    Accepts 1- or 2-digit days, ``HH.MM`` and ``HH:MM``, and types containing commas (the
    place is the text after the *last* ``", "``). Month names are Swedish, any case.
    Validates day 1–31, hour 0–23, minute 0–59. Raises :class:`SourceFormatError`.
    """
    match = _TITLE_RE.match(text) if isinstance(text, str) else None
    if match is None:
        raise SourceFormatError(
            source_name,
            row,
            "name",
            f"rubriken {describe(text)} har inte formen '<dag> <månad> HH.MM, <typ>, <plats>'",
        )
    day, hour, minute = int(match.group(1)), int(match.group(3)), int(match.group(4))
    month = _MONTH_NUMBER.get(match.group(2).lower())
    rest = match.group(5)
    if month is None:
        raise SourceFormatError(
            source_name, row, "name", f"okänt månadsnamn {describe(match.group(2))} i rubriken"
        )
    if not 1 <= day <= 31 or hour > 23 or minute > 59:
        raise SourceFormatError(
            source_name, row, "name", f"ogiltigt datum eller klockslag i rubriken {describe(text)}"
        )
    event_type, separator, place = rest.rpartition(", ")
    # The place may be empty: the archive has "20 maj 13.09, Trafikkontroll, ".
    if not separator or not event_type.strip():
        raise SourceFormatError(
            source_name, row, "name", f"rubriken {describe(text)} saknar typ eller plats"
        )
    return EventTitle(
        day=day,
        month=month,
        hour=hour,
        minute=minute,
        event_type=event_type.strip(),
        place_name=place.strip(),
    )


def url_date(path: str) -> date | None:
    """The date in ``/aktuellt/handelser/{YYYY}/{månad}/{D}/…``, or ``None``.

    A day past the month's end (never seen, but cheap to survive) is clamped to the last day.
    """
    match = _URL_DATE_RE.match(path)
    if match is None:
        return None
    month = _MONTH_NUMBER.get(match.group(2))
    if month is None:
        return None
    year, day = int(match.group(1)), int(match.group(3))
    if not 1900 <= year <= 9998 or day < 1:
        return None
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def resolve_occurred_at(
    title: EventTitle, reference: date, source_name: str = "", row: int | None = None
) -> datetime:
    """Incident time from the title: aware UTC datetime.

    1. The title has no year. Candidates are the title's day and month in the reference
       year and the years either side; the one nearest ``reference`` wins. ``reference`` is
       the date in the url path (the day the notice was created), so
       ``"31 december 23.50"`` under ``/2026/januari/1/`` becomes 2025-12-31. The url date
       is *not* always the incident date (194 of 70,294 archived titles differ from it, 11
       by more than a day, up to 83 days when a title was re-dated), which is why only the
       year is inferred from it.
    2. The wall time is Europe/Stockholm. In the autumn DST overlap the first occurrence
       (summer time) is chosen; a time in the spring gap is read with the winter offset.
    3. The result is converted to UTC.

    Raises :class:`SourceFormatError` if no candidate is a valid date within
    :data:`MAX_TITLE_DATE_DISTANCE` of ``reference`` (e.g. ``"30 februari"``).
    """
    best: date | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidate = date(year, title.month, title.day)
        except ValueError:
            continue
        if best is None or abs(candidate - reference) < abs(best - reference):
            best = candidate
    if best is None or abs(best - reference) > MAX_TITLE_DATE_DISTANCE:
        raise SourceFormatError(
            source_name,
            row,
            "name",
            f"rubrikens datum {title.day} {SWEDISH_MONTHS[title.month - 1]} passar inte "
            f"med datumet {reference.isoformat()} i url:en",
        )
    local = datetime.combine(best, time(title.hour, title.minute), tzinfo=STOCKHOLM)
    return local.astimezone(UTC)


def _absolute_url(path: str, source_name: str, row: int) -> tuple[str, str]:
    """``(absolute url, path)``; refuses anything that does not point at polisen.se."""
    path = path.strip()
    if _PLAIN_PATH_RE.match(path):
        return POLISEN_BASE_URL + path, path  # fast path: the API's relative paths
    absolute = urljoin(POLISEN_BASE_URL + "/", path)
    parts = urlsplit(absolute)
    if parts.scheme != "https" or parts.hostname not in {"polisen.se", "www.polisen.se"}:
        raise SourceFormatError(
            source_name, row, "url", f"url:en {describe(path)} pekar inte på polisen.se"
        )
    return absolute, parts.path


def _parse_gps(text: object, source_name: str, row: int) -> tuple[float, float]:
    if not isinstance(text, str):
        raise SourceFormatError(source_name, row, "location.gps", "koordinater saknas")
    parts = text.split(",")
    if len(parts) != 2:
        raise SourceFormatError(
            source_name, row, "location.gps", f"ska vara 'lat,lon', fick {describe(text)}"
        )
    try:
        latitude, longitude = float(parts[0]), float(parts[1])
    except ValueError as error:
        raise SourceFormatError(
            source_name, row, "location.gps", f"ogiltiga koordinater {describe(text)}"
        ) from error
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise SourceFormatError(
            source_name, row, "location.gps", f"koordinaterna {describe(text)} är utanför jorden"
        )
    return latitude, longitude


def _require_str(record: Mapping[str, object], key: str, source_name: str, row: int) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise SourceFormatError(
            source_name, row, key, "fältet saknas" if value is None else "ska vara text"
        )
    return value


# --------------------------------------------------------------------------- records


def parse_event(
    record: object,
    *,
    source_name: str,
    row_number: int,
    gazetteer: Gazetteer | None = None,
    mapping: EventTypeMapping | None = None,
) -> PoliceEventRecord:
    """Validate and normalise one decoded API object. See :class:`PoliceEventRecord`.

    Raises :class:`SourceFormatError` naming ``source_name``, ``row_number`` and the field.
    """
    gazetteer = gazetteer or default_gazetteer()
    mapping = mapping or default_event_type_mapping()
    if not isinstance(record, Mapping):
        raise SourceFormatError(source_name, row_number, None, "händelsen är inte ett JSON-objekt")
    event_id = record.get("id")
    if isinstance(event_id, bool) or not isinstance(event_id, int) or event_id <= 0:
        raise SourceFormatError(
            source_name,
            row_number,
            "id",
            f"ska vara ett positivt heltal, fick {describe(event_id)}",
        )
    published_at = parse_published_at(
        _require_str(record, "datetime", source_name, row_number), source_name, row_number
    )
    title_text = _require_str(record, "name", source_name, row_number)
    title = parse_title(title_text, source_name, row_number)
    raw_type = _require_str(record, "type", source_name, row_number)
    event_type = " ".join(raw_type.split())
    if not event_type:
        raise SourceFormatError(source_name, row_number, "type", "typen är tom")
    summary = record.get("summary")
    if summary is None:
        summary = ""
    if not isinstance(summary, str):
        raise SourceFormatError(source_name, row_number, "summary", "ska vara text")
    url_path = _require_str(record, "url", source_name, row_number)
    url, path = _absolute_url(url_path, source_name, row_number)
    reference = url_date(path) or published_at.astimezone(STOCKHOLM).date()
    occurred_at = resolve_occurred_at(title, reference, source_name, row_number)

    location = record.get("location")
    if not isinstance(location, Mapping):
        raise SourceFormatError(source_name, row_number, "location", "platsobjektet saknas")
    location_name = location.get("name")
    if not isinstance(location_name, str) or not location_name.strip():
        raise SourceFormatError(source_name, row_number, "location.name", "platsnamn saknas")
    location_name = location_name.strip()
    latitude, longitude = _parse_gps(location.get("gps"), source_name, row_number)

    location_level: LocationLevel = "unknown"
    lan_code: str | None = None
    municipality_code: str | None = None
    county = gazetteer.county_by_name(location_name)
    if county is not None:
        location_level, lan_code = "lan", county.code
        place = gazetteer.municipality_by_name(title.place_name)
        if place is not None and place.lan_code == county.code:
            municipality_code = place.code
    else:
        municipality = gazetteer.municipality_by_name(location_name)
        if municipality is not None:
            location_level, lan_code = "kommun", municipality.lan_code
            municipality_code = municipality.code

    is_summary = event_type.casefold().startswith("sammanfattning")
    category = mapping.lookup(event_type)
    return PoliceEventRecord(
        source_name=source_name,
        row_number=row_number,
        event_id=event_id,
        published_at=published_at,
        occurred_at=occurred_at,
        title=title_text,
        event_type=event_type,
        place_name=title.place_name,
        location_name=location_name,
        location_level=location_level,
        lan_code=lan_code,
        latitude=latitude,
        longitude=longitude,
        summary=summary,
        url=url,
        is_summary=is_summary,
        municipality_code=municipality_code,
        category=category.category,
        is_incident=category.is_incident and not is_summary,
    )


def _decoded_objects(text: str, source_name: str) -> Iterator[tuple[int, object]]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            payload = json.loads(stripped)
        except (ValueError, RecursionError) as error:
            raise SourceFormatError(
                source_name, None, None, f"ogiltig JSON ({type(error).__name__}: {error})"
            ) from error
        if not isinstance(payload, list):
            raise SourceFormatError(source_name, None, None, "JSON-filen är ingen lista")
        yield from enumerate(payload, start=1)
        return
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield line_number, json.loads(line)
        except (ValueError, RecursionError) as error:
            raise SourceFormatError(
                source_name, line_number, None, f"ogiltig JSON-rad ({type(error).__name__})"
            ) from error


def parse_events(
    raw: bytes | str,
    source_name: str,
    *,
    gazetteer: Gazetteer | None = None,
    mapping: EventTypeMapping | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    errors: list[SourceFormatError] | None = None,
) -> Iterator[PoliceEventRecord]:
    """Parse a Polisen events payload lazily, one record per event.

    ``raw`` is the API's JSON array or JSON lines (one object per line, the archive
    format), as text or bytes, optionally gzip-compressed (detected by magic bytes, with a
    ``max_bytes`` ceiling on the decompressed size). ``source_name`` is used in records and
    error messages. Nothing is deduplicated: an archive may hold the same ``id`` several
    times; see :func:`latest_by_id`.

    Raises :class:`SourceFormatError` (while iterating) for invalid JSON or a malformed
    record, naming the file, row and field. The iterator is lazy: consume it completely
    before writing anything if a bad record must abort the whole import.

    ``errors``: when a list is passed, a malformed *record* is appended to it and skipped
    instead (useful for the live poller, where one odd event should not block the other
    499); file-level problems (bad gzip, bad JSON) still raise.
    """
    if isinstance(raw, bytes):
        data = read_maybe_gzip(raw, source_name, max_bytes=max_bytes)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SourceFormatError(
                source_name, None, None, "filen är inte giltig UTF-8"
            ) from error
    else:
        text = raw.removeprefix("\ufeff")
    gazetteer = gazetteer or default_gazetteer()
    mapping = mapping or default_event_type_mapping()
    for row_number, obj in _decoded_objects(text, source_name):
        try:
            record = parse_event(
                obj,
                source_name=source_name,
                row_number=row_number,
                gazetteer=gazetteer,
                mapping=mapping,
            )
        except SourceFormatError as error:
            if errors is None:
                raise
            errors.append(error)
            continue
        yield record


def latest_by_id(records: Iterable[PoliceEventRecord]) -> list[PoliceEventRecord]:
    """Keep one record per ``event_id``: the latest ``published_at``, later rows winning ties.

    The result is sorted by ``(published_at, event_id)``, since the API order is not sorted.
    """
    latest: dict[int, PoliceEventRecord] = {}
    for record in records:
        current = latest.get(record.event_id)
        if current is None or record.published_at >= current.published_at:
            latest[record.event_id] = record
    return sorted(latest.values(), key=lambda record: (record.published_at, record.event_id))
