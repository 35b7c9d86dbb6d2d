"""Importing the official sources: one service per source, each one transaction.

Every service:

1. records an :class:`~lofte.imports.models.ImportRun` (who, when, source, files) first, so
   that failed runs are visible too;
2. parses with the pure parsers in :mod:`lofte.imports.sources`;
3. upserts on the natural key inside one transaction (read the existing keys in one query,
   ``bulk_create`` new rows, ``bulk_update`` changed rows, leave equal rows alone), so a second
   run changes nothing;
4. writes one audit entry and the counts to the run, or, on any bad row, rolls everything back
   and raises :class:`ImportFailed` whose message names file, row and field (in Swedish).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from lofte.core import audit
from lofte.core.models import AuditAction
from lofte.core.pii import mask_pii
from lofte.geo.models import County, Municipality, PoliceArea
from lofte.imports.models import (
    AreaLevel,
    CrimeStatistic,
    DialogueResult,
    ImportRun,
    PoliceEvent,
    RunStatus,
    Source,
    SurveyResult,
    Unit,
)
from lofte.imports.sources.bra import parse_sol_dbfil
from lofte.imports.sources.bra_indicators import parse_bra_indicator_workbook
from lofte.imports.sources.common import SourceFormatError
from lofte.imports.sources.config import KOLADA_KPI_ALLOW_LIST
from lofte.imports.sources.dialogues import parse_dialogue_results
from lofte.imports.sources.geography import default_gazetteer, name_key
from lofte.imports.sources.kolada import KoladaValue, parse_kolada_values
from lofte.imports.sources.net import RateLimitWouldBlockError, SourceFetchError
from lofte.imports.sources.polisen import PoliceEventRecord, latest_by_id, parse_events
from lofte.imports.sources.surveys import normalise_police_area, parse_survey_results
from lofte.organisations.models import Collaboration

# (stage label, done, total); total 0 when unknown.
Progress = Callable[[str, int, int], None]
NamedFile = tuple[str, bytes]
"""An input file: its name (shown in messages) and its bytes."""

BATCH_SIZE = 2000
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class ImportSummary:
    """What an import did; ``as_dict()`` is the ``--json`` summary object."""

    source: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    summaries: int = 0
    without_kommun: int = 0
    run_id: int | None = None
    status: str = RunStatus.OK
    message: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["source"], data["status"] = str(self.source), str(self.status)
        data.pop("extra")
        if self.source != Source.POLISEN_EVENTS:
            data.pop("summaries")
            data.pop("without_kommun")
        data.update(self.extra)
        return data


class ImportFailed(Exception):
    """The import stored nothing. ``str()`` is the Swedish message (file, row, field)."""

    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary
        super().__init__(summary.message)


def user_agent() -> str:
    """The User-Agent sent to the sources: app, version and where to reach the operator."""
    configured = getattr(settings, "LOFTE_SOURCES_USER_AGENT", "") or os.environ.get(
        "LOFTE_SOURCES_USER_AGENT", ""
    )
    return configured or f"Lofte/0.1 (+{settings.SITE_URL}; brottsforebyggande samverkan)"


# --------------------------------------------------------------------------- the run frame


def _run(
    source: str,
    actor: Any,
    *,
    file_names: Sequence[str],
    collaboration: Collaboration | None,
    work: Callable[[ImportSummary], None],
) -> ImportSummary:
    """Record a run, do ``work`` in one transaction, finish the run; see the module doc."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    fail_abandoned_runs()
    run = ImportRun.objects.create(
        source=source,
        actor=actor if is_user else None,
        collaboration=collaboration,
        file_names=[name[:300] for name in file_names][:50],
        host=socket.gethostname()[:255],
        pid=os.getpid(),
    )
    summary = ImportSummary(source=source, run_id=run.pk)
    try:
        with transaction.atomic():
            work(summary)
            _finish(run, summary)
            audit.record(
                actor, AuditAction.CREATE, run,
                collaboration_id=collaboration.pk if collaboration else None,
                after={k: v for k, v in summary.as_dict().items() if k != "message"},
                note=f"import {source}",
            )
    except (SourceFormatError, SourceFetchError, RateLimitWouldBlockError) as error:
        failed = ImportSummary(
            source=source, read=summary.read, errors=1, run_id=run.pk,
            status=RunStatus.FAILED, message=f"Inget lagrades. {error}",
        )
        _finish(run, failed)
        raise ImportFailed(failed) from error
    except Exception as error:
        # Anything else (a bug, a lost database connection, a concurrent import of the same
        # rows) still leaves an honest record before the error propagates.
        _finish(run, ImportSummary(
            source=source, read=summary.read, errors=1, run_id=run.pk,
            status=RunStatus.FAILED,
            message=f"Inget lagrades. Oväntat fel: {type(error).__name__}: {error}",
        ))
        raise
    return summary


