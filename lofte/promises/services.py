"""Every write to promises, activities, records and follow-ups.

Each function runs in one transaction and writes one audit entry. Life cycle of a promise:
draft → agreed (both parties approved) → signed → published → revised (replaced by a newer
published version) or closed. Only drafts change; a published version is never edited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from lofte.core.audit import record, snapshot
from lofte.core.models import AuditAction
from lofte.organisations.models import Collaboration, Membership, OrganisationKind, Role
from lofte.promises import progress as calc
from lofte.promises import queries
from lofte.promises.models import (
    Activity,
    ActivityPhoto,
    ActivityRecord,
    Actor,
    Approval,
    Commitment,
    FocusArea,
    FollowUp,
    FollowUpPeriodKind,
    FollowUpStatus,
    Party,
    Promise,
    PromiseStatus,
    Signatory,
    TargetKind,
)

PROMISE_FIELDS = ("kind", "title", "summary", "period_start", "period_end", "background",
                  "situation_summary", "situation_reference", "effect", "follow_up_cadence",
                  "follow_up_text")
ACTIVITY_FIELDS = ("commitment", "description", "actor", "partner_name", "owner", "place_name",
                   "latitude", "longitude", "target_kind", "target_count", "target_period",
                   "target_date", "recurring_dates", "unit", "problems", "indicators",
                   "finding_reference", "assessment")
RECORDING_STATUSES = (PromiseStatus.AGREED, PromiseStatus.SIGNED, PromiseStatus.PUBLISHED)
REMINDER_INTERVAL_DAYS = 14


# --- Parties ----------------------------------------------------------------------------------

def party_of(membership: Membership) -> str:
    """The party a member approves for: police organisation → polisen, kommun → kommunen.

    Raises ValidationError for members of other organisations (they do not sign promises).
    """
    kind = membership.organisation.kind
    if kind == OrganisationKind.POLICE_AREA:
        return Party.POLICE
    if kind == OrganisationKind.MUNICIPALITY:
        return Party.MUNICIPALITY
    raise ValidationError("Bara kommunen och polisen godkänner löften och uppföljningar.")


def _require_draft(promise: Promise) -> None:
    if not promise.is_editable:
        raise ValidationError(
            "Bara utkast kan ändras. Skapa en ny version för att ändra ett beslutat löfte."
        )


def _validate_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError({"period_end": "Slutdatum måste vara samma som eller efter "
                                             "startdatum."})
    if (end - start).days > 3 * 366 + 1:
        raise ValidationError({"period_end": "Ett löfte gäller i högst tre år."})


# --- Promises ---------------------------------------------------------------------------------

@transaction.atomic
def create_promise(actor: Any, collaboration: Collaboration, **fields: Any) -> Promise:
    """Create a draft promise or action plan. Raises ValidationError."""
    data = {k: v for k, v in fields.items() if k in PROMISE_FIELDS}
    if not str(data.get("title", "")).strip():
        raise ValidationError({"title": "Ange en rubrik."})
    _validate_period(data["period_start"], data["period_end"])
    promise = Promise(collaboration=collaboration, created_by=actor if _is_user(actor) else None,
                      **data)
    promise.full_clean(exclude=["previous_version", "created_by"])
    promise.save()
    record(actor, AuditAction.CREATE, promise, after=snapshot(promise, data.keys()))
    return promise


@transaction.atomic
def update_promise(actor: Any, promise: Promise, **fields: Any) -> Promise:
    _require_draft(promise)
    data = {k: v for k, v in fields.items() if k in PROMISE_FIELDS}
    _validate_period(data.get("period_start", promise.period_start),
                     data.get("period_end", promise.period_end))
    before = snapshot(promise, data.keys())
    for name, value in data.items():
        setattr(promise, name, value)
    promise.full_clean(exclude=["previous_version", "created_by"])
    promise.save(update_fields=[*data.keys(), "updated_at"])
    # Any change to a draft withdraws approvals given to the earlier text.
    promise.approvals.all().delete()
    record(actor, AuditAction.UPDATE, promise, before=before, after=snapshot(promise, data))
    return promise


@transaction.atomic
def save_focus_area(actor: Any, promise: Promise, *, title: str, description: str = "",
                    focus_area: FocusArea | None = None) -> FocusArea:
    _require_draft(promise)
    if not title.strip():
        raise ValidationError({"title": "Ange fokusområdet."})
    is_new = focus_area is None
    if focus_area is None:
        focus_area = FocusArea(promise=promise, position=promise.focus_areas.count() + 1)
    before = None if is_new else snapshot(focus_area, ["title", "description"])
    focus_area.title, focus_area.description = title.strip(), description
    focus_area.save()
    promise.approvals.all().delete()
    record(actor, AuditAction.CREATE if is_new else AuditAction.UPDATE, focus_area,
           collaboration_id=promise.collaboration_id, before=before,
           after=snapshot(focus_area, ["title", "description"]))
    return focus_area


@transaction.atomic
def save_commitment(actor: Any, promise: Promise, *, text: str,
                    focus_area: FocusArea | None = None,
                    commitment: Commitment | None = None) -> Commitment:
    _require_draft(promise)
    if not text.strip():
        raise ValidationError({"text": "Skriv vad ni lovar."})
    if focus_area is not None and focus_area.promise_id != promise.pk:
        raise ValidationError({"focus_area": "Fokusområdet hör till ett annat löfte."})
    is_new = commitment is None
    if commitment is None:
        commitment = Commitment(promise=promise, position=promise.commitments.count() + 1)
    before = None if is_new else snapshot(commitment, ["text", "focus_area_id"])
    commitment.text, commitment.focus_area = text.strip(), focus_area
    commitment.save()
    promise.approvals.all().delete()
    record(actor, AuditAction.CREATE if is_new else AuditAction.UPDATE, commitment,
           collaboration_id=promise.collaboration_id, before=before,
           after=snapshot(commitment, ["text", "focus_area_id"]))
    return commitment


@transaction.atomic
def delete_structure_item(actor: Any, item: FocusArea | Commitment) -> None:
    """Remove a focus area or commitment from a draft; its activities stay, ungrouped."""
    promise = item.promise
    _require_draft(promise)
    before = snapshot(item, ["title"] if isinstance(item, FocusArea) else ["text"])
    promise.approvals.all().delete()
    record(actor, AuditAction.DELETE, item, collaboration_id=promise.collaboration_id,
           before=before)
    item.delete()


def validate_target(kind: str, *, count: int | None, period: str, due: dt.date | None,
                    risk_days: Sequence[str], promise: Promise) -> None:
    """Check that a target has what its kind needs. Raises ValidationError (per field)."""
    errors: dict[str, str] = {}
    if kind in (TargetKind.AT_LEAST_IN_PERIOD, TargetKind.PER_PERIOD) and not count:
        errors["target_count"] = "Ange hur många gånger (minst 1)."
    if kind == TargetKind.PER_PERIOD and not period:
        errors["target_period"] = "Ange per vilken period (månad, kvartal, tertial, termin, år)."
    if kind == TargetKind.BY_DATE:
        if due is None:
            errors["target_date"] = "Ange senaste datum."
        elif not promise.period_start <= due <= promise.period_end:
            errors["target_date"] = "Datumet måste ligga inom löftets period."
    if kind == TargetKind.RECURRING_DATES:
        unknown = [k for k in risk_days if k not in calc.RISK_DAYS]
        if not risk_days:
            errors["recurring_dates"] = "Välj minst ett risktillfälle."
        elif unknown:
            errors["recurring_dates"] = "Okända risktillfällen: " + ", ".join(unknown)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_activity(actor: Any, promise: Promise, /, *, activity: Activity | None = None,
                  **fields: Any) -> Activity:
    """Create or change an activity of a draft. Raises ValidationError."""
    _require_draft(promise)
    data = {k: v for k, v in fields.items() if k in ACTIVITY_FIELDS}
    data.setdefault("recurring_dates", [])
    for text_field in ("partner_name", "place_name", "unit", "problems", "indicators",
                       "finding_reference", "assessment", "target_period"):
        if data.get(text_field) is None:
            data[text_field] = ""
    if not str(data.get("description", "")).strip():
        raise ValidationError({"description": "Beskriv vad som ska göras."})
    if data.get("actor") == Actor.PARTNER and not data.get("partner_name"):
        raise ValidationError({"partner_name": "Ange vilken aktör som ansvarar."})
    commitment = data.get("commitment")
    if commitment is not None and commitment.promise_id != promise.pk:
        raise ValidationError({"commitment": "Åtagandet hör till ett annat löfte."})
    validate_target(data.get("target_kind", ""), count=data.get("target_count"),
                    period=data.get("target_period", ""), due=data.get("target_date"),
                    risk_days=data.get("recurring_dates", []), promise=promise)
    if data.get("target_kind") == TargetKind.BY_DATE and not data.get("target_count"):
        data["target_count"] = 1
    is_new = activity is None
    if activity is None:
        activity = Activity(promise=promise, position=promise.activities.count() + 1)
    names = [k for k in data if k != "commitment"] + ["commitment_id"]
    before = None if is_new else snapshot(activity, names)
    for name, value in data.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["promise", "owner", "commitment"])
    activity.save()
    promise.approvals.all().delete()
    record(actor, AuditAction.CREATE if is_new else AuditAction.UPDATE, activity,
           collaboration_id=promise.collaboration_id, before=before,
           after=snapshot(activity, names))
    return activity


@transaction.atomic
def assess_activity(actor: Any, activity: Activity, *, assessment: str) -> Activity:
    """Write the assessment of an activity (qualitative targets) during follow-up.

    The assessment is follow-up, not part of the promised text, so it may be written on a
    published version; every change is in the audit log.
    """
    if activity.promise.status not in (*RECORDING_STATUSES, PromiseStatus.CLOSED):
        raise ValidationError("Bedömningen skrivs när löftet är överenskommet eller publicerat.")
    before = {"assessment": activity.assessment}
    activity.assessment = assessment.strip()
    activity.save(update_fields=["assessment"])
    record(actor, AuditAction.UPDATE, activity, collaboration_id=activity.promise.collaboration_id,
           before=before, after={"assessment": activity.assessment}, note="bedömning")
    return activity


@transaction.atomic
def delete_activity(actor: Any, activity: Activity) -> None:
    _require_draft(activity.promise)
    if activity.records.exists():
        raise ValidationError("Aktiviteten har registrerade genomföranden och kan inte tas bort.")
    before = snapshot(activity, ["description", "target_kind", "target_count"])
    collaboration_id = activity.promise.collaboration_id
    activity.promise.approvals.all().delete()
    record(actor, AuditAction.DELETE, activity, collaboration_id=collaboration_id,
           before=before)
    activity.delete()


@transaction.atomic
def approve_promise(actor: Any, promise: Promise, membership: Membership) -> Approval:
    """Approve a draft for the member's party; when both parties have, it becomes agreed."""
    if promise.status != PromiseStatus.DRAFT:
        raise ValidationError("Löftet är redan överenskommet.")
    if not promise.activities.exists():
        raise ValidationError("Lägg till minst en aktivitet innan löftet godkänns.")
    party = party_of(membership)
    if promise.approvals.filter(party=party).exists():
        raise ValidationError(f"{Party(party).label} har redan godkänt.")
    approval = Approval.objects.create(
        promise=promise, party=party, user=actor, user_label=_label(actor),
        approved_at=timezone.now(),
    )
    before = promise.status
    if {a.party for a in promise.approvals.all()} == {Party.MUNICIPALITY, Party.POLICE}:
        promise.status = PromiseStatus.AGREED
        promise.save(update_fields=["status", "updated_at"])
    record(actor, AuditAction.UPDATE, promise, before={"status": before},
           after={"status": promise.status, "approved_by": party}, note="godkände")
    return approval


