"""Small numeric helpers for the lägesbild: times, periods, risk days, peaks, protection.

Pure Python/numpy/scipy (no Django). Written before ``lofte.analysis`` had time patterns;
emerging hot spots, risk-day excess and disclosure control now come from the library, while
the simple period test, the hour-of-week table and the årshjul's peak search stay here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

WEEKDAYS = ["Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag"]
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]
MONTHS_SHORT = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov",
                "dec"]


def hour_of_week(times: Iterable[dt.datetime]) -> list[list[int]]:
    """Counts per weekday (rows, Monday first) and hour (columns) of local ``times``."""
    matrix = [[0] * 24 for _ in range(7)]
    for t in times:
        matrix[t.weekday()][t.hour] += 1
    return matrix


def busiest_windows(matrix: Sequence[Sequence[int]], top: int = 3) -> list[tuple[str, int]]:
    """The ``top`` three-hour windows with most events, as ("fredag 21–24", count)."""
    windows: list[tuple[int, str]] = []
    for day in range(7):
        for start in range(0, 24, 3):
            total = sum(matrix[day][start:start + 3])
            windows.append((total, f"{WEEKDAYS[day].lower()} {start:02d}–{start + 3:02d}"))
    windows.sort(key=lambda w: -w[0])
    return [(label, total) for total, label in windows[:top] if total > 0]


def month_keys(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(year, month) for every month touching [start, end], in order."""
    keys = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def monthly_counts(days: Iterable[dt.date], start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    counter = Counter((d.year, d.month) for d in days if start <= d <= end)
    return [(f"{MONTHS_SHORT[m - 1]} {y}", counter.get((y, m), 0))
            for y, m in month_keys(start, end)]


@dataclass(frozen=True)
class Comparison:
    current: int
    previous: int
    ratio: float | None
    """Rate ratio current/previous per day; None when the previous period had none."""
    p_value: float
    """Two-sided exact test of equal daily rates (conditional binomial, Poisson counts)."""

    @property
    def is_significant(self) -> bool:
        return self.p_value < 0.05


def compare_periods(current: int, previous: int, current_days: int,
                    previous_days: int) -> Comparison:
    """Compare two Poisson counts over periods of given lengths (days > 0).

    Given the total, the current count is binomial with p = current_days / (both days) under
    equal rates; the two-sided exact binomial p-value tests that.
    """
    if current_days <= 0 or previous_days <= 0:
        raise ValueError("Perioderna måste vara minst en dag långa.")
    total = current + previous
    share = current_days / (current_days + previous_days)
    p_value = 1.0 if total == 0 else float(stats.binomtest(current, total, share).pvalue)
    ratio = None if previous == 0 else (current / current_days) / (previous / previous_days)
    return Comparison(current, previous, ratio, p_value)


@dataclass(frozen=True)
class RiskDayEffect:
    key: str
    label: str
    observed: int
    expected: float
    years: int

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected > 0 else 0.0

    @property
    def p_value(self) -> float:
        """One-sided Poisson test that the window has more than the ordinary rate."""
        if self.observed == 0:
            return 1.0
        return float(stats.poisson.sf(self.observed - 1, self.expected))


def risk_day_effects(daily: Mapping[dt.date, int], start: dt.date, end: dt.date,
                     risk_days: Mapping[str, tuple[str, Callable[[int], dt.date]]],
                     *, window: int = 1) -> list[RiskDayEffect]:
    """Events within ±``window`` days of each risk day against the ordinary daily rate.

    The ordinary rate is the mean over [start, end] (risk-day windows included, which makes
    the test conservative). Risk days whose window falls outside the range are skipped.
    """
    n_days = (end - start).days + 1
    total = sum(c for d, c in daily.items() if start <= d <= end)
    rate = total / n_days if n_days > 0 else 0.0
    found = []
    for key, (label, date_of) in risk_days.items():
        observed, days, years = 0, 0, 0
        for year in range(start.year, end.year + 1):
            day = date_of(year)
            span = [day + dt.timedelta(days=k) for k in range(-window, window + 1)]
            if span[0] < start or span[-1] > end:
                continue
            years += 1
            days += len(span)
            observed += sum(daily.get(d, 0) for d in span)
        if years:
            found.append(RiskDayEffect(key, label, observed, rate * days, years))
    return found


@dataclass(frozen=True)
class Peak:
    """A recurring seasonal peak: ISO weeks that stand out in several years."""

    key: str
    label: str
    first_week: int
    last_week: int
    years_with_peak: int
    years: int
    mean_ratio: float
    """Mean over the years of the weeks' count against the year's weekly mean."""

    def start_in(self, year: int) -> dt.date:
        week = min(self.first_week, dt.date(year, 12, 28).isocalendar()[1])
        return dt.date.fromisocalendar(year, week, 1)

    @property
    def day_of_year(self) -> int:
        """Approximate day of year of the peak's start (for drawing the wheel)."""
        return (self.first_week - 1) * 7 + 1


def weekly_matrix(daily: Mapping[dt.date, int]) -> dict[int, list[int]]:
    """Counts per ISO year and ISO week (index 0 = week 1; 53 slots)."""
    years: dict[int, list[int]] = {}
    for day, count in daily.items():
        iso_year, week, _ = day.isocalendar()
        years.setdefault(iso_year, [0] * 53)[week - 1] += count
    return years


def recurring_peaks(daily: Mapping[dt.date, int], *, threshold: float = 1.5,
                    min_years: int = 2, alpha: float = 0.01, min_per_year: int = 26,
                    names: Mapping[int, tuple[str, str]] | None = None) -> list[Peak]:
    """Three-week windows that stand out in several years; neighbouring weeks merge.

    Steps: 1. weekly counts per ISO year; years with fewer than ``min_per_year`` events are
    dropped (too sparse to show a season); 2. each week's three-week sum (the week and its
    neighbours, wrapping at new year) against the year's expected three weeks (3/52 of the
    total); 3. a week recurs when that ratio reaches ``threshold`` in ``min_years`` years *and*
    the sum over the years is above the expected sum at one-sided Poisson level ``alpha``;
    4. consecutive recurring weeks merge; 5. ``names`` (week → (key, label)) names a peak by
    the first of its weeks with a name, else "vecka N".
    """
    matrix = {y: w for y, w in weekly_matrix(daily).items() if sum(w) >= min_per_year}
    if len(matrix) < min_years:
        return []
    sums, expected = [], []
    for weeks in matrix.values():
        values = np.array(weeks[:52], dtype=float)
        smoothed = values + np.roll(values, 1) + np.roll(values, -1)
        sums.append(smoothed)
        expected.append(np.full(52, 3 * values.sum() / 52))
    observed_table, expected_table = np.vstack(sums), np.vstack(expected)
    hits = (observed_table >= threshold * expected_table).sum(axis=0)
    pooled, pooled_expected = observed_table.sum(axis=0), expected_table.sum(axis=0)
    p_values = stats.poisson.sf(pooled - 1, pooled_expected)
    recurring = [w for w in range(52) if hits[w] >= min_years and p_values[w] < alpha]
    groups: list[list[int]] = []
    for w in recurring:
        if groups and w == groups[-1][-1] + 1:
            groups[-1].append(w)
        else:
            groups.append([w])
    peaks = []
    for group in groups:
        weeks = [w + 1 for w in group]
        key, label = f"v{weeks[0]}", f"Vecka {weeks[0]}" + (
            f"–{weeks[-1]}" if len(weeks) > 1 else "")
        for week in weeks:
            if names and week in names:
                key, label = names[week][0], f"{names[week][1]} ({label.lower()})"
                break
        ratio = float((observed_table[:, group] / expected_table[:, group]).mean())
        peaks.append(Peak(
            key=key, label=label, first_week=weeks[0], last_week=weeks[-1],
            years_with_peak=int(max(hits[w] for w in group)), years=len(matrix),
            mean_ratio=ratio,
        ))
    return peaks


def per_100k(count: float, population: float | None) -> float | None:
    if not population:
        return None
    return count * 100_000 / population


def is_small(value: object, minimum: int) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and \
        0 < value < minimum and not math.isnan(float(value))
