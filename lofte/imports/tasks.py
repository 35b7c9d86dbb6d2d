"""Background tasks run by the worker (``lofte worker``) on the schedules of
:func:`lofte.imports.services.ensure_schedules`.

Each task returns the import summary as a dict (stored by django-q2 as the task result). A
failed fetch is recorded as a failed :class:`~lofte.imports.models.ImportRun` and returned,
not raised, so the worker does not retry before the next scheduled run (Polisen's rules ask
for restraint).
"""

from __future__ import annotations

from typing import Any

from lofte.imports import services


def fetch_polisen_events() -> dict[str, Any]:
    """Fetch the latest 500 events from polisen.se and upsert them."""
    try:
        return services.fetch_polisen_events(None).as_dict()
    except services.ImportFailed as failure:
        return failure.summary.as_dict()


def fetch_kolada() -> dict[str, Any]:
    """Fetch the allow-listed Kolada KPIs for every kommun and Riket (this year, six back)."""
    try:
        return services.import_kolada(None).as_dict()
    except services.ImportFailed as failure:
        return failure.summary.as_dict()
