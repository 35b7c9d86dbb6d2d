"""Shared reads: promises with their structure, and their computed progress.

The adapter between rows and :mod:`lofte.promises.progress`: a promise's progress is computed
in a fixed number of queries (structure, then all records of its activities' lineages).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from lofte.promises import progress as calc
from lofte.promises.models import (
    Activity,
    ActivityRecord,
    Commitment,
    PeriodUnit,
    Promise,
    PromiseStatus,
    TargetKind,
)

PUBLIC_STATUSES = (PromiseStatus.PUBLISHED, PromiseStatus.REVISED, PromiseStatus.CLOSED)
STATUS_BADGES = {
    calc.Status.DONE: "ok", calc.Status.ON_TRACK: "info", calc.Status.AT_RISK: "warn",
    calc.Status.BEHIND: "bad",
}
BAR_CLASSES = {
    calc.Status.DONE: "ok", calc.Status.ON_TRACK: "ok", calc.Status.AT_RISK: "warn",
    calc.Status.BEHIND: "bad",
}


def today() -> dt.date:
    """Today's date in Sweden."""
    return calc.stockholm_date(timezone.now())


def with_structure(queryset: QuerySet[Promise]) -> QuerySet[Promise]:
    return queryset.select_related(
        "collaboration__municipality", "collaboration__police_area"
    ).prefetch_related(
        "focus_areas",
        Prefetch("commitments", queryset=Commitment.objects.select_related("focus_area")),
        Prefetch("activities", queryset=Activity.objects.select_related("owner", "commitment")),
        "signatories",
        "approvals",
    )


def target_of(activity: Activity) -> calc.Target:
    return calc.Target(
        kind=calc.Kind(activity.target_kind),
        count=activity.target_count,
        unit=calc.Unit(activity.target_period) if activity.target_period else None,
        due=activity.target_date,
        risk_days=tuple(activity.recurring_dates or ()),
        has_assessment=bool(activity.assessment.strip()),
    )


def describe_target(activity: Activity) -> str:
    """The target in plain Swedish, e.g. "Minst 15 trafikkontroller under perioden"."""
    unit = activity.unit or "gånger"
    kind = activity.target_kind
    if kind == TargetKind.AT_LEAST_IN_PERIOD:
        return f"Minst {activity.target_count} {unit} under perioden"
    if kind == TargetKind.PER_PERIOD:
        period = PeriodUnit(activity.target_period).label if activity.target_period else "per år"
        return f"{activity.target_count} {unit} {period}"
    if kind == TargetKind.BY_DATE:
        count = "" if (activity.target_count or 1) == 1 else f"{activity.target_count} {unit} "
        return f"{count}Klart senast {activity.target_date:%Y-%m-%d}".strip().capitalize()
    if kind == TargetKind.RECURRING_DATES:
        names = [calc.RISK_DAYS[k][0].lower() for k in activity.recurring_dates
                 if k in calc.RISK_DAYS]
        return "Inför varje risktillfälle: " + ", ".join(names)
    return "Kvalitativt mål – följs upp med en skriftlig bedömning"


@dataclass
class ActivityProgress:
    activity: Activity
    progress: calc.Progress
    target_text: str
    figures: dict[str, float] = field(default_factory=dict)
    records_in_window: int = 0
    number: int = 0

    @property
    def status(self) -> str:
        return self.progress.status.value

    @property
    def status_label(self) -> str:
        return calc.STATUS_LABELS[self.progress.status]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.progress.status]

    @property
    def bar(self) -> str:
        return BAR_CLASSES[self.progress.status]

    @property
    def width_class(self) -> str:
        return f"w-{round(self.progress.percent / 5) * 5}"


@dataclass
class CommitmentProgress:
    commitment: Commitment | None
    activities: list[ActivityProgress]
    rollup: calc.RollUp

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.rollup.status]

    @property
    def status_label(self) -> str:
        return calc.STATUS_LABELS[self.rollup.status]


@dataclass
class PromiseProgress:
    promise: Promise
    as_of: dt.date
    commitments: list[CommitmentProgress]
    activities: list[ActivityProgress]
    rollup: calc.RollUp

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.rollup.status]

    @property
    def status_label(self) -> str:
        return calc.STATUS_LABELS[self.rollup.status]

    @property
    def width_class(self) -> str:
        return f"w-{round(self.rollup.percent / 5) * 5}"


