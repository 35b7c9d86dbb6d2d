"""Links from a generated figure to the data it was computed from ("Visa underlag").

When a lägesbild is drafted each figure gets ``data_links``: a list of targets on existing
staff pages of other apps, stored as a URL name, keyword arguments (without the
collaboration's ``slug``, which is added when shown so a renamed collaboration keeps working),
a query string and the permission the page needs. Hrefs are built with :func:`reverse` only
when the staff page is shown (:func:`resolve`); the public version never carries them
(:mod:`lofte.situation.disclosure` drops the key, and the public page resolves nothing).

A figure whose data has no page (the årshjul's many years of reports, for example) gets no
links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypedDict
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

SHORT_MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec"]

INCIDENTS_GROUP = "Rapporter och tips (veckobilden)"
POLICE_GROUP = "Polisens händelser"

PICTURE_MAX_DAYS = 92
"""The weekly picture shows at most this many days after the first (``incidents.picture``)."""


class DataLink(TypedDict):
    label: str
    group: str
    url_name: str
    kwargs: dict[str, Any]
    query: dict[str, str]
    permission: str


def _link(url_name: str, label: str, *, group: str = "", query: dict[str, str] | None = None,
          kwargs: dict[str, Any] | None = None, permission: str = "situation.view"
          ) -> DataLink:
    return DataLink(label=label, group=group, url_name=url_name, kwargs=dict(kwargs or {}),
                    query=dict(query or {}), permission=permission)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def picture_chunks(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """[start, end] cut into pieces the weekly picture shows whole: at most three calendar
    months each (never more than :data:`PICTURE_MAX_DAYS` days after the first day)."""
    chunks = []
    first = start
    while first <= end:
        month = first.month + 2
        last = _month_end(first.year + (month - 1) // 12, (month - 1) % 12 + 1)
        last = min(last, end, first + dt.timedelta(days=PICTURE_MAX_DAYS))
        chunks.append((first, last))
        first = last + dt.timedelta(days=1)
    return chunks


def _chunk_label(first: dt.date, last: dt.date) -> str:
    if first.day == 1 and last == _month_end(last.year, last.month):
        months = (SHORT_MONTHS[first.month - 1] if first.month == last.month
                  else f"{SHORT_MONTHS[first.month - 1]}–{SHORT_MONTHS[last.month - 1]}")
        if first.year == last.year:
            return f"{months} {last.year}"
        return (f"{SHORT_MONTHS[first.month - 1]} {first.year}–"
                f"{SHORT_MONTHS[last.month - 1]} {last.year}")
    return f"{first:%Y-%m-%d}–{last:%Y-%m-%d}"


def incident_links(start: dt.date, end: dt.date, *,
                   category_ids: Iterable[int] = ()) -> list[DataLink]:
    """The collaboration's own reports and tips over [start, end] on the weekly picture."""
    categories = ",".join(str(c) for c in sorted(set(category_ids)))
    links = []
    for first, last in picture_chunks(start, end):
        query = {"from": first.isoformat(), "to": last.isoformat()}
        if categories:
            query["category"] = categories
        links.append(_link("incidents:picture", _chunk_label(first, last),
                           group=INCIDENTS_GROUP, query=query))
    return links


def police_links(years: Iterable[int]) -> list[DataLink]:
    """The police events list, one link per calendar year with events (the list filters on
    whole years or the last 30/90/365 days only)."""
    return [_link("imports:events", f"år {year}", group=POLICE_GROUP,
                  query={"period": str(year)}) for year in sorted(set(years))]


def statistics_link() -> DataLink:
    return _link("imports:statistics", "Brottsstatistik (Kolada och Brå)")


def surveys_link() -> DataLink:
    return _link("imports:surveys", "Trygghetsmätningar")


def dialogues_link() -> DataLink:
    return _link("imports:dialogues", "Dialoger")


def promise_link(pk: int, title: str) -> DataLink:
    return _link("promises:detail", title, kwargs={"pk": pk}, permission="promise.view",
                 group="Medborgarlöfte och åtgärdsplan")


def resolve(links: Iterable[dict[str, Any]], slug: str,
            can: Callable[[str], bool]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Hrefs for the stored ``links`` of one figure, grouped: ``[(group, [(label, href)])]``.

    Links the viewer lacks the permission for, or whose page is not installed, are left out.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for link in links:
        if not can(str(link.get("permission") or "situation.view")):
            continue
        try:
            href = reverse(str(link["url_name"]),
                           kwargs={"slug": slug, **(link.get("kwargs") or {})})
        except (NoReverseMatch, KeyError):
            continue
        query = link.get("query") or {}
        if query:
            href += "?" + urlencode(query)
        groups.setdefault(str(link.get("group") or ""), []).append(
            (str(link.get("label") or "Visa underlag"), href))
    return list(groups.items())
