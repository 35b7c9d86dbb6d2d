"""Background jobs (django-q2). Schedule ``lofte.promises.tasks.send_promise_reminders`` daily,
e.g. ``Schedule.objects.create(func="lofte.promises.tasks.send_promise_reminders",
schedule_type=Schedule.DAILY)``; :func:`ensure_schedule` does exactly that, idempotently."""

from __future__ import annotations

from lofte.promises import services


def send_promise_reminders() -> int:
    """E-mail owners of activities that are behind. Returns the number of e-mails."""
    return services.send_reminders(None)


def ensure_schedule() -> None:
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        func="lofte.promises.tasks.send_promise_reminders",
        defaults={"name": "Påminnelser om aktiviteter som ligger efter",
                  "schedule_type": Schedule.DAILY},
    )
