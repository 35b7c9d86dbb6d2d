"""When incidents happen: hour of week and seasonality, in Swedish local time."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lofte.analysis.stats import FloatArray
from lofte.analysis.timebase import as_instants, to_local, weekday_and_hour

WEEKDAYS_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTHS_SV = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip

ALL_CATEGORIES = "alla"


@dataclass(frozen=True)
class HourOfWeek:
    """Counts by weekday (rows, Monday first) and local hour (columns): shape ``(7, 24)``."""

    counts: NDArray[np.int64]
    by_category: dict[str, NDArray[np.int64]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return int(self.counts.sum())

    def share(self) -> FloatArray:
        """Each hour's share of all incidents (sums to 1; zeros when there are none)."""
        total = self.counts.sum()
        result: FloatArray = self.counts / total if total else np.zeros((7, 24))
        return result


def _categories(category: Sequence[str] | None, n: int) -> NDArray[np.str_] | None:
    if category is None:
        return None
    values = np.asarray(list(category), dtype=str)
    if values.size != n:
        raise ValueError(f"{values.size} categories for {n} incidents")
    return values


def hour_of_week(occurred_at: ArrayLike, category: Sequence[str] | None = None) -> HourOfWeek:
    """Hour-of-week matrix (7 × 24) of incidents, overall and by category.

    Args:
        occurred_at: UTC instants (datetime64 or aware datetimes), shape ``(n,)``.
        category: optional category per incident.

    Returns:
        :class:`HourOfWeek`; row 0 is Monday, column h the local hour h:00–h:59.
    """
    instants = as_instants(occurred_at)
    weekday, hour = weekday_and_hour(to_local(instants))
    cell = weekday * 24 + hour
    counts = np.bincount(cell, minlength=7 * 24).reshape(7, 24)
    labels = _categories(category, instants.size)
    by_category: dict[str, NDArray[np.int64]] = {}
    if labels is not None:
        for name in sorted(set(labels.tolist())):
            by_category[name] = np.bincount(cell[labels == name], minlength=7 * 24).reshape(7, 24)
    return HourOfWeek(counts=counts, by_category=by_category)


@dataclass(frozen=True)
class Seasonality:
    """Incidents by calendar month over an observation period.

    ``index[m]`` is the month's mean daily count relative to the mean daily count of the whole
    period (1 = average; 1.3 = 30 % above), so months observed a different number of times
    compare fairly. Months never observed hold NaN.
    """

    counts: NDArray[np.int64]
    """Incidents per calendar month (January first), summed over the years."""
    days: NDArray[np.int64]
    """Days of each calendar month inside the observation period."""
    index: FloatArray
    start: date
    end: date
    """The observation period is ``[start, end)`` in local dates."""


def seasonality(
    occurred_at: ArrayLike, start: date | None = None, end: date | None = None
) -> Seasonality:
    """Seasonal index by month over ``[start, end)`` (local dates).

    Args:
        occurred_at: UTC instants, shape ``(n,)``.
        start, end: the observation period; by default from the first incident's date to the
            day after the last one's. Incidents outside are ignored.

    Raises:
        ValueError: an empty period.

    Algorithm:
        1. local dates of the incidents; counts per calendar month;
        2. days of each calendar month inside the period (exposure);
        3. index = (count / days) / (total count / total days).
    """
    local_days = to_local(as_instants(occurred_at)).astype("datetime64[D]")
    if start is None or end is None:
        if local_days.size == 0:
            raise ValueError("no incidents and no period: nothing to describe")
        start = start or local_days.min().astype(date)
        end = end or local_days.max().astype(date) + timedelta(days=1)
    if end <= start:
        raise ValueError(f"empty period {start} – {end}")
    inside = (local_days >= np.datetime64(start)) & (local_days < np.datetime64(end))
    months = local_days[inside].astype("datetime64[M]").astype(np.int64) % 12
    counts = np.bincount(months, minlength=12)
    all_days = np.arange(np.datetime64(start), np.datetime64(end), dtype="datetime64[D]")
    days = np.bincount(all_days.astype("datetime64[M]").astype(np.int64) % 12, minlength=12)
    overall = counts.sum() / days.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        index = np.where(days > 0, counts / np.maximum(days, 1) / overall, np.nan)
    if overall == 0:
        index = np.where(days > 0, 0.0, np.nan)
    return Seasonality(counts=counts, days=days, index=index, start=start, end=end)


def month_name(month: int) -> str:
    """Swedish name of month 1–12."""
    return MONTHS_SV[month - 1] if 1 <= month <= 12 else calendar.month_name[month]
