"""Differences between two versions of a promise, for the version history view."""

from __future__ import annotations

from dataclasses import dataclass

from lofte.promises.models import Activity, Promise
from lofte.promises.queries import describe_target

TEXT_FIELDS = ("title", "summary", "period_start", "period_end", "background",
               "situation_summary", "effect", "follow_up_cadence", "follow_up_text")


@dataclass(frozen=True)
class Change:
    kind: str  # "changed" | "added" | "removed"
    label: str
    before: str
    after: str


def _activity_text(activity: Activity) -> str:
    return (f"{activity.actor_label}: {activity.description} ({describe_target(activity)})"
            + (f" – {activity.place_name}" if activity.place_name else ""))


def diff_versions(old: Promise, new: Promise) -> list[Change]:
    """Field changes, then activities added, removed or changed (matched by lineage)."""
    changes: list[Change] = []
    for name in TEXT_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            label = str(getattr(Promise._meta.get_field(name), "verbose_name", name)).capitalize()
            changes.append(Change("changed", label, str(before or ""), str(after or "")))
    old_commitments = [c.text for c in old.commitments.all()]
    new_commitments = [c.text for c in new.commitments.all()]
    for text in new_commitments:
        if text not in old_commitments:
            changes.append(Change("added", "Åtagande", "", text))
    for text in old_commitments:
        if text not in new_commitments:
            changes.append(Change("removed", "Åtagande", text, ""))
    old_activities = {a.lineage: a for a in old.activities.all()}
    new_activities = {a.lineage: a for a in new.activities.all()}
    for lineage, activity in new_activities.items():
        previous = old_activities.get(lineage)
        if previous is None:
            changes.append(Change("added", "Aktivitet", "", _activity_text(activity)))
        elif _activity_text(previous) != _activity_text(activity):
            changes.append(Change("changed", "Aktivitet", _activity_text(previous),
                                  _activity_text(activity)))
    for lineage, activity in old_activities.items():
        if lineage not in new_activities:
            changes.append(Change("removed", "Aktivitet", _activity_text(activity), ""))
    return changes


def history(promise: Promise) -> list[Promise]:
    """Every version of the promise, oldest first (the chain is short: one query a step)."""
    older: list[Promise] = []
    current = promise.previous_version
    while current is not None:
        older.append(current)
        current = current.previous_version
    newer: list[Promise] = []
    following = Promise.objects.filter(previous_version=promise).first()
    while following is not None:
        newer.append(following)
        following = Promise.objects.filter(previous_version=following).first()
    return [*reversed(older), promise, *newer]
