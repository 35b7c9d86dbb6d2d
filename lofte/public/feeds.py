"""Atom feeds of published promises and follow-ups: per kommun and for all kommuner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from lofte.promises import queries as promise_queries
from lofte.promises.models import FollowUp, FollowUpStatus, Promise
from lofte.public import queries


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    description: str
    published: dt.datetime
    guid: str


def _entries(code: str | None) -> list[Entry]:
    promises = Promise.objects.filter(status__in=promise_queries.PUBLIC_STATUSES,
                                      published_at__isnull=False).select_related(
        "collaboration__municipality")
    follow_ups = FollowUp.objects.filter(
        status=FollowUpStatus.PUBLISHED, published_at__isnull=False,
        promise__status__in=promise_queries.PUBLIC_STATUSES,
        promise__published_at__isnull=False).select_related("promise__collaboration__municipality")
    if code:
        promises = promises.filter(collaboration__municipality__code=code)
        follow_ups = follow_ups.filter(promise__collaboration__municipality__code=code)
    entries = [
        Entry(p.title,
              reverse("public:promise", args=[p.collaboration.municipality.code, p.pk]),
              p.summary or p.effect, p.published_at, f"promise-{p.pk}")
        for p in promises.order_by("-published_at")[:30] if p.published_at
    ]
    entries += [
        Entry(f"{f.label}: {f.promise.title}",
              reverse("public:follow_up", args=[f.promise.collaboration.municipality.code,
                                                f.pk]),
              f.text[:600], f.published_at, f"follow-up-{f.pk}")
        for f in follow_ups.order_by("-published_at")[:30] if f.published_at
    ]
    return sorted(entries, key=lambda e: e.published, reverse=True)[:40]


class PromiseFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, code: str | None = None) -> Any:
        if code is None:
            return None
        return queries.get_municipality(code)

    def title(self, obj: Any) -> str:
        if obj is None:
            return "Medborgarlöften – alla kommuner i Löfte"
        return f"Medborgarlöften i {obj.official_name}"

    def link(self, obj: Any) -> str:
        if obj is None:
            return reverse("public:index")
        return reverse("public:municipality", args=[obj.code])

    def subtitle(self, obj: Any) -> str:
        return "Publicerade medborgarlöften, åtgärdsplaner och uppföljningar."

    def items(self, obj: Any) -> list[Entry]:
        return _entries(obj.code if obj is not None else None)

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_pubdate(self, item: Entry) -> dt.datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> dt.datetime:
        return item.published

    def item_guid(self, item: Entry) -> str:
        return item.guid

    item_guid_is_permalink = False
