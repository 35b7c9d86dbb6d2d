"""Writes for EST reports, tips, review, feedback, checklists, imports and meetings.

Each public function runs in one transaction and writes one audit entry. Side effects (e-mail)
run on commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from lofte.core import audit
from lofte.core.images import clean_photo, store_photos
from lofte.core.models import AuditAction
from lofte.core.pii import mask_pii
from lofte.geo.locate import municipality_index
from lofte.incidents.models import (
    DEFAULT_CATEGORIES,
    ChecklistReport,
    Decision,
    DecisionStatus,
    FeedbackMessage,
    Incident,
    IncidentCategory,
    IncidentPhoto,
    Meeting,
    MeetingStatus,
    Moderation,
    Open311Key,
    Place,
    Severity,
    Source,
    Status,
    hash_key,
)
from lofte.organisations.models import Collaboration, Organisation

MAX_PHOTOS = 4
# Reports may be a little ahead of the server clock (phones drift); not more.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)

INCIDENT_FIELDS = [
    "category_id", "occurred_from", "occurred_to", "lat", "lon", "place_id", "address",
    "description", "severity", "status", "source", "moderation", "reporter_id",
    "organisation_id", "merged_into_id",
]
# Free text that may hold personal data never enters the (append-only) audit log.
REDACTED_FIELDS = ("description", "address")


def _reports_changed(collaboration_id: int) -> None:
    """After commit, let cached pictures of the collaboration go stale."""
    from lofte.incidents.picture import bump_picture_version

    transaction.on_commit(lambda: bump_picture_version(collaboration_id))


def changed_only(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any],
                                                                      dict[str, Any]]:
    """Keep only the keys whose values changed (for compact audit entries)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


# --- categories and places ---------------------------------------------------------------


@transaction.atomic
def ensure_categories(actor: Any, collaboration: Collaboration) -> list[IncidentCategory]:
    """Give ``collaboration`` the EST taxonomy if it has none yet; return the active ones."""
    existing = list(collaboration.incident_categories.filter(is_active=True))
    if existing or collaboration.incident_categories.exists():
        return existing
    created = IncidentCategory.objects.bulk_create([
        IncidentCategory(collaboration=collaboration, code=code, name=name, sort_order=i)
        for i, (code, name) in enumerate(DEFAULT_CATEGORIES)
    ])
    audit.record(actor, AuditAction.CREATE, object_type="incidents.incidentcategory",
                 object_repr="EST-kategorier", collaboration_id=collaboration.pk,
                 after={"codes": [c.code for c in created]})
    return list(collaboration.incident_categories.filter(is_active=True))


@transaction.atomic
def save_category(
    actor: Any, collaboration: Collaboration, *, code: str, name: str, is_active: bool = True,
    sort_order: int = 100,
) -> IncidentCategory:
    """Add a category to the collaboration's list, or rename/deactivate the one with ``code``."""
    category = IncidentCategory.objects.filter(collaboration=collaboration, code=code).first()
    before = audit.snapshot(category, ["name", "is_active"]) if category else None
    if category is None:
        category = IncidentCategory.objects.create(
            collaboration=collaboration, code=code, name=name.strip(), is_active=is_active,
            sort_order=sort_order,
        )
    else:
        category.name, category.is_active = name.strip(), is_active
        category.save(update_fields=["name", "is_active"])
    audit.record(actor, AuditAction.UPDATE if before else AuditAction.CREATE, category,
                 before=before, after=audit.snapshot(category, ["name", "is_active"]),
                 collaboration_id=collaboration.pk)
    return category


@transaction.atomic
def create_place(actor: Any, collaboration: Collaboration, *, name: str, lat: float,
                 lon: float) -> Place:
    check_position(collaboration, lat, lon)
    place, _ = Place.objects.update_or_create(
        collaboration=collaboration, name=name.strip(), defaults={"lat": lat, "lon": lon}
    )
    audit.record(actor, AuditAction.CREATE, place, after=audit.snapshot(place),
                 collaboration_id=collaboration.pk)
    return place