@dataclass(frozen=True)
class SignatoryIn:
    name: str
    role: str
    party: str
    organisation_name: str = ""


@transaction.atomic
def sign_promise(actor: Any, promise: Promise, *, signed_on: dt.date, signed_place: str = "",
                 signatories: Sequence[SignatoryIn]) -> Promise:
    """Record the signing: date, place and who signed. Requires an agreed promise."""
    if promise.status != PromiseStatus.AGREED:
        raise ValidationError("Båda parter måste godkänna innan löftet undertecknas.")
    people = [s for s in signatories if s.name.strip()]
    parties = {s.party for s in people}
    if not {Party.MUNICIPALITY, Party.POLICE} <= parties:
        raise ValidationError({"signatories": "Ange undertecknare för både kommunen och "
                                              "polisen."})
    if signed_on > queries.today():
        raise ValidationError({"signed_on": "Datumet kan inte ligga i framtiden."})
    promise.signatories.all().delete()
    Signatory.objects.bulk_create([
        Signatory(promise=promise, name=s.name.strip(), role=s.role.strip(), party=s.party,
                  organisation_name=s.organisation_name.strip(), position=i)
        for i, s in enumerate(people)
    ])
    promise.signed_on, promise.signed_place = signed_on, signed_place
    promise.status = PromiseStatus.SIGNED
    promise.save(update_fields=["signed_on", "signed_place", "status", "updated_at"])
    record(actor, AuditAction.UPDATE, promise, before={"status": PromiseStatus.AGREED},
           after={"status": promise.status, "signed_on": signed_on,
                  "signatories": [f"{s.name}, {s.role}" for s in people]}, note="undertecknade")
    return promise