ABANDONED_MESSAGE = "Avbruten – processen avslutades innan importen var klar. Inget lagrades."


def _process_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):
        return False  # it exists (owned by another user) or cannot be told: leave it
    return False


def fail_abandoned_runs(now: dt.datetime | None = None) -> int:
    """Mark runs whose process is gone as failed; returns how many were marked.

    A run is abandoned when it is still ``running`` and either (1) it was started on this
    machine by a process that no longer exists (killed, crashed, machine restarted), or (2) it
    started more than ``LOFTE_IMPORT_RUN_MAX_MINUTES`` ago (other machines, reused process
    ids). Each import is one transaction, so an abandoned run stored nothing; only its row is
    finished here. Cheap: one small query over the running rows. Called when an import
    starts, when the worker starts and when the import pages load.
    """
    now = now or timezone.now()
    limit = dt.timedelta(minutes=int(getattr(settings, "LOFTE_IMPORT_RUN_MAX_MINUTES", 360)))
    host = socket.gethostname()[:255]
    own = os.getpid()
    abandoned = [
        run_id for run_id, run_host, pid, started_at in ImportRun.objects.filter(
            status=RunStatus.RUNNING).values_list("id", "host", "pid", "started_at")
        if started_at < now - limit
        or (run_host == host and pid is not None and pid != own and _process_is_gone(pid))
    ]
    if not abandoned:
        return 0
    return ImportRun.objects.filter(pk__in=abandoned, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED, finished_at=now, message=ABANDONED_MESSAGE, errors=1)


def _finish(run: ImportRun, summary: ImportSummary) -> None:
    for name in ("read", "created", "updated", "unchanged", "skipped", "errors", "summaries",
                 "without_kommun"):
        setattr(run, name, getattr(summary, name))
    run.status = summary.status
    run.message = summary.message[:4000]
    run.finished_at = timezone.now()
    run.save(update_fields=["read", "created", "updated", "unchanged", "skipped", "errors",
                            "summaries", "without_kommun", "status", "message", "finished_at"])


def _upsert(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    *,
    key_fields: Sequence[str],
    compare_fields: Sequence[str],
    existing: models.QuerySet[Any],
    summary: ImportSummary,
    stamp_field: str,
) -> None:
    """Create new rows, update rows whose ``compare_fields`` differ, count the rest.

    Later rows win over earlier rows with the same key (counted as ``skipped``).
    """
    latest: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[name] for name in key_fields)
        if key in latest:
            summary.skipped += 1
        latest[key] = row
    current = {
        tuple(values[name] for name in key_fields): values
        for values in existing.values("pk", *key_fields, *compare_fields)
    }
    now = timezone.now()
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    for key, row in latest.items():
        found = current.get(key)
        if found is None:
            to_create.append(model(**row, **{stamp_field: now}))
        elif any(found[name] != row[name] for name in compare_fields):
            to_update.append(model(pk=found["pk"], **row, **{stamp_field: now}))
        else:
            summary.unchanged += 1
    manager = model._default_manager
    manager.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        manager.bulk_update(to_update, [*compare_fields, stamp_field], batch_size=500)
    summary.created += len(to_create)
    summary.updated += len(to_update)


def _municipality_ids() -> dict[str, int]:
    return dict(Municipality.objects.values_list("code", "id"))


# --------------------------------------------------------------------------- Polisen events


def _event_hash(record: PoliceEventRecord) -> str:
    text = "\x1f".join((
        record.published_at.isoformat(), record.title, record.event_type, record.summary,
        record.url, record.location_name, f"{record.latitude:.6f}", f"{record.longitude:.6f}",
        record.category, str(record.is_incident), record.municipality_code or "",
    ))
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


EVENT_FIELDS = [
    "published_at", "occurred_at", "title", "event_type", "category", "is_summary",
    "is_incident", "municipality_id", "county_id", "place_name", "location_name",
    "location_level", "latitude", "longitude", "summary", "url", "content_hash", "changed_at",
]


