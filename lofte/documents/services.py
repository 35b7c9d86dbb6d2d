"""Every write of the documents app.

- :func:`read_document` parses an uploaded file or pasted text into a
  :class:`~lofte.documents.models.PendingExtraction` for review (nothing is stored when the
  parser refuses the input);
- :func:`save_as_draft` turns a reviewed extraction into a draft promise of the collaboration
  through :mod:`lofte.promises.services`, so the promise workflow starts from a normal draft;
- :func:`import_documents` reads many published promises into the national register, all or
  nothing and idempotently (keyed on the source name, changes detected by content hash).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from lofte.core.audit import record
from lofte.core.models import AuditAction
from lofte.documents.models import (
    PENDING_LIFETIME,
    PendingExtraction,
    RegisteredActivity,
    RegisteredPromise,
)
from lofte.documents.parsing import ParsedPromise, ParseError, parse_text
from lofte.documents.parsing.html import html_to_text
from lofte.documents.parsing.inputs import check_size, decode_text, sniff_kind
from lofte.documents.parsing.pdf import pdf_to_text
from lofte.geo.models import Municipality
from lofte.organisations.models import Collaboration
from lofte.promises import services as promise_services
from lofte.promises.models import (
    Actor,
    FollowUpCadence,
    Promise,
    PromiseKind,
    Signatory,
    TargetKind,
)

MAX_PASTED_CHARS = 200_000

def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_text(data: bytes, filename: str | None = None,
                  content_type: str | None = None) -> str:
    """The plain text of an uploaded file, with the parser's own limits and checks.

    Raises :class:`ParseError` (Swedish message) for empty, oversized, binary, wrongly
    encoded, encrypted or malformed files.
    """
    kind = sniff_kind(data, filename, content_type)
    check_size(data, kind)
    if kind == "pdf":
        return pdf_to_text(data)
    if kind == "html":
        return html_to_text(decode_text(data))
    return decode_text(data)


# --- Upload and review ------------------------------------------------------------------------

def read_document(actor: Any, collaboration: Collaboration, *, data: bytes | None = None,
                  text: str | None = None, filename: str = "",
                  content_type: str = "") -> PendingExtraction:
    """Parse a file (``data``) or pasted ``text`` and keep the result for review by ``actor``.

    Parsing runs before the transaction (a PDF may take seconds; SQLite must not hold its
    write lock meanwhile); the writes then run in one transaction. Expired extractions of the
    same user are removed. Raises ValidationError with the parser's Swedish message; nothing
    is stored then.
    """
    try:
        if data is not None:
            source_text = document_text(data, filename or None, content_type or None)
            raw = data
            source_name = PurePath(filename).name[:255] or "uppladdad fil"
        else:
            source_text = text or ""
            if len(source_text) > MAX_PASTED_CHARS:
                raise ParseError(
                    f"Texten är för lång; högst {MAX_PASTED_CHARS} tecken kan klistras in.",
                    "too_long")
            raw = source_text.encode("utf-8")
            source_name = "inklistrad text"
        parsed = parse_text(source_text, source=source_name)
    except ParseError as error:
        raise ValidationError(error.message, code=error.code) from error
    with transaction.atomic():
        now = timezone.now()
        PendingExtraction.objects.filter(owner=actor, expires_at__lt=now).delete()
        pending = PendingExtraction.objects.create(
            owner=actor, collaboration=collaboration, source_name=source_name,
            source_hash=content_hash(raw), source_text=source_text,
            extraction=parsed.to_json(), expires_at=now + PENDING_LIFETIME,
        )
        record(actor, AuditAction.CREATE, pending,
               note="läste in ett löftesdokument för granskning",
               after={"source_name": source_name, "activities": len(parsed.activities)})
    return pending


@dataclass(frozen=True)
class ReviewedActivity:
    description: str
    actor: str
    partner_name: str = ""
    count: int | None = None
    count_max: int | None = None
    per: str = ""
    unit: str = ""


@dataclass(frozen=True)
class ReviewedSignatory:
    name: str
    role: str
    party: str
    organisation: str = ""


@dataclass(frozen=True)
class ReviewedPromise:
    """What the coordinator confirmed on the review screen."""

    title: str
    start_year: int
    end_year: int
    municipality_names: Sequence[str] = ()
    police_area: str = ""
    summary: str = ""
    follow_up_cadence: str = FollowUpCadence.TERTIAL
    focus_areas: Sequence[str] = ()
    activities: Sequence[ReviewedActivity] = ()
    signatories: Sequence[ReviewedSignatory] = field(default_factory=tuple)


def _activity_fields(item: ReviewedActivity) -> dict[str, Any]:
    count = item.count if item.count is not None else item.count_max
    if count is None:
        kind = TargetKind.QUALITATIVE
    elif item.per:
        kind = TargetKind.PER_PERIOD
    else:
        kind = TargetKind.AT_LEAST_IN_PERIOD
    indicators = ""
    if item.count is not None and item.count_max is not None and item.count_max != item.count:
        indicators = f"Mål enligt dokumentet: {item.count}–{item.count_max} {item.unit}".strip()
    return {
        "description": item.description, "actor": item.actor,
        "partner_name": item.partner_name if item.actor == Actor.PARTNER else "",
        "target_kind": kind, "target_count": count,
        "target_period": item.per if kind == TargetKind.PER_PERIOD else "",
        "unit": item.unit[:100], "indicators": indicators,
    }


@transaction.atomic
def save_as_draft(actor: Any, pending: PendingExtraction, reviewed: ReviewedPromise) -> Promise:
    """Create a draft promise of the pending extraction's collaboration and drop the extraction.

    Focus areas and activities are written through :mod:`lofte.promises.services`; the
    signatories named in the document are kept on the draft (signing itself happens later in
    the promise workflow, which replaces them). Raises ValidationError (per field, from the
    promise services) and then stores nothing.
    """
    # Lock the extraction so a double submit cannot create two drafts from it.
    if not PendingExtraction.objects.select_for_update().filter(pk=pending.pk).exists():
        raise ValidationError(gettext("Dokumentet är redan sparat som utkast eller borttaget."))
    parties = " och ".join(reviewed.municipality_names)
    background = f"Inläst från {pending.source_name} {timezone.localdate():%Y-%m-%d}."
    if parties or reviewed.police_area:
        background += " Parter: " + ", ".join(
            p for p in (parties, f"lokalpolisområde {reviewed.police_area}"
                        if reviewed.police_area else "") if p) + "."
    promise = promise_services.create_promise(
        actor, pending.collaboration, kind=PromiseKind.CITIZEN_PROMISE, title=reviewed.title,
        summary=reviewed.summary, background=background,
        period_start=dt.date(reviewed.start_year, 1, 1),
        period_end=dt.date(reviewed.end_year, 12, 31),
        follow_up_cadence=reviewed.follow_up_cadence,
    )
    for text in reviewed.focus_areas:
        promise_services.save_focus_area(actor, promise, title=text[:300])
    for item in reviewed.activities:
        promise_services.save_activity(actor, promise, **_activity_fields(item))
    Signatory.objects.bulk_create([
        Signatory(promise=promise, name=s.name[:200], role=s.role[:200], party=s.party,
                  organisation_name=s.organisation[:200], position=index)
        for index, s in enumerate(reviewed.signatories)
    ])
    record(actor, AuditAction.CREATE, promise, note="sparade ett inläst löfte som utkast",
           after={"source_name": pending.source_name, "source_hash": pending.source_hash,
                  "focus_areas": len(reviewed.focus_areas),
                  "activities": len(reviewed.activities),
                  "signatories": len(reviewed.signatories)})
    pending.delete()
    return promise


@transaction.atomic
def delete_expired_extractions(actor: Any = None) -> int:
    """Delete every pending extraction past its lifetime (they hold uploaded text)."""
    deleted, _ = PendingExtraction.objects.filter(expires_at__lt=timezone.now()).delete()
    if deleted:
        record(actor, AuditAction.DELETE, object_type="documents.pendingextraction",
               object_repr="utgångna inlästa dokument", note="tog bort utgångna inläsningar",
               after={"deleted": deleted})
    return deleted


@transaction.atomic
def discard_extraction(actor: Any, pending: PendingExtraction) -> None:
    record(actor, AuditAction.DELETE, pending, note="kastade ett inläst löftesdokument")
    pending.delete()


# --- National register ------------------------------------------------------------------------

@dataclass(frozen=True)
class RegisterEntry:
    """One document read for the register (not stored yet)."""

    source_name: str
    source_hash: str
    source_text: str
    parsed: ParsedPromise
    municipality_codes: tuple[str, ...]


@dataclass
class ImportSummary:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"read": self.read, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged,
                "errors": [{"source": name, "message": message} for name, message in self.errors]}


class ImportFailed(Exception):
    """At least one document could not be read; nothing was stored."""

    def __init__(self, summary: ImportSummary) -> None:
        super().__init__(f"{len(summary.errors)} dokument kunde inte läsas")
        self.summary = summary


def read_for_register(name: str, data: bytes) -> RegisterEntry:
    """Parse one document for the register. Pure (no database). Raises ParseError."""
    source_name = PurePath(name).name[:255]
    text = document_text(data, source_name)
    parsed = parse_text(text, source=source_name)
    codes = tuple(dict.fromkeys(m.code for m in parsed.municipalities))
    if not codes:
        raise ParseError("Ingen kommun hittades som part i löftet; det kan inte placeras i "
                         "registret.", "no_municipality")
    return RegisterEntry(source_name, content_hash(data), text, parsed, codes)


def import_documents(actor: Any, documents: Sequence[tuple[str, bytes]], *,
                     on_progress: Callable[[str], None] | None = None) -> ImportSummary:
    """Read ``(name, bytes)`` documents into the national register, all or nothing.

    1. Parse every document (no database work; ``on_progress(name)`` after each).
    2. If any document fails, raise :class:`ImportFailed` with every error; nothing is stored.
    3. Otherwise upsert all entries in one transaction (:func:`store_register_entries`).
    """
    summary = ImportSummary(read=len(documents))
    entries: list[RegisterEntry] = []
    seen: dict[str, str] = {}
    for name, data in documents:
        try:
            entry = read_for_register(name, data)
        except ParseError as error:
            summary.errors.append((name, error.message))
        else:
            if entry.source_name in seen and seen[entry.source_name] != entry.source_hash:
                summary.errors.append((name, "Två olika filer har samma namn; byt namn på den "
                                             "ena."))
            elif entry.source_name not in seen:
                seen[entry.source_name] = entry.source_hash
                entries.append(entry)
        if on_progress is not None:
            on_progress(name)
    if summary.errors:
        raise ImportFailed(summary)
    return store_register_entries(actor, entries, summary)


def _title(entry: RegisterEntry, names: list[str]) -> str:
    period = entry.parsed.period
    years = ""
    if period is not None:
        years = (str(period.start_year) if period.start_year == period.end_year
                 else f"{period.start_year}–{period.end_year}")
    return f"Medborgarlöfte {' och '.join(names)} {years}".strip()[:300]


@transaction.atomic
def store_register_entries(actor: Any, entries: Sequence[RegisterEntry],
                           summary: ImportSummary | None = None) -> ImportSummary:
    """Upsert parsed entries on their source name. Raises ImportFailed for unknown kommuner."""
    summary = summary or ImportSummary(read=len(entries))
    codes = {code for entry in entries for code in entry.municipality_codes}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    missing = [(e.source_name, f"Kommunkoden {c} finns inte i referensdata "
                               "(kör lofte load_geography).")
               for e in entries for c in e.municipality_codes if c not in municipalities]
    if missing:
        summary.errors.extend(missing)
        raise ImportFailed(summary)
    existing = {p.source_name: p for p in RegisteredPromise.objects.filter(
        source_name__in=[e.source_name for e in entries])}
    known_hashes = set(RegisteredPromise.objects.filter(
        source_hash__in=[e.source_hash for e in entries]).values_list("source_hash", flat=True))
    now = timezone.now()
    for entry in entries:
        current = existing.get(entry.source_name)
        if (current is not None and current.source_hash == entry.source_hash) or (
                current is None and entry.source_hash in known_hashes):
            summary.unchanged += 1  # same document, possibly under another name
            continue
        members = [municipalities[c] for c in entry.municipality_codes]
        _save_entry(entry, members, current, now)
        if current is None:
            summary.created += 1
        else:
            summary.updated += 1
    record(actor, AuditAction.CREATE, object_type="documents.registeredpromise",
           object_repr="nationella löftesregistret", note="läste in löftesdokument",
           after=summary.to_json())
    return summary


def _save_entry(entry: RegisterEntry, members: list[Municipality],
                current: RegisteredPromise | None, now: dt.datetime) -> RegisteredPromise:
    parsed = entry.parsed
    period = parsed.period
    actors = sorted({a.actor for a in parsed.activities})
    values: dict[str, Any] = {
        "source_hash": entry.source_hash,
        "title": _title(entry, [m.name for m in members]),
        "police_area_name": parsed.police_area.name if parsed.police_area else "",
        "start_year": period.start_year if period else None,
        "end_year": period.end_year if period else None,
        "focus_areas": [f.text for f in parsed.focus_areas],
        "themes": list(parsed.themes),
        "theme_key": (" " + " ".join(parsed.themes) + " ") if parsed.themes else "",
        "actor_key": ("|" + "|".join(actors) + "|") if actors else "",
        "follow_up_cadence": (parsed.follow_up.cadence or "") if parsed.follow_up else "",
        "signatories": [s.to_json() for s in parsed.signatories],
        "warnings": list(parsed.warnings),
        "source_text": entry.source_text,
        "updated_at": now,
    }
    if current is None:
        promise = RegisteredPromise.objects.create(source_name=entry.source_name,
                                                   imported_at=now, **values)
    else:
        promise = current
        for name, value in values.items():
            setattr(promise, name, value)
        promise.save(update_fields=list(values))
        promise.activities.all().delete()
    promise.municipalities.set(members)
    RegisteredActivity.objects.bulk_create([
        RegisteredActivity(
            promise=promise, position=index, text=a.text, actor=a.actor[:200],
            count=a.target.count if a.target else None,
            count_max=a.target.count_max if a.target else None,
            per=(a.target.per or "") if a.target else "",
            unit=((a.target.unit or "") if a.target else "")[:200],
            qualifier=((a.target.qualifier or "") if a.target else "")[:20],
            themes=list(a.themes), source_text=a.source_text, confidence=a.confidence,
        )
        for index, a in enumerate(parsed.activities, start=1)
    ])
    return promise