def records_by_lineage(promises: list[Promise], as_of: dt.date | None = None
                       ) -> dict[Any, list[tuple[dt.date, int, dict[str, Any]]]]:
    """All records of the promises' activity lineages (any version), in one query."""
    lineages = [a.lineage for p in promises for a in p.activities.all()]
    collaboration_ids = {p.collaboration_id for p in promises}
    rows = ActivityRecord.objects.filter(
        activity__lineage__in=lineages,
        activity__promise__collaboration_id__in=collaboration_ids,
    )
    if as_of is not None:
        rows = rows.filter(performed_on__lte=as_of)
    result: dict[Any, list[tuple[dt.date, int, dict[str, Any]]]] = defaultdict(list)
    for lineage, day, quantity, figures in rows.values_list(
        "activity__lineage", "performed_on", "quantity", "figures"
    ):
        result[lineage].append((day, quantity, figures or {}))
    return result


def compute(promise: Promise, *, as_of: dt.date | None = None,
            window: tuple[dt.date, dt.date] | None = None,
            records: dict[Any, list[tuple[dt.date, int, dict[str, Any]]]] | None = None
            ) -> PromiseProgress:
    """Progress of ``promise`` on ``as_of`` (default today), counting records up to that day.

    ``window`` (a tertial or a year) also sums the outcome figures and records within it, for
    follow-ups. ``promise`` should come from :func:`with_structure`.
    """
    as_of = as_of or today()
    if records is None:
        records = records_by_lineage([promise], as_of)
    by_commitment: dict[int | None, list[ActivityProgress]] = defaultdict(list)
    activities: list[ActivityProgress] = []
    for number, activity in enumerate(promise.activities.all(), start=1):
        rows = [r for r in records.get(activity.lineage, []) if r[0] <= as_of]
        performances = [calc.Performance(day, quantity) for day, quantity, _ in rows]
        result = calc.evaluate(target_of(activity), promise.period_start, promise.period_end,
                               performances, as_of)
        item = ActivityProgress(activity, result, describe_target(activity), number=number)
        if window is not None:
            for day, quantity, figures in rows:
                if window[0] <= day <= window[1]:
                    item.records_in_window += quantity
                    for label, value in figures.items():
                        if isinstance(value, int | float):
                            item.figures[label] = item.figures.get(label, 0) + value
        activities.append(item)
        by_commitment[activity.commitment_id].append(item)
    commitments = [
        CommitmentProgress(c, by_commitment.get(c.pk, []),
                           calc.roll_up([a.progress for a in by_commitment.get(c.pk, [])]))
        for c in promise.commitments.all()
    ]
    if by_commitment.get(None):
        loose = by_commitment[None]
        commitments.append(CommitmentProgress(None, loose,
                                              calc.roll_up([a.progress for a in loose])))
    return PromiseProgress(promise, as_of, commitments, activities,
                           calc.roll_up([a.progress for a in activities]))


@dataclass
class ActorGroup:
    label: str
    activities: list[ActivityProgress]


ACTOR_HEADINGS = {"kommunen": "Kommunen ska", "polisen": "Polisen ska",
                  "gemensamt": "Kommunen och polisen ska tillsammans",
                  "partner": "Tillsammans med andra aktörer"}


def by_actor(computed: PromiseProgress) -> list[ActorGroup]:
    """Activities split as published promises do: "Kommunen ska / Polisen ska / …"."""
    groups: dict[str, list[ActivityProgress]] = {}
    for item in computed.activities:
        groups.setdefault(item.activity.actor, []).append(item)
    return [ActorGroup(ACTOR_HEADINGS[key], groups[key]) for key in ACTOR_HEADINGS
            if key in groups]


def published_promises_of(municipality_code: str) -> QuerySet[Promise]:
    """Every published (or formerly published) version for a kommun: public data only."""
    return with_structure(
        Promise.objects.filter(
            collaboration__municipality__code=municipality_code,
            status__in=PUBLIC_STATUSES, published_at__isnull=False,
        )
    ).order_by("-period_start", "-version")