def upsert_police_events(
    records: Sequence[PoliceEventRecord], summary: ImportSummary, progress: Progress
) -> None:
    """Upsert parsed events by Polisen's id.

    The latest snapshot of each id in the input wins; a stored notice is only replaced by a
    snapshot published at the same time or later, so re-reading an old file never undoes an
    edit (such rows count as ``skipped``).
    """
    unique = latest_by_id(records)
    summary.read += len(records)
    summary.skipped += len(records) - len(unique)
    municipality_ids = _municipality_ids()
    county_ids = dict(County.objects.values_list("code", "id"))
    existing: dict[int, tuple[int, str, Any]] = {}
    ids = [record.event_id for record in unique]
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for pk, external_id, content_hash, published_at in PoliceEvent.objects.filter(
            external_id__in=chunk
        ).values_list("pk", "external_id", "content_hash", "published_at"):
            existing[external_id] = (pk, content_hash, published_at)
    now = timezone.now()
    to_create: list[list[Any]] = []
    to_update: list[list[Any]] = []
    for record in unique:
        summary.summaries += record.is_summary
        municipality_id = (
            municipality_ids.get(record.municipality_code) if record.municipality_code else None
        )
        summary.without_kommun += municipality_id is None
        content_hash = _event_hash(record)
        found = existing.get(record.event_id)
        if found is not None and found[1] == content_hash:
            summary.unchanged += 1
            continue
        if found is not None and record.published_at < found[2]:
            summary.skipped += 1  # an older snapshot than the one stored (an old file)
            continue
        values = [
            record.published_at, record.occurred_at, record.title[:300],
            record.event_type[:120], record.category, record.is_summary, record.is_incident,
            municipality_id, county_ids.get(record.lan_code) if record.lan_code else None,
            record.place_name[:120], record.location_name[:120], record.location_level,
            record.latitude, record.longitude, record.summary, record.url[:500], content_hash,
            now,
        ]
        if found is None:
            to_create.append([record.event_id, now, *values])
        else:
            to_update.append([*values, found[0]])
    _write_events(to_create, to_update, progress)
    summary.created += len(to_create)
    summary.updated += len(to_update)


def _write_events(
    to_create: list[list[Any]], to_update: list[list[Any]], progress: Progress
) -> None:
    """Insert and update event rows with ``executemany``: the 70 294-event archive (the brief
    says 85 000) must load in seconds, and model instances plus ``bulk_update``'s CASE
    expressions cost too much."""
    ops = connection.ops
    table = ops.quote_name(PoliceEvent._meta.db_table)
    columns: list[str] = []
    for name in EVENT_FIELDS:
        field = PoliceEvent._meta.get_field(name.removesuffix("_id"))
        assert isinstance(field, models.Field) and field.column
        columns.append(field.column)
    datetime_positions = [EVENT_FIELDS.index(name)
                          for name in ("published_at", "occurred_at", "changed_at")]

    if connection.vendor == "sqlite":
        # Django stores naive UTC text on SQLite; its generic adapter costs seconds here.
        def adapt_datetime(value: Any) -> Any:
            return str(value.astimezone(dt.UTC).replace(tzinfo=None))
    else:
        adapt_datetime = ops.adapt_datetimefield_value

    def adapt(row: list[Any], offset: int) -> list[Any]:
        for position in datetime_positions:
            row[offset + position] = adapt_datetime(row[offset + position])
        return row

    insert_columns = ["external_id", "first_seen_at", *columns]
    # Identifiers come from the model's own metadata, values are parameters.
    insert_sql = (
        f"INSERT INTO {table} ({', '.join(ops.quote_name(c) for c in insert_columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(insert_columns))})"
    )
    update_sql = (
        f"UPDATE {table} SET {', '.join(f'{ops.quote_name(c)} = %s' for c in columns)} "  # noqa: S608
        f"WHERE {ops.quote_name('id')} = %s"
    )
    total = len(to_create) + len(to_update)
    done = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and to_create:
            # COPY is PostgreSQL's bulk path: the whole archive in well under a second.
            raw: Any = cursor.cursor
            copy_sql = (f"COPY {table} ({', '.join(ops.quote_name(c) for c in insert_columns)}) "
                        "FROM STDIN")
            with raw.copy(copy_sql) as copy:
                for index, row in enumerate(to_create, start=1):
                    copy.write_row(row)
                    if index % BATCH_SIZE == 0:
                        progress("Sparar händelser", index, total)
            done = len(to_create)
            to_create = []
        for rows, sql, offset in ((to_create, insert_sql, 2), (to_update, update_sql, 0)):
            for start in range(0, len(rows), BATCH_SIZE):
                batch = rows[start : start + BATCH_SIZE]
                for row in batch:
                    if offset:
                        row[1] = adapt_datetime(row[1])
                    adapt(row, offset)
                cursor.executemany(sql, batch)
                done += len(batch)
                progress("Sparar händelser", done, total)


