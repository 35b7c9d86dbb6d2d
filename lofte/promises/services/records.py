"""Logging performed activities, importing them from files, and reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction

from lofte.core import cache
from lofte.core.audit import record, snapshot
from lofte.core.images import clean_photo, store_photos
from lofte.core.models import AuditAction
from lofte.organisations.models import Membership, OrganisationKind, Role
from lofte.promises import progress as calc
from lofte.promises import queries
from lofte.promises.models import (
    Activity,
    ActivityPhoto,
    ActivityRecord,
    Actor,
    Promise,
    PromiseStatus,
)
from lofte.promises.services._common import (
    RECORDING_STATUSES,
    REMINDER_INTERVAL_DAYS,
    _is_user,
)

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


def record_activity(actor: Any, activity: Activity, *, photos: Iterable[UploadedFile] = (),
                    **fields: Any) -> ActivityRecord:
    """Log one performed activity (with optional photos). Raises ValidationError.

    Photos are decided by their content and re-encoded without metadata
    (:func:`lofte.core.images.clean_photo`) before the transaction; a file that is not a
    photo stores nothing.
    """
    cleaned = [clean_photo(upload, field="photo") for upload in photos]
    with transaction.atomic():
        return _record_activity(actor, activity, cleaned, **fields)


def _record_activity(actor: Any, activity: Activity, photos: Sequence[ContentFile[bytes]],
                     **fields: Any) -> ActivityRecord:
    entry = _new_record(actor, activity, **fields)
    entry.save()
    _store_photos(entry, photos)
    record(actor, AuditAction.CREATE, entry, collaboration_id=activity.promise.collaboration_id,
           after=snapshot(entry, ["activity_id", "performed_on", "quantity", "place_name",
                                  "participants", "figures", "note"]))
    return entry


def _store_photos(entry: ActivityRecord, photos: Sequence[ContentFile[bytes]]) -> None:
    store_photos(lambda width, height: ActivityPhoto(record=entry, width=width, height=height),
                 photos, field="photo")


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
    cache.bump(cache.PUBLIC)  # bulk_create sends no post_save: public progress changed
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

