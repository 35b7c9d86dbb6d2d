"""Read-only queries for citizens: only published material ever leaves this module.

Drafts, agreed or signed-but-unpublished versions and unpublished follow-ups never appear.
Outcome figures under ``LOFTE_PUBLIC_MIN_COUNT`` are suppressed (shown as "färre än N").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from lofte.geo.models import Municipality
from lofte.promises import queries as promise_queries
from lofte.promises.models import FollowUp, FollowUpStatus, Promise, PromiseStatus


def municipalities_with_promises() -> list[tuple[Municipality, Promise]]:
    """Each kommun with public promises, and its current (or latest) one."""
    promises = (Promise.objects.filter(status__in=promise_queries.PUBLIC_STATUSES,
                                       published_at__isnull=False)
                .select_related("collaboration__municipality")
                .order_by("collaboration__municipality__name", "-period_start", "-version"))
    chosen: dict[str, Promise] = {}
    today = promise_queries.today()
    for promise in promises:
        code = promise.collaboration.municipality.code
        current = chosen.get(code)
        if current is None or (_rank(promise, today) < _rank(current, today)):
            chosen[code] = promise
    return [(p.collaboration.municipality, p) for p in chosen.values()]


def _rank(promise: Promise, today: dt.date) -> tuple[int, int, int]:
    covers_today = promise.period_start <= today <= promise.period_end
    return (0 if promise.status == PromiseStatus.PUBLISHED else 1,
            0 if covers_today else 1, -promise.period_start.toordinal() * 100 - promise.version)


def get_municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise Http404
    return municipality


def public_promises(code: str) -> QuerySet[Promise]:
    return promise_queries.published_promises_of(code)


def current_promises(code: str) -> tuple[list[Promise], list[Promise]]:
    """(in force: published versions, citizen promises first), (earlier: replaced or closed)."""
    promises = list(public_promises(code))
    current = [p for p in promises if p.status == PromiseStatus.PUBLISHED]
    current.sort(key=lambda p: (p.kind != "medborgarlofte", -p.period_start.toordinal()))
    earlier = [p for p in promises if p.status != PromiseStatus.PUBLISHED]
    return current, earlier


def get_public_promise(code: str, pk: int) -> Promise:
    promise = public_promises(code).filter(pk=pk).first()
    if promise is None:
        raise Http404
    return promise


def published_follow_ups(code: str) -> QuerySet[FollowUp]:
    return (FollowUp.objects.filter(promise__collaboration__municipality__code=code,
                                    status=FollowUpStatus.PUBLISHED,
                                    promise__status__in=promise_queries.PUBLIC_STATUSES,
                                    promise__published_at__isnull=False)
            .select_related("promise").order_by("-period_end", "-id"))


def get_public_follow_up(code: str, pk: int) -> FollowUp:
    follow_up = published_follow_ups(code).filter(pk=pk).first()
    if follow_up is None:
        raise Http404
    return follow_up


def tip_url(code: str) -> str | None:
    """The tip form of the kommun, when the incidents app provides one."""
    for name in ("incidents:tip", "incidents_public:tip"):
        try:
            return reverse(name, kwargs={"code": code})
        except NoReverseMatch:
            continue
    return None


def suppress_small(figures: dict[str, Any]) -> dict[str, str]:
    """Outcome figures safe to publish: values under the threshold become "färre än N"."""
    threshold = settings.LOFTE_PUBLIC_MIN_COUNT
    result = {}
    for label, value in figures.items():
        if isinstance(value, int | float) and 0 < value < threshold:
            result[label] = f"färre än {threshold}"
        else:
            result[label] = f"{value:g}" if isinstance(value, float) else str(value)
    return result


def by_actor(computed: promise_queries.PromiseProgress) -> list[promise_queries.ActorGroup]:
    return promise_queries.by_actor(computed)