def _parse_event_files(files: Sequence[NamedFile], progress: Progress) -> list[PoliceEventRecord]:
    records: list[PoliceEventRecord] = []
    for name, data in files:
        for record in parse_events(data, name):
            records.append(record)
            if len(records) % 5000 == 0:
                progress("Läser och kontrollerar händelser", len(records), 0)
    progress("Läser och kontrollerar händelser", len(records), len(records))
    return records


def import_polisen_events(
    actor: Any,
    files: Sequence[NamedFile],
    *,
    collaboration: Collaboration | None = None,
    progress: Progress = _no_progress,
) -> ImportSummary:
    """Import saved API responses (JSON array or JSON lines, gzip or not).

    Raises :class:`ImportFailed` (nothing stored) for any malformed record.
    """

    def work(summary: ImportSummary) -> None:
        records = _parse_event_files(files, progress)
        upsert_police_events(records, summary, progress)

    return _run(Source.POLISEN_EVENTS, actor, file_names=[name for name, _ in files],
                collaboration=collaboration, work=work)


def fetch_polisen_events(
    actor: Any = None,
    *,
    client: Any = None,
    progress: Progress = _no_progress,
) -> ImportSummary:
    """Fetch the latest events from polisen.se through the polite client and import them.

    ``client`` defaults to a :class:`PolisenClient` sharing this process's rate limiter
    (≥ 10 s apart, ≤ 60/hour; it waits at most 60 s, else the run fails and the next
    scheduled run tries again).
    """
    from lofte.imports.sources.polisen_client import PolisenClient

    owns_client = client is None
    if client is None:
        client = PolisenClient(user_agent(), limiter=_polisen_limiter())
    url = str(client.events_request().url)

    def work(summary: ImportSummary) -> None:
        if owns_client:
            reserve_polisen_call()
        payload = client.fetch_events_payload()
        records = list(parse_events(payload.body, payload.url))
        upsert_police_events(records, summary, progress)

    try:
        return _run(Source.POLISEN_EVENTS, actor, file_names=[url], collaboration=None,
                    work=work)
    finally:
        if owns_client:
            client.close()


_LIMITERS: dict[str, Any] = {}
POLISEN_CALLS_KEY = "lofte:imports:polisen-calls"


def reserve_polisen_call(
    *, now: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep
) -> None:
    """Keep Polisen's rules across processes (worker, commands, web) via the shared cache.

    The in-process limiter of the client cannot see other processes, so the time of every
    live call is also kept in the cache: at most 60 in the last hour (else
    :class:`RateLimitWouldBlockError`) and at least 10 s after the previous one (waits).
    """
    from django.core.cache import cache

    moment = now()
    calls = [t for t in cache.get(POLISEN_CALLS_KEY, []) if moment - t < 3600]
    if len(calls) >= 60:
        raise RateLimitWouldBlockError(3600 - (moment - calls[0]))
    if calls and moment - calls[-1] < 10:
        sleep(10 - (moment - calls[-1]))
        moment = now()
    cache.set(POLISEN_CALLS_KEY, [*calls, moment], 3600)


def _polisen_limiter() -> Any:
    from lofte.imports.sources.polisen_client import polisen_rate_limiter

    if "polisen" not in _LIMITERS:
        _LIMITERS["polisen"] = polisen_rate_limiter(max_wait=60.0)
    return _LIMITERS["polisen"]


# --------------------------------------------------------------------------- Kolada

CRIME_COMPARE = ["area_name", "municipality_id", "label", "year", "month", "quarter", "value",
                 "per_100k", "is_preliminary"]
CRIME_KEY = ["source", "area_level", "area_code", "indicator", "period", "gender", "unit"]


