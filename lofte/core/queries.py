"""Shared reads of the audit log: filtering and CSV export."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Mapping

from django.db.models import QuerySet
from django.utils import timezone

from lofte.core.models import AuditAction, AuditEntry


def filter_audit_entries(
    entries: QuerySet[AuditEntry], params: Mapping[str, str]
) -> tuple[QuerySet[AuditEntry], dict[str, str]]:
    """Apply the audit log's filters (user, action, object type, date range).

    Invalid values are ignored and reported back in the returned error dict (field → message).
    """
    errors: dict[str, str] = {}
    if actor := params.get("actor", "").strip():
        entries = entries.filter(actor_label__icontains=actor)
    action = params.get("action", "").strip()
    if action:
        if action in AuditAction.values:
            entries = entries.filter(action=action)
        else:
            errors["action"] = "Okänd händelsetyp."
    if object_type := params.get("object_type", "").strip():
        entries = entries.filter(object_type__icontains=object_type)
    for key, lookup in (("from", "at__gte"), ("to", "at__lt")):
        raw = params.get(key, "").strip()
        if not raw:
            continue
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            errors[key] = "Ange datum som ÅÅÅÅ-MM-DD."
            continue
        if key == "to":
            day += dt.timedelta(days=1)
        start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
        entries = entries.filter(**{lookup: start})
    return entries, errors


class _Echo:
    def write(self, value: str) -> str:
        return value


def audit_csv_rows(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    """Stream the entries as CSV (semicolon-separated, as Swedish Excel expects)."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(
        ["tid", "användare", "händelse", "objekttyp", "objekt-id", "objekt", "samverkan",
         "före", "efter", "anteckning", "ip"]
    )
    local = timezone.get_current_timezone()
    for e in entries.iterator(chunk_size=2000):
        yield writer.writerow([
            e.at.astimezone(local).strftime("%Y-%m-%d %H:%M:%S"),
            spreadsheet_safe(e.actor_label), e.action, e.object_type, e.object_id,
            spreadsheet_safe(e.object_repr), e.collaboration_id or "",
            spreadsheet_safe(str(e.before or "")), spreadsheet_safe(str(e.after or "")),
            spreadsheet_safe(e.note), e.ip_address or "",
        ])


def spreadsheet_safe(value: object) -> str:
    """The value as text, with spreadsheet formulas neutralised (CSV injection): a cell that
    starts like a formula gets a leading apostrophe, so Excel and LibreOffice show it as text.
    Every CSV export of free or user-given text writes its cells through this."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text

