"""Background jobs (django-q2). Schedule ``lofte.incidents.tasks.anonymise_expired_reports``
daily; :func:`ensure_schedule` does that, idempotently."""

from __future__ import annotations

from lofte.incidents.retention import anonymise_expired


def anonymise_expired_reports() -> dict[str, int]:
    """Gallring of reports and tips past the retention period. Returns the counts."""
    return anonymise_expired().as_counts()


def ensure_schedule() -> None:
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        func="lofte.incidents.tasks.anonymise_expired_reports",
        defaults={"name": "Gallring av personuppgifter i gamla rapporter och tips",
                  "schedule_type": Schedule.DAILY, "repeats": -1},
    )