def _kolada_area(
    code: str, municipality_ids: Mapping[str, int]
) -> tuple[str, str, str, int | None]:
    """(level, area_code, name, municipality id) of a Kolada municipality id."""
    gazetteer = default_gazetteer()
    if code == "0000":
        return AreaLevel.COUNTRY, "riket", "Riket", None
    if code.startswith("00"):
        county = gazetteer.county_by_code(code[2:])
        return AreaLevel.COUNTY, code[2:], county.api_name if county else code, None
    municipality = gazetteer.municipality_by_code(code)
    return (AreaLevel.MUNICIPALITY, code, municipality.name if municipality else code,
            municipality_ids.get(code))


def kolada_rows(values: Iterable[KoladaValue], summary: ImportSummary) -> list[dict[str, Any]]:
    """CrimeStatistic rows for Kolada values of allow-listed KPIs (others are skipped)."""
    municipality_ids = _municipality_ids()
    rows: list[dict[str, Any]] = []
    for value in values:
        summary.read += 1
        kpi = KOLADA_KPI_ALLOW_LIST.get(value.kpi)
        if kpi is None:
            summary.skipped += 1
            continue
        level, code, name, municipality_id = _kolada_area(value.municipality_code,
                                                          municipality_ids)
        if level == AreaLevel.MUNICIPALITY and municipality_id is None:
            raise SourceFormatError(value.source_name, value.row_number, "municipality",
                                    f"okänd kommunkod {value.municipality_code}")
        unit = {"per_100k": Unit.PER_100K, "count": Unit.COUNT, "percent": Unit.PERCENT}[kpi.unit]
        rows.append({
            "source": Source.KOLADA, "area_level": level, "area_code": code, "area_name": name,
            "municipality_id": municipality_id, "indicator": kpi.id, "label": kpi.title,
            "period": str(value.year), "year": value.year, "month": None, "quarter": None,
            "gender": value.gender, "unit": unit, "value": value.value,
            "per_100k": value.value if unit == Unit.PER_100K else None,
            "is_preliminary": False,
        })
    return rows


def _upsert_crime(rows: list[dict[str, Any]], source: str, summary: ImportSummary) -> None:
    _upsert(CrimeStatistic, rows, key_fields=CRIME_KEY, compare_fields=CRIME_COMPARE,
            existing=CrimeStatistic.objects.filter(source=source), summary=summary,
            stamp_field="updated_at")


def import_kolada(
    actor: Any,
    files: Sequence[NamedFile] = (),
    *,
    years: Sequence[int] = (),
    municipality_codes: Sequence[str] = (),
    kpis: Sequence[str] = (),
    client: Any = None,
    collaboration: Collaboration | None = None,
    progress: Progress = _no_progress,
) -> ImportSummary:
    """Import Kolada values from recorded responses (``files``) or live.

    Live: the allow-listed KPIs (or ``kpis``) for ``municipality_codes`` (default: every
    kommun plus Riket ``0000``) and ``years`` (default: this year and the six before),
    chunked and paged by :class:`~lofte.imports.sources.kolada.KoladaClient`.
    """
    file_names = [name for name, _ in files]
    live_kpis = list(kpis) or list(KOLADA_KPI_ALLOW_LIST)
    live_codes = list(municipality_codes) or [*sorted(_municipality_ids()), "0000"]
    this_year = timezone.localdate().year
    live_years = list(years) or list(range(this_year - 6, this_year + 1))
    if not files:
        file_names = [f"https://api.kolada.se/v3/data/kpi/{','.join(live_kpis)}"]

    def work(summary: ImportSummary) -> None:
        values: list[KoladaValue] = []
        if files:
            for index, (name, data) in enumerate(files, start=1):
                values.extend(parse_kolada_values(data, name))
                progress("Läser filer", index, len(files))
        else:
            from lofte.imports.sources.kolada import KoladaClient

            live = client or KoladaClient(user_agent())
            try:
                values = live.fetch_values(live_kpis, live_codes, live_years)
            except ValueError as error:
                raise SourceFormatError("kolada", None, None, str(error)) from error
            finally:
                if client is None:
                    live.close()
        _upsert_crime(kolada_rows(values, summary), Source.KOLADA, summary)

    return _run(Source.KOLADA, actor, file_names=file_names, collaboration=collaboration,
                work=work)


# --------------------------------------------------------------------------- Brå

def _region_code(level: str, name: str, municipality_code: str | None) -> str:
    if level == AreaLevel.MUNICIPALITY and municipality_code:
        return municipality_code
    if level == AreaLevel.COUNTRY:
        return "riket"
    if level == AreaLevel.COUNTY:
        county = default_gazetteer().county_by_name(name)
        if county is not None:
            return county.code
    return name_key(name)[:100]


