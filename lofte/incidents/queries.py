"""Shared read queries of incidents (with their select_related) and small helpers."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lofte.incidents.models import Incident, Moderation, Status
from lofte.organisations.access import Scope

METRES_PER_DEGREE = 111_320.0
LIST_RELATED = ("category", "place", "organisation", "reporter")


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance, accurate to well under 1 % at a few kilometres."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6_371_000.0 * math.hypot(x, y)


@dataclass(frozen=True)
class ListFilters:
    status: str = ""
    category: int | None = None
    source: str = ""
    moderation: str = ""
    q: str = ""


def parse_filters(params: Mapping[str, str]) -> ListFilters:
    category = params.get("category", "")
    return ListFilters(
        status=params.get("status", "") if params.get("status", "") in Status.values else "",
        category=int(category) if category.isdigit() else None,
        source=params.get("source", "")[:16],
        moderation=params.get("moderation", "") if params.get("moderation", "") in
        Moderation.values else "",
        q=params.get("q", "").strip()[:100],
    )


def with_feedback_count(qs: QuerySet[Incident]) -> QuerySet[Incident]:
    """Annotate how many feedback messages each report has (for "Mina rapporter")."""
    from django.db.models import Count

    return qs.annotate(feedback_count=Count("feedback")).order_by("-occurred_from", "-id")


def filter_incidents(qs: QuerySet[Incident], f: ListFilters) -> QuerySet[Incident]:
    if f.status:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category_id=f.category)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.moderation:
        qs = qs.filter(moderation=f.moderation)
    if f.q:
        query = Q(description__icontains=f.q) | Q(place__name__icontains=f.q)
        if f.q.lstrip("#").isdigit():
            query |= Q(pk=int(f.q.lstrip("#")))
        qs = qs.filter(query)
    return qs.select_related(*LIST_RELATED)


def review_queue(scope: Scope) -> QuerySet[Incident]:
    """What waits for the coordinator: tips to moderate and new reports, oldest first."""
    return (
        Incident.objects.filter(collaboration=scope.collaboration, merged_into__isnull=True)
        .filter(Q(moderation=Moderation.PENDING) |
                Q(moderation=Moderation.APPROVED, status=Status.NEW))
        .select_related(*LIST_RELATED)
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class DuplicateSuggestion:
    incident: Incident
    metres: float
    hours: float


def duplicate_suggestions(incident: Incident, *, radius_m: float = 300.0,
                          window: dt.timedelta = dt.timedelta(days=3),
                          limit: int = 5) -> list[DuplicateSuggestion]:
    """Nearby reports of the same category close in time, nearest first (possible duplicates)."""
    d_lat = radius_m / METRES_PER_DEGREE
    d_lon = d_lat / max(math.cos(math.radians(incident.lat)), 0.1)
    candidates = (
        Incident.objects.filter(
            collaboration_id=incident.collaboration_id, category_id=incident.category_id,
            merged_into__isnull=True,
            occurred_from__gte=incident.occurred_from - window,
            occurred_from__lte=incident.occurred_from + window,
            lat__range=(incident.lat - d_lat, incident.lat + d_lat),
            lon__range=(incident.lon - d_lon, incident.lon + d_lon),
        )
        .exclude(pk=incident.pk)
        .exclude(moderation=Moderation.REJECTED)
        .select_related("category", "place")[:50]
    )
    found = []
    for other in candidates:
        metres = metres_between(incident.lat, incident.lon, other.lat, other.lon)
        if metres <= radius_m:
            hours = abs((other.occurred_from - incident.occurred_from).total_seconds()) / 3600
            found.append(DuplicateSuggestion(other, metres, hours))
    found.sort(key=lambda s: (s.metres / radius_m + s.hours / (window.total_seconds() / 3600)))
    return found[:limit]