# --- validation helpers --------------------------------------------------------------------


def check_position(collaboration: Collaboration, lat: float | None, lon: float | None) -> None:
    """Raise unless (lat, lon) lies in (or within 5 km of) the collaboration's kommun."""
    if lat is None or lon is None:
        raise ValidationError({"lat": "Ange en plats: tryck på kartan, använd din position "
                                      "eller välj en namngiven plats."})
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError({"lat": "Koordinaterna är ogiltiga."})
    code = municipality_index().locate(lat, lon)
    if code != collaboration.municipality.code:
        raise ValidationError(
            {"lat": f"Platsen ligger utanför {collaboration.municipality.official_name}."}
        )


def check_times(occurred_from: dt.datetime, occurred_to: dt.datetime | None) -> None:
    if timezone.is_naive(occurred_from) or (occurred_to and timezone.is_naive(occurred_to)):
        raise ValidationError({"occurred_from": "Tiden saknar tidszon."})
    now = timezone.now()
    if occurred_from > now + FUTURE_TOLERANCE:
        raise ValidationError({"occurred_from": "Tiden kan inte ligga i framtiden."})
    if occurred_to is not None:
        if occurred_to < occurred_from:
            raise ValidationError({"occurred_to": "Sluttiden måste komma efter starttiden."})
        if occurred_to > now + FUTURE_TOLERANCE:
            raise ValidationError({"occurred_to": "Tiden kan inte ligga i framtiden."})


def check_category(collaboration: Collaboration, category: IncidentCategory) -> None:
    if category.collaboration_id != collaboration.pk or not category.is_active:
        raise ValidationError({"category": "Välj en kategori ur samverkans lista."})


# --- reporting -----------------------------------------------------------------------------


@dataclass
class IncidentData:
    """The fields of a new report, as forms, the API, Open311 and imports deliver them."""

    category: IncidentCategory
    occurred_from: dt.datetime
    lat: float | None = None
    lon: float | None = None
    occurred_to: dt.datetime | None = None
    place: Place | None = None
    address: str = ""
    description: str = ""
    severity: int = Severity.MEDIUM
    organisation: Organisation | None = None
    contact_name: str = ""
    contact_email: str = ""
    external_id: str = ""
    client_token: str = ""
    photos: Sequence[UploadedFile] = field(default_factory=list)


def _build_incident(collaboration: Collaboration, data: IncidentData, *, source: str,
                    reporter: Any, moderation: str) -> Incident:
    check_category(collaboration, data.category)
    if data.place is not None:
        if data.place.collaboration_id != collaboration.pk:
            raise ValidationError({"place": "Okänd plats."})
        if data.lat is None or data.lon is None:
            data.lat, data.lon = data.place.lat, data.place.lon
    check_position(collaboration, data.lat, data.lon)
    check_times(data.occurred_from, data.occurred_to)
    if data.severity not in Severity.values:
        raise ValidationError({"severity": "Allvar ska vara 1, 2 eller 3."})
    if len(data.photos) > MAX_PHOTOS:
        raise ValidationError({"photos": f"Högst {MAX_PHOTOS} bilder per rapport."})
    is_public_input = source in {Source.TIP, Source.OPEN311}
    description = data.description.strip()
    return Incident(
        collaboration=collaboration, category=data.category,
        occurred_from=data.occurred_from, occurred_to=data.occurred_to,
        lat=float(data.lat), lon=float(data.lon),  # type: ignore[arg-type]
        place=data.place,
        address=mask_pii(data.address.strip()) if is_public_input else data.address.strip(),
        description=mask_pii(description) if is_public_input else description,
        severity=data.severity, source=source, moderation=moderation,
        reporter=reporter if getattr(reporter, "is_authenticated", False) else None,
        organisation=data.organisation, contact_name=data.contact_name.strip()[:120],
        contact_email=data.contact_email.strip(), external_id=data.external_id[:100],
        client_token=data.client_token[:64],
    )


