"""Background jobs of the situation app (django-q2).

``ensure_schedule()`` registers a daily run of :func:`send_peak_reminders`; ``lofte worker``
runs it. The management command ``lofte situation_reminders`` does the same by hand.
"""

from __future__ import annotations

from typing import Any

SCHEDULE_NAME = "Årshjul: påminnelser före toppar"


def send_peak_reminders() -> int:
    from lofte.situation import services

    return services.send_peak_reminders(None)


def ensure_schedule() -> Any:
    """Create (once) the daily schedule for the årshjul reminders."""
    from django_q.models import Schedule

    schedule, _ = Schedule.objects.get_or_create(
        name=SCHEDULE_NAME,
        defaults={"func": "lofte.situation.tasks.send_peak_reminders",
                  "schedule_type": Schedule.DAILY, "repeats": -1},
    )
    return schedule