@transaction.atomic
def publish_promise(actor: Any, promise: Promise) -> Promise:
    """Publish a signed version; the version it revises is marked as replaced."""
    if promise.status != PromiseStatus.SIGNED:
        raise ValidationError("Löftet måste vara undertecknat innan det publiceras.")
    promise.status = PromiseStatus.PUBLISHED
    promise.published_at = timezone.now()
    promise.save(update_fields=["status", "published_at", "updated_at"])
    previous = promise.previous_version
    if previous is not None and previous.status == PromiseStatus.PUBLISHED:
        previous.status = PromiseStatus.REVISED
        previous.save(update_fields=["status", "updated_at"])
    record(actor, AuditAction.UPDATE, promise, before={"status": PromiseStatus.SIGNED},
           after={"status": promise.status, "published_at": promise.published_at},
           note="publicerade")
    return promise


@transaction.atomic
def revise_promise(actor: Any, promise: Promise, *, note: str = "") -> Promise:
    """Start a new draft version of a published promise, copying its whole structure.

    The published version stays unchanged and public until the new one is published.
    """
    if promise.status != PromiseStatus.PUBLISHED:
        raise ValidationError("Bara ett publicerat löfte kan revideras.")
    if Promise.objects.filter(previous_version=promise).exists():
        raise ValidationError("Det finns redan en ny version av löftet.")
    copy = Promise.objects.create(
        collaboration=promise.collaboration, created_by=actor if _is_user(actor) else None,
        status=PromiseStatus.DRAFT, version=promise.version + 1, previous_version=promise,
        revision_note=note, **{name: getattr(promise, name) for name in PROMISE_FIELDS},
    )
    focus_map: dict[int, FocusArea] = {}
    for area in promise.focus_areas.all():
        focus_map[area.pk] = FocusArea.objects.create(
            promise=copy, title=area.title, description=area.description,
            position=area.position)
    commitment_map: dict[int, Commitment] = {}
    for commitment in promise.commitments.all():
        commitment_map[commitment.pk] = Commitment.objects.create(
            promise=copy, text=commitment.text, position=commitment.position,
            focus_area=focus_map.get(commitment.focus_area_id or 0))
    for activity in promise.activities.all():
        values = {name: getattr(activity, name) for name in ACTIVITY_FIELDS
                  if name not in ("commitment", "owner")}
        Activity.objects.create(
            promise=copy, position=activity.position, lineage=activity.lineage,
            commitment=commitment_map.get(activity.commitment_id or 0),
            owner_id=activity.owner_id, **values)
    for signatory in promise.signatories.all():
        Signatory.objects.create(promise=copy, name=signatory.name, role=signatory.role,
                                 party=signatory.party, position=signatory.position,
                                 organisation_name=signatory.organisation_name)
    record(actor, AuditAction.CREATE, copy, after={"version": copy.version,
                                                   "previous_version": promise.pk,
                                                   "note": note}, note="ny version")
    return copy