def import_bra(
    actor: Any,
    files: Sequence[NamedFile],
    *,
    collaboration: Collaboration | None = None,
    progress: Progress = _no_progress,
) -> ImportSummary:
    """Import Brå SOL "Databasfil" exports (reported crimes; ``..`` stored as missing)."""

    def work(summary: ImportSummary) -> None:
        municipality_ids = _municipality_ids()
        rows: list[dict[str, Any]] = []
        for index, (name, data) in enumerate(files, start=1):
            export = parse_sol_dbfil(data, name)
            for record in export.records:
                summary.read += 1
                if record.period_kind == "year":
                    period = str(record.year)
                elif record.period_kind == "month":
                    period = f"{record.year}-{record.month:02d}"
                else:
                    period = f"{record.year}-K{record.quarter}"
                rows.append({
                    "source": Source.BRA, "area_level": record.region_level,
                    "area_code": _region_code(record.region_level, record.region_name,
                                              record.municipality_code),
                    "area_name": record.region_name[:200],
                    "municipality_id": municipality_ids.get(record.municipality_code or ""),
                    "indicator": record.crime_label[:300], "label": record.crime_label[:300],
                    "period": period, "year": record.year, "month": record.month,
                    "quarter": record.quarter, "gender": "T", "unit": Unit.COUNT,
                    "value": None if record.count is None else float(record.count),
                    "per_100k": record.per_100k, "is_preliminary": record.is_preliminary,
                })
            progress("Läser filer", index, len(files))
        _upsert_crime(rows, Source.BRA, summary)

    return _run(Source.BRA, actor, file_names=[name for name, _ in files],
                collaboration=collaboration, work=work)


SURVEY_KEY = ["source", "municipality_code", "police_area_name", "sub_area", "period",
              "indicator", "measure", "gender", "age_group"]
SURVEY_COMPARE = ["area_level", "municipality_id", "first_year", "last_year", "value",
                  "respondents", "response_rate", "source_url", "comment", "is_demo"]


def import_bra_indicators(
    actor: Any,
    files: Sequence[NamedFile],
    *,
    collaboration: Collaboration | None = None,
    progress: Progress = _no_progress,
) -> ImportSummary:
    """Import Brå's per-kommun workbooks: crime sheets as statistics, NTU sheets as surveys."""
    units = {"antal": Unit.COUNT, "per_100k": Unit.PER_100K, "andel_procent": Unit.PERCENT}

    def work(summary: ImportSummary) -> None:
        municipality_ids = _municipality_ids()
        crime_rows: list[dict[str, Any]] = []
        survey_rows: list[dict[str, Any]] = []
        for index, (name, data) in enumerate(files, start=1):
            workbook = parse_bra_indicator_workbook(data, name)
            for value in workbook.values:
                summary.read += 1
                municipality_id = municipality_ids.get(value.municipality_code or "")
                if value.is_survey:
                    survey_rows.append({
                        "source": "ntu", "area_level": value.region_level,
                        "municipality_code": value.municipality_code or "",
                        "municipality_id": municipality_id,
                        "police_area_name": "" if value.municipality_code
                        else value.region_name[:100],
                        "sub_area": "", "period": value.period, "first_year": value.first_year,
                        "last_year": value.last_year, "indicator": value.indicator[:200],
                        "measure": "andel_procent", "value": value.value, "gender": "alla",
                        "age_group": "alla", "respondents": None, "response_rate": None,
                        "source_url": "", "comment": f"Brå, {name}"[:500], "is_demo": False,
                    })
                    continue
                unit = units[value.measure]
                crime_rows.append({
                    "source": Source.BRA_INDICATORS, "area_level": value.region_level,
                    "area_code": _region_code(value.region_level, value.region_name,
                                              value.municipality_code),
                    "area_name": value.region_name[:200], "municipality_id": municipality_id,
                    "indicator": value.indicator[:300], "label": (value.title or
                                                                  value.indicator)[:300],
                    "period": value.period, "year": value.last_year, "month": None,
                    "quarter": None, "gender": "T", "unit": unit, "value": value.value,
                    "per_100k": value.value if unit == Unit.PER_100K else None,
                    "is_preliminary": False,
                })
            progress("Läser filer", index, len(files))
        _upsert_crime(crime_rows, Source.BRA_INDICATORS, summary)
        _upsert(SurveyResult, survey_rows, key_fields=SURVEY_KEY, compare_fields=SURVEY_COMPARE,
                existing=SurveyResult.objects.filter(source="ntu"), summary=summary,
                stamp_field="updated_at")

    return _run(Source.BRA_INDICATORS, actor, file_names=[name for name, _ in files],
                collaboration=collaboration, work=work)


