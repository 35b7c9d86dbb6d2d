"""Background jobs (django-q2): remove pending extractions nobody saved within their lifetime.

:func:`ensure_schedule` registers an hourly run, idempotently (called by the demo loader; run
it once in production, or rely on the clean-up each user's next upload does anyway)."""

from __future__ import annotations

from lofte.documents import services


def delete_expired_extractions() -> int:
    """Delete expired pending extractions. Returns how many were deleted."""
    return services.delete_expired_extractions(None)


def ensure_schedule() -> None:
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        func="lofte.documents.tasks.delete_expired_extractions",
        defaults={"name": "Ta bort inlästa löftesdokument som inte sparades",
                  "schedule_type": Schedule.HOURLY},
    )
