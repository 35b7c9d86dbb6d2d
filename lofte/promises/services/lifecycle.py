"""Promises and plans: drafting, approval by both parties, signing, publication, versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lofte.core.audit import record, snapshot
from lofte.core.models import AuditAction
from lofte.organisations.models import Collaboration, Membership
from lofte.promises import progress as calc
from lofte.promises import queries
from lofte.promises.models import (
    Activity,
    ActivityRecord,
    Actor,
    Approval,
    Commitment,
    FocusArea,
    Party,
    Promise,
    PromiseStatus,
    Signatory,
    TargetKind,
)
from lofte.promises.services._common import (
    ACTIVITY_FIELDS,
    PROMISE_FIELDS,
    RECORDING_STATUSES,
    _is_user,
    _label,
    _require_draft,
    _validate_period,
    party_of,
)

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