@transaction.atomic
def close_promise(actor: Any, promise: Promise) -> Promise:
    if promise.status != PromiseStatus.PUBLISHED:
        raise ValidationError("Bara ett publicerat löfte kan avslutas.")
    promise.status = PromiseStatus.CLOSED
    promise.closed_at = timezone.now()
    promise.save(update_fields=["status", "closed_at", "updated_at"])
    record(actor, AuditAction.UPDATE, promise, before={"status": PromiseStatus.PUBLISHED},
           after={"status": promise.status}, note="avslutade")
    return promise


@transaction.atomic
def delete_draft(actor: Any, promise: Promise) -> None:
    _require_draft(promise)
    if ActivityRecord.objects.filter(activity__promise=promise).exists():
        raise ValidationError("Utkastet har registrerade genomföranden.")
    record(actor, AuditAction.DELETE, promise, before=snapshot(promise, ["title", "version"]))
    promise.delete()


# --- Doing and counting -----------------------------------------------------------------------

def _clean_figures(figures: Mapping[str, Any] | None) -> dict[str, float | int]:
    cleaned: dict[str, float | int] = {}
    for label, value in (figures or {}).items():
        label = str(label).strip()
        if not label or value in (None, ""):
            continue
        try:
            number = float(str(value).replace(",", "."))
        except ValueError as error:
            raise ValidationError({"figures": f"”{label}” måste vara ett tal."}) from error
        if number < 0:
            raise ValidationError({"figures": f"”{label}” kan inte vara negativt."})
        cleaned[label[:60]] = int(number) if number.is_integer() else number
    return cleaned


