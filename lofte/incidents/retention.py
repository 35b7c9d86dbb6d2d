"""Gallring: personal data in old reports and tips is removed once the retention period ends.

A report, tip or Open311 request received more than ``settings.LOFTE_RETENTION_DAYS`` days ago
(default 730) keeps only what the statistics need — category, times, coarse position (lat/lon
rounded to about 100 m) and named place, severity, status, source, moderation and the
organisation — while everything that can hold personal data is removed:

* the incident's free text: ``description``, ``address``, ``contact_name``, ``contact_email``;
* its photos (the files in storage and the rows);
* the återkoppling sent about it (``FeedbackMessage.body`` and ``recipient``);
* the note of weekly checklists older than the period.

Age is counted from when Löfte received the record (``created_at``), not from when the
incident happened, so a late report is kept as long as a prompt one.

The audit log is append-only, so audit entries written when a report was created or changed
still hold its snapshot; they are outside this job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lofte.core import audit
from lofte.core.models import AuditAction
from lofte.incidents.models import ChecklistReport, FeedbackMessage, Incident, IncidentPhoto

DEFAULT_RETENTION_DAYS = 730
# Four decimals of a degree are about 11 m; three are about 110 m north–south (60 m east–west
# at Vetlanda's latitude): enough for grids and hot spots, too coarse to point at one house.
COORDINATE_DECIMALS = 3
CLEARED_TEXT_FIELDS = ("description", "address", "contact_name", "contact_email")


@dataclass(frozen=True)
class RetentionResult:
    """What one run changed (or, with ``dry_run``, would change)."""

    cutoff: dt.datetime
    incidents: int = 0
    photos: int = 0
    feedback_messages: int = 0
    checklist_notes: int = 0
    dry_run: bool = False
    collaboration_ids: tuple[int, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return any((self.incidents, self.photos, self.feedback_messages, self.checklist_notes))

    def as_counts(self) -> dict[str, int]:
        return {"incidents": self.incidents, "photos": self.photos,
                "feedback_messages": self.feedback_messages,
                "checklist_notes": self.checklist_notes}


def retention_days() -> int:
    """The retention period in days (``settings.LOFTE_RETENTION_DAYS``, at least 1)."""
    days = int(getattr(settings, "LOFTE_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    if days < 1:
        raise ValueError("LOFTE_RETENTION_DAYS måste vara minst 1.")
    return days


def _coarse(value: float) -> float:
    return round(value, COORDINATE_DECIMALS)


def _needs_anonymising(incident: Incident) -> bool:
    return (any(getattr(incident, name) for name in CLEARED_TEXT_FIELDS)
            or incident.lat != _coarse(incident.lat) or incident.lon != _coarse(incident.lon))


def anonymise_expired(now: dt.datetime | None = None, *, dry_run: bool = False) -> RetentionResult:
    """Remove personal data from records received before ``now`` minus the retention period.

    Steps:

    1. find the incidents received before the cutoff that still hold free text or precise
       coordinates, the photos and återkoppling of any incident received before the cutoff,
       and the checklist notes written before it;
    2. unless ``dry_run``, in one transaction: blank the text fields, round the coordinates,
       delete the photo rows, blank the feedback, blank the notes, and write one audit entry
       with the counts (none when nothing changed, so a second run writes nothing);
    3. after commit, delete the photo files from storage and let cached pictures go stale.

    Idempotent: a second run with the same ``now`` finds nothing left to do.

    Args:
        now: the moment the period is counted back from (aware); defaults to the current time.
        dry_run: count only, change nothing.

    Raises:
        ValueError: ``now`` is naive, or the retention period is less than a day.
    """
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("now måste ha tidszon.")
    cutoff = now - dt.timedelta(days=retention_days())

    with transaction.atomic():
        expired = Incident.objects.filter(created_at__lt=cutoff)
        candidates = expired.filter(
            Q(description__gt="") | Q(address__gt="") | Q(contact_name__gt="")
            | Q(contact_email__gt="")
        ).only("id", "collaboration_id", "lat", "lon", *CLEARED_TEXT_FIELDS)
        # Coordinates cannot be compared with their rounded value portably in SQL, so rows
        # without text are checked here; the columns read are few.
        precise = [
            incident for incident in expired.filter(
                description="", address="", contact_name="", contact_email=""
            ).only("id", "collaboration_id", "lat", "lon", *CLEARED_TEXT_FIELDS).iterator()
            if _needs_anonymising(incident)
        ]
        incidents = [*candidates.select_for_update(), *precise]
        photos = list(IncidentPhoto.objects.filter(incident__created_at__lt=cutoff)
                      .select_related("incident").only("id", "image", "incident__collaboration_id"))
        feedback = FeedbackMessage.objects.filter(incident__created_at__lt=cutoff).filter(
            ~Q(body="") | ~Q(recipient=""))
        notes = ChecklistReport.objects.filter(created_at__lt=cutoff).exclude(note="")
        feedback_count, notes_count = feedback.count(), notes.count()
        collaboration_ids = tuple(sorted(
            {i.collaboration_id for i in incidents}
            | {p.incident.collaboration_id for p in photos}
        ))
        result = RetentionResult(
            cutoff=cutoff, incidents=len(incidents), photos=len(photos),
            feedback_messages=feedback_count, checklist_notes=notes_count, dry_run=dry_run,
            collaboration_ids=collaboration_ids,
        )
        if dry_run or not result.changed:
            return result

        for incident in incidents:
            for name in CLEARED_TEXT_FIELDS:
                setattr(incident, name, "")
            incident.lat, incident.lon = _coarse(incident.lat), _coarse(incident.lon)
            incident.updated_at = now
        Incident.objects.bulk_update(
            incidents, [*CLEARED_TEXT_FIELDS, "lat", "lon", "updated_at"], batch_size=500)
        file_names = [photo.image.name for photo in photos if photo.image.name]
        IncidentPhoto.objects.filter(pk__in=[photo.pk for photo in photos]).delete()
        feedback.update(body="", recipient="")
        notes.update(note="", updated_at=now)
        audit.record(
            None, AuditAction.UPDATE, object_type="incidents.retention",
            object_repr=f"Gallring: mottaget före {timezone.localtime(cutoff):%Y-%m-%d}",
            after={**result.as_counts(), "cutoff": cutoff.isoformat(),
                   "retention_days": retention_days()},
            note="gallring",
        )
        transaction.on_commit(lambda: _after_commit(file_names, collaboration_ids))
    return result


def _after_commit(file_names: list[str], collaboration_ids: tuple[int, ...]) -> None:
    from lofte.incidents.picture import bump_picture_version

    storage = IncidentPhoto._meta.get_field("image").storage
    for name in file_names:
        storage.delete(name)
    for collaboration_id in collaboration_ids:
        bump_picture_version(collaboration_id)
