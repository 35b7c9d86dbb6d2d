"""Swedish risk days (valborg, midsommar, skolavslutning, …) and the excess of incidents on them.

A risk day is a *period* of local time: from 06:00 on its first day to 06:00 the morning after
its last day, so that the evening and the night belong to the day that caused them (as police
shifts and incident logs count them). Dates are computed per year:

=================  ============================================================================
``pask``           Långfredag to Annandag påsk (Easter from the Gregorian computus)
``valborg``        Valborgsmässoafton, 30 April
``studenten``      Studenten: by default Monday–Friday of the week before skolavslutning
``skolavslutning`` by default the Friday between 8 and 14 June
``midsommar``      Midsommarafton, the Friday between 19 and 25 June
``halloween``      31 October
``nyarsafton``     Nyårsafton, 31 December (to 06:00 on New Year's Day)
=================  ============================================================================

School dates differ between kommuner and years: pass them per year to override the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from lofte.analysis.stats import rate_ratio_test
from lofte.analysis.timebase import as_instants, easter_sunday, to_local

DAY_STARTS_AT: Final = time(6, 0)
"""Local time at which a risk day begins and the morning after ends."""

RISK_DAY_LABELS: Final = {
    "pask": "Påsk (långfredag–annandag påsk)",
    "valborg": "Valborgsmässoafton",
    "studenten": "Studenten",
    "skolavslutning": "Skolavslutning",
    "midsommar": "Midsommarafton",
    "halloween": "Halloween",
    "nyarsafton": "Nyårsafton",
}


@dataclass(frozen=True)
class RiskPeriod:
    """One risk day in one year, as naive local (Europe/Stockholm) datetimes ``[start, end)``."""

    name: str
    label: str
    year: int
    first_day: date
    last_day: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, DAY_STARTS_AT)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last_day + timedelta(days=1), DAY_STARTS_AT)


def _friday_between(year: int, month: int, first: int, last: int) -> date:
    for day in range(first, last + 1):
        candidate = date(year, month, day)
        if candidate.weekday() == 4:
            return candidate
    raise AssertionError("every 7-day window has a Friday")  # pragma: no cover


def default_school_end(year: int) -> date:
    """Skolavslutning by default: the Friday between 8 and 14 June."""
    return _friday_between(year, 6, 8, 14)


def risk_days(
    year: int,
    *,
    school_end: date | None = None,
    graduation: tuple[date, date] | None = None,
) -> list[RiskPeriod]:
    """The risk days of ``year`` in calendar order.

    Args:
        year: e.g. 2025.
        school_end: the kommun's skolavslutning that year (default: Friday 8–14 June).
        graduation: first and last day of studenten (default: Monday–Friday of the week
            before skolavslutning).

    Raises:
        ValueError: a graduation period that ends before it starts.
    """
    easter = easter_sunday(year)
    school = school_end or default_school_end(year)
    if graduation is None:
        monday = school - timedelta(days=school.weekday() + 7)
        graduation = (monday, monday + timedelta(days=4))
    if graduation[1] < graduation[0]:
        raise ValueError(f"studenten ends before it starts: {graduation}")
    periods = [
        ("pask", easter - timedelta(days=2), easter + timedelta(days=1)),
        ("valborg", date(year, 4, 30), date(year, 4, 30)),
        ("studenten", graduation[0], graduation[1]),
        ("skolavslutning", school, school),
        ("midsommar", _friday_between(year, 6, 19, 25), _friday_between(year, 6, 19, 25)),
        ("halloween", date(year, 10, 31), date(year, 10, 31)),
        ("nyarsafton", date(year, 12, 31), date(year, 12, 31)),
    ]
    result = [RiskPeriod(name, RISK_DAY_LABELS[name], year, a, b) for name, a, b in periods]
    return sorted(result, key=lambda period: period.first_day)


@dataclass(frozen=True)
class RiskDayExcess:
    """Incidents during one kind of risk day against comparable ordinary days.

    The baseline of a risk period is the same clock window on the same weekdays 1…k weeks
    before and after it (windows that touch any risk day are left out). ``ratio`` compares the
    rate in the risk periods with the rate in their baseline windows, tested exactly (Poisson,
    conditional binomial).
    """

    name: str
    label: str
    years: tuple[int, ...]
    observed: int
    baseline: int
    baseline_windows: int
    expected: float
    ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    is_increase: bool


def _overlaps(start: datetime, end: datetime, periods: Sequence[RiskPeriod]) -> bool:
    return any(start < p.end and p.start < end for p in periods)


def risk_day_excess(
    occurred_at: ArrayLike,
    *,
    school_end: Mapping[int, date] | None = None,
    graduation: Mapping[int, tuple[date, date]] | None = None,
    baseline_weeks: int = 4,
    period: tuple[datetime, datetime] | None = None,
    confidence: float = 0.95,
) -> list[RiskDayExcess]:
    """Excess of incidents on each kind of risk day, over all years the data cover.

    Args:
        occurred_at: UTC instants of the incidents.
        school_end: skolavslutning per year, overriding the default rule.
        graduation: studenten (first, last day) per year, overriding the default rule.
        baseline_weeks: comparison windows this many weeks before and after (default 4).
        period: the observation period as naive local datetimes ``[start, end)``; by default
            from the first to the last incident. Only risk periods whose whole baseline lies
            inside it are used.
        confidence: level of the ratio's interval and of ``is_increase``.

    Returns:
        One :class:`RiskDayExcess` per kind of risk day that occurs in the period (calendar
        order of the first year).

    Algorithm:
        1. local times of the incidents, sorted, so a window's count is two binary searches;
        2. for each year and risk period: the observed count, and the counts in the windows
           shifted by ±7, ±14, … days that do not touch a risk period;
        3. per kind, summed over the years: observed vs baseline counts with their exposures
           in hours: :func:`~lofte.analysis.stats.rate_ratio_test`.
    """
    local = np.sort(to_local(as_instants(occurred_at)))
    if period is None:
        if local.size == 0:
            return []
        first = local[0].astype(datetime)
        last = local[-1].astype(datetime)
        period = (first, last + timedelta(seconds=1))
    start_all, end_all = period

    def count(start: datetime, end: datetime) -> int:
        low = np.searchsorted(local, np.datetime64(start, "s"), side="left")
        high = np.searchsorted(local, np.datetime64(end, "s"), side="left")
        return int(high - low)

    school_end = school_end or {}
    graduation = graduation or {}
    by_year = {
        year: risk_days(year, school_end=school_end.get(year), graduation=graduation.get(year))
        for year in range(start_all.year - 1, end_all.year + 2)
    }
    every_period = [p for periods in by_year.values() for p in periods]
    totals: dict[str, list[float]] = {}
    years_used: dict[str, list[int]] = {}
    order: list[str] = []
    for year in range(start_all.year, end_all.year + 1):
        for risk in by_year[year]:
            span = timedelta(weeks=baseline_weeks)
            if risk.start - span < start_all or risk.end + span > end_all:
                continue
            observed = count(risk.start, risk.end)
            baseline = 0
            windows = 0
            for weeks in [*range(-baseline_weeks, 0), *range(1, baseline_weeks + 1)]:
                shift = timedelta(weeks=weeks)
                w_start, w_end = risk.start + shift, risk.end + shift
                if _overlaps(w_start, w_end, every_period):
                    continue
                baseline += count(w_start, w_end)
                windows += 1
            if windows == 0:
                continue
            if risk.name not in totals:
                totals[risk.name] = [0, 0.0, 0, 0.0, 0]
                years_used[risk.name] = []
                order.append(risk.name)
            hours = (risk.end - risk.start) / timedelta(hours=1)
            totals[risk.name][0] += observed
            totals[risk.name][1] += hours
            totals[risk.name][2] += baseline
            totals[risk.name][3] += hours * windows
            totals[risk.name][4] += windows
            years_used[risk.name].append(year)
    result = []
    for name in order:
        observed_raw, hours_raw, baseline_raw, baseline_hours_raw, windows_raw = totals[name]
        observed, baseline, windows = int(observed_raw), int(baseline_raw), int(windows_raw)
        hours, baseline_hours = float(hours_raw), float(baseline_hours_raw)
        test = rate_ratio_test(observed, hours, baseline, baseline_hours, confidence)
        result.append(
            RiskDayExcess(
                name=name,
                label=RISK_DAY_LABELS[name],
                years=tuple(years_used[name]),
                observed=observed,
                baseline=baseline,
                baseline_windows=windows,
                expected=baseline / baseline_hours * hours,
                ratio=test.ratio,
                ci_low=test.ci_low,
                ci_high=test.ci_high,
                p_value=test.p_value,
                is_increase=test.is_increase,
            )
        )
    return result