def _clean_photos(photos: Iterable[UploadedFile]) -> list[ContentFile[bytes]]:
    return [clean_photo(upload) for upload in photos]


def _store_photos(incident: Incident, cleaned: Iterable[ContentFile[bytes]]) -> None:
    store_photos(lambda width, height: IncidentPhoto(incident=incident, width=width,
                                                     height=height), cleaned)


def _by_client_token(collaboration: Collaboration, token: str) -> Incident | None:
    # The exclude repeats the partial unique index's condition word for word, so SQLite uses
    # that index instead of scanning the collaboration's reports.
    return (Incident.objects.filter(collaboration=collaboration, client_token=token)
            .exclude(client_token="").first())


def report_incident(
    actor: Any, collaboration: Collaboration, data: IncidentData, *,
    source: str = Source.REPORT, moderation: str = Moderation.APPROVED,
) -> Incident:
    """Store one report (with photos) and audit it.

    Validation and photo re-encoding run before the transaction, so the write lock (SQLite
    takes it at BEGIN IMMEDIATE) is held only for the inserts and concurrent reporters queue
    briefly instead of timing out. A repeated ``client_token`` (a phone resending a draft
    after a lost connection) returns the report already stored instead of a second copy, also
    when two sends race (the unique constraint decides).

    Raises:
        ValidationError: category not in the collaboration's list, position outside the
            kommun, times in the future or reversed, bad photos.
    """
    if data.client_token:
        existing = _by_client_token(collaboration, data.client_token)
        if existing is not None:
            return existing
    incident = _build_incident(collaboration, data, source=source, reporter=actor,
                               moderation=moderation)
    photos = _clean_photos(data.photos)
    try:
        with transaction.atomic():
            incident.save()
            _store_photos(incident, photos)
            audit.record(actor, AuditAction.CREATE, incident,
                         after=audit.snapshot(incident, INCIDENT_FIELDS, redact=REDACTED_FIELDS),
                         note=f"källa: {source}")
            _reports_changed(collaboration.pk)
    except IntegrityError:
        if data.client_token:
            existing = _by_client_token(collaboration, data.client_token)
            if existing is not None:
                return existing
        raise
    return incident


def submit_tip(collaboration: Collaboration, data: IncidentData) -> Incident:
    """A citizen tip: anonymous, masked, waiting for moderation before it counts."""
    return report_incident(None, collaboration, data, source=Source.TIP,
                           moderation=Moderation.PENDING)


@transaction.atomic
def update_own_incident(actor: Any, incident: Incident, data: IncidentData) -> Incident:
    """A reporter corrects their own report while it is still new."""
    if incident.reporter_id != getattr(actor, "pk", None):
        raise ValidationError("Du kan bara ändra dina egna rapporter.")
    if incident.status != Status.NEW:
        raise ValidationError("Rapporten är redan granskad och kan inte ändras.")
    before = audit.snapshot(incident, INCIDENT_FIELDS, redact=REDACTED_FIELDS)
    fresh = _build_incident(incident.collaboration, data, source=incident.source, reporter=actor,
                            moderation=incident.moderation)
    changed = ["category", "occurred_from", "occurred_to", "lat", "lon", "place", "description",
               "severity", "organisation"]
    for name in changed:
        setattr(incident, name, getattr(fresh, name))
    incident.save(update_fields=[*changed, "updated_at"])
    _store_photos(incident, _clean_photos(data.photos))
    b, a = changed_only(before, audit.snapshot(incident, INCIDENT_FIELDS, redact=REDACTED_FIELDS))
    audit.record(actor, AuditAction.UPDATE, incident, before=b, after=a)
    _reports_changed(incident.collaboration_id)
    return incident


# --- review --------------------------------------------------------------------------------

REVIEW_FIELDS = ["category", "occurred_from", "occurred_to", "lat", "lon", "place", "severity",
                 "status"]