def _validate_record(activity: Activity, performed_on: dt.date, quantity: int,
                     latitude: float | None, longitude: float | None) -> None:
    promise = activity.promise
    errors: dict[str, str] = {}
    if promise.status not in RECORDING_STATUSES:
        raise ValidationError("Aktiviteter registreras på överenskomna eller publicerade löften.")
    if performed_on > queries.today():
        errors["performed_on"] = "Datumet kan inte ligga i framtiden."
    elif not promise.period_start <= performed_on <= promise.period_end:
        errors["performed_on"] = (
            f"Datumet ligger utanför löftets period ({promise.period_start:%Y-%m-%d}–"
            f"{promise.period_end:%Y-%m-%d})."
        )
    if quantity < 1:
        errors["quantity"] = "Antalet måste vara minst 1."
    if (latitude is None) != (longitude is None):
        errors["latitude"] = "Ange både latitud och longitud, eller ingen av dem."
    elif latitude is not None and longitude is not None and not (
        54.0 <= latitude <= 70.0 and 10.0 <= longitude <= 25.0
    ):
        errors["latitude"] = "Platsen ligger inte i Sverige."
    if errors:
        raise ValidationError(errors)


def _new_record(actor: Any, activity: Activity, *, performed_on: dt.date, quantity: int = 1,
                place_name: str = "", latitude: float | None = None,
                longitude: float | None = None, participants: str = "",
                figures: Mapping[str, Any] | None = None, hours: Any = None,
                note: str = "") -> ActivityRecord:
    _validate_record(activity, performed_on, quantity, latitude, longitude)
    return ActivityRecord(
        activity=activity, performed_on=performed_on, quantity=quantity,
        place_name=place_name.strip(), latitude=latitude, longitude=longitude,
        participants=participants.strip(), figures=_clean_figures(figures), hours=hours,
        note=note.strip(), recorded_by=actor if _is_user(actor) else None,
    )