# --------------------------------------------------------------------------- surveys


def _scope_of(collaboration: Collaboration) -> tuple[set[str], set[str]]:
    """Kommun codes and LPO name keys a collaboration may upload survey rows for."""
    codes = {collaboration.municipality.code}
    codes |= set(collaboration.police_area.municipalities.values_list("code", flat=True))
    return codes, {name_key(collaboration.police_area.name)}


def import_surveys(
    actor: Any,
    files: Sequence[NamedFile],
    *,
    collaboration: Collaboration | None = None,
    is_demo: bool = False,
    progress: Progress = _no_progress,
) -> ImportSummary:
    """Import filled-in survey templates (trygghetsmätning, NTU).

    From a collaboration's page, every row must concern its kommun, a kommun of its
    lokalpolisområde, or the lokalpolisområde itself.
    """

    def work(summary: ImportSummary) -> None:
        municipality_ids = _municipality_ids()
        known_areas = list(PoliceArea.objects.values_list("name", flat=True))
        allowed = _scope_of(collaboration) if collaboration else None
        rows: list[dict[str, Any]] = []
        for index, (name, data) in enumerate(files, start=1):
            for result in parse_survey_results(data, name, known_police_areas=known_areas):
                summary.read += 1
                if allowed is not None:
                    codes, areas = allowed
                    in_scope = (result.municipality_code in codes if result.municipality_code
                                else name_key(result.police_area or "") in areas)
                    if not in_scope:
                        raise SourceFormatError(
                            name, result.row_number,
                            "kommunkod" if result.municipality_code else "lokalpolisomrade",
                            "raden gäller ett område utanför samverkans kommun och "
                            "lokalpolisområde",
                        )
                rows.append({
                    "source": result.source, "area_level": result.area_level,
                    "municipality_code": result.municipality_code or "",
                    "municipality_id": municipality_ids.get(result.municipality_code or ""),
                    "police_area_name": normalise_police_area(result.police_area or "")[:100],
                    "sub_area": (result.sub_area or "")[:200], "period": result.period,
                    "first_year": result.first_year, "last_year": result.last_year,
                    "indicator": result.indicator, "measure": result.measure,
                    "value": result.value, "gender": result.gender,
                    "age_group": result.age_group, "respondents": result.respondents,
                    "response_rate": result.response_rate,
                    "source_url": (result.source_url or "")[:500],
                    "comment": (result.comment or "")[:500], "is_demo": is_demo,
                })
            progress("Läser filer", index, len(files))
        _upsert(SurveyResult, rows, key_fields=SURVEY_KEY, compare_fields=SURVEY_COMPARE,
                existing=SurveyResult.objects.all(), summary=summary, stamp_field="updated_at")

    return _run(Source.SURVEYS, actor, file_names=[name for name, _ in files],
                collaboration=collaboration, work=work)


# --------------------------------------------------------------------------- dialogues

DIALOGUE_KEY = ["collaboration_id", "held_on", "kind", "area", "topic"]
DIALOGUE_COMPARE = ["votes", "free_text"]


def import_dialogues(
    actor: Any,
    collaboration: Collaboration,
    files: Sequence[NamedFile],
    *,
    progress: Progress = _no_progress,
) -> ImportSummary:
    """Import dialogue templates into ``collaboration``; free text is masked before storing.

    Every row must name the collaboration's kommun.
    """
    code = collaboration.municipality.code
    is_user = actor is not None and getattr(actor, "is_authenticated", False)

    def work(summary: ImportSummary) -> None:
        rows: list[dict[str, Any]] = []
        for index, (name, data) in enumerate(files, start=1):
            for result in parse_dialogue_results(data, name, mask=mask_pii):
                summary.read += 1
                if result.municipality_code != code:
                    raise SourceFormatError(
                        name, result.row_number, "kommunkod",
                        f"raden gäller kommun {result.municipality_code}, men samverkan gäller "
                        f"{code}",
                    )
                rows.append({
                    "collaboration_id": collaboration.pk, "held_on": result.held_on,
                    "kind": result.kind, "area": (result.area or "")[:200],
                    "topic": result.topic, "votes": result.votes,
                    "free_text": result.free_text,
                    "created_by_id": actor.pk if is_user else None,
                })
            progress("Läser filer", index, len(files))
        _upsert(DialogueResult, rows, key_fields=DIALOGUE_KEY, compare_fields=DIALOGUE_COMPARE,
                existing=DialogueResult.objects.filter(collaboration=collaboration),
                summary=summary, stamp_field="updated_at")

    return _run(Source.DIALOGUES, actor, file_names=[name for name, _ in files],
                collaboration=collaboration, work=work)