@transaction.atomic
def review_incident(actor: Any, incident: Incident, **changes: Any) -> Incident:
    """Classify and correct a report: any of category, times, position, place, severity, status.

    Raises ValidationError for values outside the collaboration (category, place, position).
    """
    unknown = set(changes) - set(REVIEW_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    before = audit.snapshot(incident, INCIDENT_FIELDS, redact=REDACTED_FIELDS)
    collaboration = incident.collaboration
    for name, value in changes.items():
        setattr(incident, name, value)
    check_category(collaboration, incident.category)
    if incident.place is not None and incident.place.collaboration_id != collaboration.pk:
        raise ValidationError({"place": "Okänd plats."})
    if "lat" in changes or "lon" in changes:
        check_position(collaboration, incident.lat, incident.lon)
    if incident.occurred_to is not None and incident.occurred_to < incident.occurred_from:
        raise ValidationError({"occurred_to": "Sluttiden måste komma efter starttiden."})
    if incident.status not in Status.values:
        raise ValidationError({"status": "Okänd status."})
    incident.reviewed_by = actor
    incident.reviewed_at = timezone.now()
    incident.save(update_fields=[*changes.keys(), "reviewed_by", "reviewed_at", "updated_at"])
    b, a = changed_only(before, audit.snapshot(incident, INCIDENT_FIELDS, redact=REDACTED_FIELDS))
    audit.record(actor, AuditAction.UPDATE, incident, before=b, after=a, note="granskning")
    _reports_changed(incident.collaboration_id)
    return incident


def set_status(actor: Any, incident: Incident, status: str) -> Incident:
    return review_incident(actor, incident, status=status)


@transaction.atomic
def moderate(actor: Any, incident: Incident, *, approve: bool) -> Incident:
    """Approve a waiting tip or Open311 request (it starts to count) or reject it."""
    if incident.moderation != Moderation.PENDING:
        raise ValidationError("Tipset är redan modererat.")
    before = audit.snapshot(incident, ["moderation", "status"])
    incident.moderation = Moderation.APPROVED if approve else Moderation.REJECTED
    if not approve:
        incident.status = Status.CLOSED
    incident.reviewed_by, incident.reviewed_at = actor, timezone.now()
    incident.save(update_fields=["moderation", "status", "reviewed_by", "reviewed_at",
                                 "updated_at"])
    audit.record(actor, AuditAction.UPDATE, incident, before=before,
                 after=audit.snapshot(incident, ["moderation", "status"]), note="moderering")
    _reports_changed(incident.collaboration_id)
    return incident


@transaction.atomic
def merge_incidents(actor: Any, duplicate: Incident, into: Incident) -> Incident:
    """Mark ``duplicate`` as the same event as ``into``; it stops counting on its own.

    Earlier duplicates of ``duplicate`` follow it, so chains never form.
    """
    if duplicate.pk == into.pk:
        raise ValidationError("En rapport kan inte slås ihop med sig själv.")
    if duplicate.collaboration_id != into.collaboration_id:
        raise ValidationError("Rapporterna tillhör olika samverkan.")
    if into.merged_into_id is not None:
        into = into.merged_into  # type: ignore[assignment]
    # Lock both rows so two coordinators merging at once cannot create a cycle.
    list(Incident.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk]))
    duplicate.refresh_from_db(fields=["merged_into"])
    if duplicate.merged_into_id is not None:
        raise ValidationError("Rapporten är redan sammanslagen.")
    Incident.objects.filter(merged_into=duplicate).update(merged_into=into)
    duplicate.merged_into = into
    duplicate.status = Status.CLOSED
    duplicate.reviewed_by, duplicate.reviewed_at = actor, timezone.now()
    duplicate.save(update_fields=["merged_into", "status", "reviewed_by", "reviewed_at",
                                  "updated_at"])
    audit.record(actor, AuditAction.UPDATE, duplicate, before={"merged_into_id": None},
                 after={"merged_into_id": into.pk}, note="sammanslagning")
    _reports_changed(duplicate.collaboration_id)
    return into