@transaction.atomic
def record_activity(actor: Any, activity: Activity, *, photos: Iterable[UploadedFile] = (),
                    **fields: Any) -> ActivityRecord:
    """Log one performed activity (with optional photos). Raises ValidationError."""
    entry = _new_record(actor, activity, **fields)
    entry.save()
    for photo in photos:
        ActivityPhoto.objects.create(record=entry, image=photo)
    record(actor, AuditAction.CREATE, entry, collaboration_id=activity.promise.collaboration_id,
           after=snapshot(entry, ["activity_id", "performed_on", "quantity", "place_name",
                                  "participants", "figures", "note"]))
    return entry


@transaction.atomic
def delete_record(actor: Any, entry: ActivityRecord) -> None:
    collaboration_id = entry.activity.promise.collaboration_id
    record(actor, AuditAction.DELETE, entry, collaboration_id=collaboration_id,
           before=snapshot(entry, ["activity_id", "performed_on", "quantity", "note"]))
    entry.delete()


class ImportRejected(ValidationError):
    """The file had errors; nothing was stored. ``messages`` name row and column."""


@transaction.atomic
def import_records(actor: Any, promise: Promise, rows: Sequence[Mapping[str, Any]],
                   *, filename: str = "") -> list[ActivityRecord]:
    """Store parsed rows as records, all or nothing. Raises :class:`ImportRejected`."""
    from lofte.promises.imports import rows_to_records

    parsed, errors = rows_to_records(promise, rows)
    entries: list[ActivityRecord] = []
    for line, activity, values in parsed:
        try:
            entries.append(_new_record(actor, activity, **values))
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = {"performed_on": "datum", "quantity": "antal",
                          "latitude": "lat"}.get(field_name, field_name)
                errors.extend(f"Rad {line}, kolumn ”{column}”: {m}" for m in messages)
    if errors:
        raise ImportRejected(errors)
    if not entries:
        raise ImportRejected(["Filen innehåller inga rader."])
    ActivityRecord.objects.bulk_create(entries)
    record(actor, AuditAction.CREATE, promise, object_type="promises.activityrecord",
           after={"imported_rows": len(entries), "file": filename}, note="importerade")
    return entries


# --- Reminders --------------------------------------------------------------------------------

def _recipients(activity: Activity) -> list[str]:
    if activity.owner and activity.owner.email:
        return [activity.owner.email]
    kinds = {Actor.MUNICIPALITY: [OrganisationKind.MUNICIPALITY],
             Actor.POLICE: [OrganisationKind.POLICE_AREA]}.get(
        Actor(activity.actor), [OrganisationKind.MUNICIPALITY, OrganisationKind.POLICE_AREA])
    return sorted({
        m.user.email for m in Membership.objects.select_related("user").filter(
            collaboration_id=activity.promise.collaboration_id, role=Role.COORDINATOR,
            organisation__kind__in=kinds)
        if m.user.email
    })


@transaction.atomic
def send_reminders(actor: Any = None, *, as_of: dt.date | None = None) -> int:
    """E-mail the owners of published activities that are behind ("efter").

    An activity is reminded at most every 14 days. Returns the number of e-mails sent.
    """
    as_of = as_of or queries.today()
    promises = list(queries.with_structure(Promise.objects.filter(
        status=PromiseStatus.PUBLISHED, period_start__lte=as_of, period_end__gte=as_of)))
    records = queries.records_by_lineage(promises, as_of) if promises else {}
    sent = 0
    reminded: list[int] = []
    for promise in promises:
        computed = queries.compute(promise, as_of=as_of, records=records)
        for item in computed.activities:
            activity = item.activity
            if item.progress.status != calc.Status.BEHIND:
                continue
            last = activity.last_reminded_on
            if last and (as_of - last).days < REMINDER_INTERVAL_DAYS:
                continue
            to = _recipients(activity)
            if not to:
                continue
            url = f"{settings.SITE_URL}/samverkan/{promise.collaboration.slug}/loften/{promise.pk}/"
            send_mail(
                f"Löfte: ”{activity.description[:60]}” ligger efter",
                (f"Aktiviteten ”{activity.description}” i {promise.title} ligger efter.\n\n"
                 f"Mål: {item.target_text}\nGenomfört: {item.progress.done}\n"
                 f"Borde vara gjort i dag: {item.progress.expected_whole}\n\n"
                 f"Registrera genomförda aktiviteter: {url}\n"),
                None, to, fail_silently=False,
            )
            sent += 1
            reminded.append(activity.pk)
    if reminded:
        Activity.objects.filter(pk__in=reminded).update(last_reminded_on=as_of)
    record(actor, AuditAction.UPDATE, None, object_type="promises.activity",
           object_repr="påminnelser", after={"sent": sent, "as_of": as_of}, note="påminnelser")
    return sent