@transaction.atomic
def record_dialogue_result(
    actor: Any,
    collaboration: Collaboration,
    *,
    held_on: date,
    kind: str,
    topic: str,
    area: str = "",
    votes: int | None = None,
    free_text: str = "",
) -> DialogueResult:
    """Enter (or correct) one dialogue topic by hand; the free text is masked first."""
    topic = " ".join(topic.split())[:300]
    area = " ".join(area.split())[:200]
    existing = DialogueResult.objects.filter(
        collaboration=collaboration, held_on=held_on, kind=kind, area=area, topic=topic
    ).first()
    masked = mask_pii(free_text.strip()) if free_text.strip() else ""
    before = audit.snapshot(existing, ["votes", "free_text"]) if existing else None
    if existing is None:
        existing = DialogueResult.objects.create(
            collaboration=collaboration, held_on=held_on, kind=kind, area=area, topic=topic,
            votes=votes, free_text=masked, updated_at=timezone.now(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        action = AuditAction.CREATE
    else:
        existing.votes, existing.free_text = votes, masked
        existing.updated_at = timezone.now()
        existing.save(update_fields=["votes", "free_text", "updated_at"])
        action = AuditAction.UPDATE
    audit.record(actor, action, existing, before=before,
                 after=audit.snapshot(existing, ["held_on", "kind", "area", "topic", "votes"]))
    return existing


@transaction.atomic
def delete_dialogue_result(actor: Any, result: DialogueResult) -> None:
    """Remove one dialogue topic (entered by mistake)."""
    before = audit.snapshot(result, ["held_on", "kind", "area", "topic", "votes"])
    audit.record(actor, AuditAction.DELETE, result, before=before)
    result.delete()


# --------------------------------------------------------------------------- schedules

SCHEDULES: list[tuple[str, str, str, int]] = [
    # name, task function, django-q schedule type, minutes
    ("Löfte: Polisens händelser", "lofte.imports.tasks.fetch_polisen_events", "I", 15),
    ("Löfte: Kolada", "lofte.imports.tasks.fetch_kolada", "W", 0),
]


@transaction.atomic
def ensure_schedules(actor: Any = None) -> list[str]:
    """Create or update the django-q2 schedules that keep the live sources current.

    Polisen every 15 minutes (the API holds only the latest 500 events), Kolada weekly.
    Returns the schedule names. Run the worker with ``lofte worker``.
    """
    from django_q.models import Schedule

    names = []
    for name, func, kind, minutes in SCHEDULES:
        defaults: dict[str, Any] = {"func": func, "schedule_type": kind, "repeats": -1}
        if kind == Schedule.MINUTES:
            defaults["minutes"] = minutes
        Schedule.objects.update_or_create(name=name, defaults=defaults)
        names.append(name)
    audit.record(actor, AuditAction.UPDATE, None, object_type="django_q.schedule",
                 object_repr="Schemalagda importer",
                 after={"schedules": [[n, f, k, m] for n, f, k, m in SCHEDULES]})
    return names


# --------------------------------------------------------------------------- incident history


def import_incident_history(
    actor: Any,
    collaboration: Collaboration,
    files: Sequence[NamedFile],
    *,
    progress: Progress = _no_progress,
) -> ImportSummary:
    """Bulk-import historical incident rows (``lat,lon,occurred_at,category``) of one
    collaboration; built for files of a million rows (see :mod:`lofte.imports.bulk`)."""
    from lofte.imports import bulk

    def work(summary: ImportSummary) -> None:
        for index, (name, data) in enumerate(files, start=1):
            rows = bulk.read_rows(data, name)
            summary.read += len(rows)
            progress("Läser filer", index, len(files))
            assert summary.run_id is not None
            created = bulk.write_rows(rows, collaboration.pk, summary.run_id)
            summary.created += created
            summary.unchanged += len(rows) - created

    return _run(Source.INCIDENT_HISTORY, actor, file_names=[name for name, _ in files],
                collaboration=collaboration, work=work)
