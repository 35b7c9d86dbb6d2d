"""Writing to the audit log.

Every service function calls :func:`record` once, inside its transaction, so the audit entry
commits or rolls back with the change it describes. Reads of sensitive records call
:func:`record_read`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import uuid
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import models

from lofte.core.models import AuditAction, AuditEntry

_current_ip: ContextVar[str | None] = ContextVar("lofte_audit_ip", default=None)


def set_request_ip(ip: str | None) -> None:
    """Remember the client address of the current request for the entries it writes."""
    _current_ip.set(ip)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return getattr(value, "name", None) or None
    return str(value)


def redacted(value: Any) -> Any:
    """Stand-in for free text that may hold personal data: never the text itself.

    The audit log is append-only, so personal data written into it could never be erased or
    anonymised by the retention job. A keyed digest still shows *that* the text changed.
    """
    if value in (None, ""):
        return value
    text = str(value)
    digest = hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()
    return f"[fritext, {len(text)} tecken, {digest[:10]}]"


# Short text fields that name people or hold notes about them; every TextField is free text
# and redacted anyway. Without this the append-only log would keep what a radering removes.
FREE_TEXT_CHAR_FIELDS = frozenset({
    "incidents.decision.what", "incidents.decision.where", "incidents.decision.owner",
    "incidents.decision.hot_spot", "incidents.incident.address",
    "incidents.incident.contact_name", "incidents.incident.contact_email",
    "promises.activityrecord.participants", "promises.activityrecord.place_name",
})


def _free_text_fields(instance: models.Model) -> set[str]:
    """Names (and attnames) of ``instance``'s fields that hold free text."""
    label = instance._meta.label_lower
    return {
        name for f in instance._meta.concrete_fields
        if isinstance(f, models.TextField) or f"{label}.{f.name}" in FREE_TEXT_CHAR_FIELDS
        for name in (f.name, f.attname)
    }


def snapshot(
    instance: models.Model, fields: Iterable[str] | None = None, *,
    redact: Iterable[str] = (),
) -> dict[str, Any]:
    """Return the concrete field values of ``instance`` as JSON-safe data.

    Fields named in ``redact``, every ``TextField`` and the short free-text fields in
    :data:`FREE_TEXT_CHAR_FIELDS` (text that may hold personal data) are replaced by
    :func:`redacted`.
    """
    names = (
        list(fields)
        if fields is not None
        else [f.attname for f in instance._meta.concrete_fields]
    )
    hidden = set(redact) | _free_text_fields(instance)
    return {
        name: redacted(getattr(instance, name, None)) if name in hidden
        else _jsonable(getattr(instance, name, None))
        for name in names
    }


def record(
    actor: Any,
    action: str | AuditAction,
    obj: models.Model | None = None,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_repr: str | None = None,
    collaboration_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Append one audit entry. ``actor`` is a user, or None for the system."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id is not None else obj.pk
        object_repr = object_repr if object_repr is not None else str(obj)[:300]
        if collaboration_id is None:
            collaboration_id = getattr(obj, "collaboration_id", None)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else "system")[:200],
        action=str(action),
        object_type=(object_type or "")[:100],
        object_id="" if object_id is None else str(object_id)[:64],
        object_repr=(object_repr or "")[:300],
        collaboration_id=collaboration_id,
        before=_jsonable(dict(before)) if before is not None else None,
        after=_jsonable(dict(after)) if after is not None else None,
        note=note[:300],
        ip_address=_current_ip.get(),
    )
    entry.save()
    return entry


def record_read(actor: Any, obj: models.Model, *, note: str = "") -> AuditEntry:
    """Record that ``actor`` read the details of a sensitive record."""
    return record(actor, AuditAction.READ, obj, note=note)