# --- Follow-up --------------------------------------------------------------------------------

def follow_up_window(period_kind: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    if period_kind == FollowUpPeriodKind.TERTIAL:
        return calc.tertial_bounds(year, number)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def compose_text(computed: queries.PromiseProgress, label: str) -> str:
    """The automatic summary of a follow-up, in plain Swedish, for the coordinator to edit."""
    counts = computed.rollup.counts
    done_total = sum(a.records_in_window for a in computed.activities)
    lines = [
        f"{label}: under perioden genomfördes {done_total} aktiviteter inom "
        f"”{computed.promise.title}”.",
        f"Av löftets {computed.rollup.total} aktiviteter är {counts.get('klar', 0)} klara, "
        f"{counts.get('i_fas', 0)} i fas, {counts.get('risk', 0)} i riskzonen och "
        f"{counts.get('efter', 0)} efter plan. Sammantaget är {computed.rollup.percent} % av "
        "målen uppfyllda.",
        "",
    ]
    threshold = settings.LOFTE_PUBLIC_MIN_COUNT
    for item in computed.activities:
        # The text is published: small outcome counts are suppressed as on public pages.
        figures = ", ".join(
            f"färre än {threshold} {k}" if 0 < v < threshold else f"{_number(v)} {k}"
            for k, v in item.figures.items())
        line = (f"- {item.activity.actor_label}: {item.activity.description} – "
                f"{item.records_in_window} under perioden, totalt {item.progress.done}"
                f"{' av ' + str(item.progress.target) if item.progress.target else ''} "
                f"({item.status_label.lower()})")
        lines.append(line + (f". Utfall: {figures}." if figures else "."))
    indicators = [f"- {item.activity.indicators}" for item in computed.activities
                  if item.activity.indicators]
    if indicators:
        lines += ["", "Indikatorer att följa för effekten:", *indicators]
    return "\n".join(lines)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def build_snapshot(computed: queries.PromiseProgress, window: tuple[dt.date, dt.date]
                   ) -> dict[str, Any]:
    return {
        "as_of": computed.as_of.isoformat(),
        "window": [window[0].isoformat(), window[1].isoformat()],
        "status": computed.rollup.status.value,
        "percent": computed.rollup.percent,
        "counts": computed.rollup.counts,
        "activities": [
            {"id": item.activity.pk, "description": item.activity.description,
             "actor": item.activity.actor_label, "target": item.target_text,
             "target_count": item.progress.target, "done": item.progress.done,
             "in_period": item.records_in_window, "expected": item.progress.expected_whole,
             "status": item.status, "status_label": item.status_label,
             "percent": item.progress.percent, "figures": item.figures,
             "assessment": item.activity.assessment,
             "indicators": item.activity.indicators}
            for item in computed.activities
        ],
    }


@transaction.atomic
def compose_follow_up(actor: Any, promise: Promise, *, period_kind: str, year: int,
                      number: int = 0) -> FollowUp:
    """Create, or recompute while still a draft, the follow-up of one tertial or year."""
    if promise.status not in (PromiseStatus.PUBLISHED, PromiseStatus.REVISED,
                              PromiseStatus.CLOSED, PromiseStatus.SIGNED):
        raise ValidationError("Uppföljning görs av undertecknade eller publicerade löften.")
    if period_kind == FollowUpPeriodKind.YEAR:
        number = 0
    try:
        window = follow_up_window(period_kind, year, number)
    except ValueError as error:
        raise ValidationError({"number": str(error)}) from error
    if window[1] < promise.period_start or window[0] > promise.period_end:
        raise ValidationError({"year": "Perioden ligger utanför löftets giltighetstid."})
    if window[0] > queries.today():
        raise ValidationError({"year": "Perioden har inte börjat än."})
    as_of = min(window[1], queries.today())
    structured = queries.with_structure(Promise.objects.filter(pk=promise.pk)).get()
    computed = queries.compute(structured, as_of=as_of, window=window)
    label = (f"Tertial {number} {year}" if period_kind == FollowUpPeriodKind.TERTIAL
             else f"Årlig översyn {year}")
    follow_up = FollowUp.objects.filter(promise=promise, period_kind=period_kind, year=year,
                                        number=number).first()
    is_new = follow_up is None
    if follow_up is None:
        follow_up = FollowUp(promise=promise, period_kind=period_kind, year=year, number=number)
    elif follow_up.status != FollowUpStatus.DRAFT:
        raise ValidationError("Uppföljningen är redan godkänd och kan inte räknas om.")
    follow_up.period_start, follow_up.period_end = window
    follow_up.snapshot = build_snapshot(computed, window)
    if is_new or not follow_up.text.strip():
        follow_up.text = compose_text(computed, label)
    follow_up.composed_at = timezone.now()
    follow_up.save()
    follow_up.approvals.all().delete()
    record(actor, AuditAction.CREATE if is_new else AuditAction.UPDATE, follow_up,
           collaboration_id=promise.collaboration_id,
           after={"period": label, "percent": computed.rollup.percent}, note="sammanställde")
    return follow_up


@transaction.atomic
def update_follow_up_text(actor: Any, follow_up: FollowUp, *, text: str) -> FollowUp:
    if follow_up.status != FollowUpStatus.DRAFT:
        raise ValidationError("Uppföljningen är godkänd och kan inte ändras.")
    if not text.strip():
        raise ValidationError({"text": "Skriv en sammanfattning."})
    before = {"text": follow_up.text}
    follow_up.text = text.strip()
    follow_up.save(update_fields=["text", "updated_at"])
    follow_up.approvals.all().delete()
    record(actor, AuditAction.UPDATE, follow_up, collaboration_id=follow_up.collaboration_id,
           before=before, after={"text": follow_up.text})
    return follow_up


@transaction.atomic
def approve_follow_up(actor: Any, follow_up: FollowUp, membership: Membership) -> Approval:
    if follow_up.status != FollowUpStatus.DRAFT:
        raise ValidationError("Uppföljningen är redan godkänd av båda parter.")
    party = party_of(membership)
    if follow_up.approvals.filter(party=party).exists():
        raise ValidationError(f"{Party(party).label} har redan godkänt.")
    approval = Approval.objects.create(follow_up=follow_up, party=party, user=actor,
                                       user_label=_label(actor), approved_at=timezone.now())
    if {a.party for a in follow_up.approvals.all()} == {Party.MUNICIPALITY, Party.POLICE}:
        follow_up.status = FollowUpStatus.AGREED
        follow_up.save(update_fields=["status", "updated_at"])
    record(actor, AuditAction.UPDATE, follow_up, collaboration_id=follow_up.collaboration_id,
           after={"approved_by": party, "status": follow_up.status}, note="godkände")
    return approval


@transaction.atomic
def publish_follow_up(actor: Any, follow_up: FollowUp) -> FollowUp:
    if follow_up.status != FollowUpStatus.AGREED:
        raise ValidationError("Båda parter måste godkänna uppföljningen innan den publiceras.")
    if not follow_up.promise.is_public:
        raise ValidationError("Löftet måste vara publicerat innan uppföljningen publiceras.")
    follow_up.status = FollowUpStatus.PUBLISHED
    follow_up.published_at = timezone.now()
    follow_up.save(update_fields=["status", "published_at", "updated_at"])
    record(actor, AuditAction.UPDATE, follow_up, collaboration_id=follow_up.collaboration_id,
           before={"status": FollowUpStatus.AGREED}, after={"status": follow_up.status},
           note="publicerade")
    return follow_up


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _label(actor: Any) -> str:
    if not _is_user(actor):
        return "system"
    return str(getattr(actor, "display_name", "") or actor.get_username())
