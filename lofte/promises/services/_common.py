"""Shared parts of the promise services: field lists, parties, small checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from lofte.organisations.models import Membership, OrganisationKind
from lofte.promises.models import (
    Party,
    Promise,
    PromiseStatus,
)

PROMISE_FIELDS = ("kind", "title", "summary", "period_start", "period_end", "background",
                  "situation_summary", "situation_reference", "effect", "follow_up_cadence",
                  "follow_up_text")
ACTIVITY_FIELDS = ("commitment", "description", "actor", "partner_name", "owner", "place_name",
                   "latitude", "longitude", "target_kind", "target_count", "target_period",
                   "target_date", "recurring_dates", "unit", "problems", "indicators",
                   "finding_reference", "assessment")
RECORDING_STATUSES = (PromiseStatus.AGREED, PromiseStatus.SIGNED, PromiseStatus.PUBLISHED)
REMINDER_INTERVAL_DAYS = 14


# --- Parties ----------------------------------------------------------------------------------

def party_of(membership: Membership) -> str:
    """The party a member approves for: police organisation → polisen, kommun → kommunen.

    Raises ValidationError for members of other organisations (they do not sign promises).
    """
    kind = membership.organisation.kind
    if kind == OrganisationKind.POLICE_AREA:
        return Party.POLICE
    if kind == OrganisationKind.MUNICIPALITY:
        return Party.MUNICIPALITY
    raise ValidationError("Bara kommunen och polisen godkänner löften och uppföljningar.")


def _require_draft(promise: Promise) -> None:
    if not promise.is_editable:
        raise ValidationError(
            "Bara utkast kan ändras. Skapa en ny version för att ändra ett beslutat löfte."
        )


def _validate_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError({"period_end": "Slutdatum måste vara samma som eller efter "
                                             "startdatum."})
    if (end - start).days > 3 * 366 + 1:
        raise ValidationError({"period_end": "Ett löfte gäller i högst tre år."})


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _label(actor: Any) -> str:
    if not _is_user(actor):
        return "system"
    return str(getattr(actor, "display_name", "") or actor.get_username())
