"""Scoped reads: a pending extraction belongs to one user in one collaboration."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone

from lofte.documents.models import PendingExtraction
from lofte.organisations.models import Collaboration


def get_pending_for_user(user: Any, pk: int, collaboration: Collaboration) -> PendingExtraction:
    """The user's own unexpired extraction in ``collaboration``; Http404 for anything else
    (another user's, another collaboration's, expired or missing)."""
    pending = (
        PendingExtraction.objects.select_related("collaboration__municipality")
        .filter(pk=pk, owner=user, collaboration=collaboration, expires_at__gt=timezone.now())
        .first()
    )
    if pending is None:
        raise Http404
    return pending


def pending_for_user(user: Any, collaboration: Collaboration,
                     limit: int = 10) -> list[PendingExtraction]:
    """The user's newest unexpired extractions in ``collaboration``."""
    return list(PendingExtraction.objects.filter(
        owner=user, collaboration=collaboration, expires_at__gt=timezone.now())
        .only("pk", "source_name", "created_at", "expires_at").order_by("-created_at")[:limit])
