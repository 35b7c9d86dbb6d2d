"""Read queries of the national register: filtered listings and theme statistics."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from lofte.documents.models import RegisteredActivity, RegisteredPromise
from lofte.documents.parsing import THEME_LABELS, theme_label

ACTOR_LABELS = {"polisen": "Polisen", "kommunen": "Kommunen",
                "gemensamt": "Kommunen och polisen gemensamt"}

Membership = RegisteredPromise.municipalities.through


def actor_label(actor: str) -> str:
    return ACTOR_LABELS.get(actor, actor)


def theme_choices() -> list[tuple[str, str]]:
    return list(THEME_LABELS.items())


def actor_choices() -> list[tuple[str, str]]:
    actors = RegisteredActivity.objects.values_list("actor", flat=True).distinct()
    known = [a for a in ACTOR_LABELS if a in set(actors)]
    others = sorted(a for a in set(actors) if a not in ACTOR_LABELS)
    return [(a, actor_label(a)) for a in [*known, *others]]


def filter_promises(promises: QuerySet[RegisteredPromise], filters: Mapping[str, Any],
                    prefix: str = "") -> QuerySet[RegisteredPromise]:
    """Apply the register filters (lan, kommun, year, theme, actor, q); ``prefix`` reaches the
    promise from a related model ("registeredpromise__")."""
    lookups: dict[str, Any] = {}
    if filters.get("lan"):
        lookups[f"{prefix}municipalities__county__code"] = filters["lan"]
    if filters.get("kommun"):
        lookups[f"{prefix}municipalities__code"] = filters["kommun"]
    if filters.get("year"):
        lookups[f"{prefix}start_year__lte"] = filters["year"]
        lookups[f"{prefix}end_year__gte"] = filters["year"]
    if filters.get("theme"):
        lookups[f"{prefix}theme_key__contains"] = f" {filters['theme']} "
    if filters.get("actor"):
        lookups[f"{prefix}activities__actor"] = filters["actor"]
    if filters.get("q"):
        # The source text holds the focus areas and activities as published.
        lookups[f"{prefix}source_text__icontains"] = filters["q"]
    return promises.filter(**lookups)


def register_rows(filters: Mapping[str, Any]) -> QuerySet[Any]:
    """One row per (kommun, promise), ordered by län, kommun and year (newest first)."""
    rows = Membership.objects.select_related(
        "municipality__county", "registeredpromise").order_by(
        "municipality__county__code", "municipality__name", "-registeredpromise__start_year",
        "registeredpromise__title")
    if filters.get("lan"):
        rows = rows.filter(municipality__county__code=filters["lan"])
    if filters.get("kommun"):
        rows = rows.filter(municipality__code=filters["kommun"])
    promise_ids = filter_promises(RegisteredPromise.objects.all(), {
        k: v for k, v in filters.items() if k in {"year", "theme", "actor", "q"}}).values("pk")
    return rows.filter(registeredpromise__in=promise_ids)


@dataclass(frozen=True)
class ThemeRow:
    code: str
    label: str
    municipalities: int
    share: float  # of all kommuner in the selection, 0–1
    by_year: list[int]  # kommuner with the theme, per year in ``ThemeStatistics.years``


@dataclass(frozen=True)
class ThemeStatistics:
    years: list[int]
    municipalities: int
    promises: int
    rows: list[ThemeRow]
    maximum: int  # the largest cell of the themes × years table (for shading)


def theme_statistics(filters: Mapping[str, Any]) -> ThemeStatistics:
    """How themes are shared across kommuner and years.

    A kommun counts for a theme in a year when one of its promises covering that year has the
    theme; ``share`` is the share of the selection's kommuner that have the theme in any year.
    """
    promises = filter_promises(RegisteredPromise.objects.all(),
                               {k: v for k, v in filters.items() if k == "lan"})
    links = Membership.objects.filter(registeredpromise__in=promises.values("pk"))
    if filters.get("lan"):
        links = links.filter(municipality__county__code=filters["lan"])
    pairs = list(links.values_list("municipality_id", "registeredpromise_id"))
    data = {p.pk: p for p in RegisteredPromise.objects.filter(
        pk__in={pid for _, pid in pairs}).only("pk", "themes", "start_year", "end_year")}
    cells: dict[tuple[str, int], set[int]] = defaultdict(set)
    anywhere: dict[str, set[int]] = defaultdict(set)
    years: set[int] = set()
    for municipality_id, promise_id in pairs:
        promise = data[promise_id]
        for theme in promise.themes:
            anywhere[theme].add(municipality_id)
            for year in promise.years:
                cells[(theme, year)].add(municipality_id)
        years.update(promise.years)
    ordered_years = sorted(years)
    total = len({m for m, _ in pairs})
    rows = [
        ThemeRow(code, theme_label(code), len(anywhere[code]),
                 len(anywhere[code]) / total if total else 0.0,
                 [len(cells[(code, year)]) for year in ordered_years])
        for code in THEME_LABELS if anywhere.get(code)
    ]
    rows.sort(key=lambda row: (-row.municipalities, row.label))
    maximum = max((count for row in rows for count in row.by_year), default=0)
    return ThemeStatistics(ordered_years, total, len(data), rows, maximum)