@transaction.atomic
def send_feedback(actor: Any, incident: Incident, body: str) -> FeedbackMessage:
    """Tell the reporter (or the tipster who left an address) what came of the report."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Skriv ett meddelande."})
    recipient = ""
    if incident.reporter is not None and incident.reporter.email:
        recipient = incident.reporter.email
    elif incident.contact_email:
        recipient = incident.contact_email
    message = FeedbackMessage.objects.create(incident=incident, author=actor,
                                             recipient=recipient, body=body)
    audit.record(actor, AuditAction.CREATE, message, collaboration_id=incident.collaboration_id,
                 after={"incident_id": incident.pk,
                        "recipient": audit.redacted(recipient)})
    if recipient:
        subject = f"Återkoppling om din rapport ({incident.category.name})"
        text = (f"{body}\n\nRapporten gällde {incident.category.name}, "
                f"{timezone.localtime(incident.occurred_from):%Y-%m-%d %H:%M}.\n"
                f"Status: {incident.get_status_display()}.\n\n"
                f"{incident.collaboration.name}")
        transaction.on_commit(lambda: send_mail(subject, text, None, [recipient],
                                                fail_silently=True))
    return message


# --- checklist and import ------------------------------------------------------------------


@dataclass
class ChecklistItem:
    category: IncidentCategory
    place: Place | None
    lat: float | None
    lon: float | None
    note: str = ""
    severity: int = Severity.MEDIUM


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def record_checklist(
    actor: Any, collaboration: Collaboration, *, organisation: Organisation | None,
    week_start: dt.date, items: Sequence[ChecklistItem], note: str = "",
) -> ChecklistReport:
    """Store a weekly checklist: one report per ticked item, or "inget att rapportera".

    The week's reports get the whole week as their time interval (as the checklist says
    "during the week"), capped at now.
    """
    week_start = monday_of(week_start)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(week_start, dt.time.min, tzinfo=tz)
    end = min(start + dt.timedelta(days=7) - dt.timedelta(minutes=1), timezone.now())
    if start > timezone.now():
        raise ValidationError({"week_start": "Veckan har inte börjat än."})
    incidents = []
    for item in items:
        data = IncidentData(category=item.category, occurred_from=start, occurred_to=end,
                            lat=item.lat, lon=item.lon, place=item.place, description=item.note,
                            severity=item.severity, organisation=organisation)
        incidents.append(_build_incident(collaboration, data, source=Source.CHECKLIST,
                                         reporter=actor, moderation=Moderation.APPROVED))
    Incident.objects.bulk_create(incidents)
    report = ChecklistReport.objects.create(
        collaboration=collaboration, reporter=actor, organisation=organisation,
        week_start=week_start, is_nothing_to_report=not items, incident_count=len(items),
        note=note.strip(),
    )
    audit.record(actor, AuditAction.CREATE, report, collaboration_id=collaboration.pk,
                 after={"week_start": week_start, "incident_count": len(items)})
    _reports_changed(collaboration.pk)
    return report


@dataclass
class RowError:
    line: int
    message: str


class ImportRejected(Exception):
    """Raised with every row error when an import is refused; nothing was stored."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} fel")
        self.errors = errors


@transaction.atomic
def import_incidents(
    actor: Any, collaboration: Collaboration, rows: Sequence[tuple[int, IncidentData | None,
                                                                   list[str]]],
) -> int:
    """Store parsed rows all or nothing. ``rows`` holds (line, data or None, parse errors).

    Raises ImportRejected with every error (parse and validation) if any row is wrong.
    """
    errors: list[RowError] = []
    incidents: list[Incident] = []
    for line, data, parse_errors in rows:
        errors.extend(RowError(line, message) for message in parse_errors)
        if data is None or parse_errors:
            continue
        try:
            incidents.append(_build_incident(collaboration, data, source=Source.IMPORT,
                                             reporter=actor, moderation=Moderation.APPROVED))
        except ValidationError as error:
            for messages in error.message_dict.values() if hasattr(error, "error_dict") else [
                    error.messages]:
                errors.extend(RowError(line, m) for m in messages)
    if not rows:
        errors.append(RowError(0, "Filen innehåller inga rader."))
    if errors:
        raise ImportRejected(errors)
    Incident.objects.bulk_create(incidents, batch_size=1000)
    audit.record(actor, AuditAction.CREATE, object_type="incidents.incident",
                 object_repr=f"Import av {len(incidents)} rapporter",
                 collaboration_id=collaboration.pk, after={"count": len(incidents)})
    _reports_changed(collaboration.pk)
    return len(incidents)


# --- Open311 keys --------------------------------------------------------------------------


@transaction.atomic
def create_open311_key(actor: Any, collaboration: Collaboration,
                       name: str) -> tuple[Open311Key, str]:
    raw = Open311Key.generate()
    key = Open311Key.objects.create(collaboration=collaboration, name=name.strip(),
                                    key_hash=hash_key(raw))
    audit.record(actor, AuditAction.CREATE, key, collaboration_id=collaboration.pk,
                 after={"name": key.name})
    return key, raw


# --- meetings ------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(actor: Any, collaboration: Collaboration, *, held_on: dt.date, title: str,
                   period_start: dt.date, period_end: dt.date,
                   agenda: list[dict[str, Any]]) -> Meeting:
    if period_end < period_start:
        raise ValidationError({"period_end": "Perioden måste sluta efter att den börjar."})
    meeting = Meeting.objects.create(
        collaboration=collaboration, held_on=held_on, title=title.strip(),
        period_start=period_start, period_end=period_end, agenda=agenda, created_by=actor,
    )
    audit.record(actor, AuditAction.CREATE, meeting,
                 after=audit.snapshot(meeting, ["held_on", "title", "period_start",
                                                "period_end"]))
    return meeting


@transaction.atomic
def update_meeting(actor: Any, meeting: Meeting, *, notes: str, participants: str,
                   is_held: bool) -> Meeting:
    fields = ["notes", "participants", "status"]
    before = audit.snapshot(meeting, fields)
    meeting.notes, meeting.participants = notes.strip(), participants.strip()
    meeting.status = MeetingStatus.HELD if is_held else MeetingStatus.PLANNED
    meeting.save(update_fields=[*fields, "updated_at"])
    b, a = changed_only(before, audit.snapshot(meeting, fields))
    audit.record(actor, AuditAction.UPDATE, meeting, before=b, after=a)
    return meeting


@transaction.atomic
def decide(actor: Any, meeting: Meeting, *, what: str, where: str, owner: str,
           organisation: Organisation | None, due_on: dt.date | None, hot_spot: str = "",
           incidents: Sequence[Incident] = ()) -> Decision:
    """Record a decided intervention, linked to the reports (or hot spot) that caused it."""
    if any(i.collaboration_id != meeting.collaboration_id for i in incidents):
        raise ValidationError({"incidents": "Rapporterna måste höra till samverkan."})
    decision = Decision.objects.create(
        collaboration_id=meeting.collaboration_id, meeting=meeting, what=what.strip(),
        where=where.strip(), owner=owner.strip(), organisation=organisation, due_on=due_on,
        hot_spot=hot_spot.strip(),
    )
    decision.incidents.set(incidents)
    audit.record(actor, AuditAction.CREATE, decision,
                 after={**audit.snapshot(decision, ["what", "where", "owner", "due_on",
                                                    "hot_spot"]),
                        "incidents": [i.pk for i in incidents]})
    return decision


@transaction.atomic
def follow_up_decision(actor: Any, decision: Decision, *, status: str,
                       follow_up: str) -> Decision:
    if status not in DecisionStatus.values:
        raise ValidationError({"status": "Okänd status."})
    fields = ["status", "follow_up", "done_on"]
    before = audit.snapshot(decision, fields)
    decision.status, decision.follow_up = status, follow_up.strip()
    decision.done_on = timezone.localdate() if status == DecisionStatus.DONE else None
    decision.save(update_fields=[*fields, "updated_at"])
    b, a = changed_only(before, audit.snapshot(decision, fields))
    audit.record(actor, AuditAction.UPDATE, decision, before=b, after=a)
    return decision
