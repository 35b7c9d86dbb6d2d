"""Trends and comparisons: a period against the previous period and the same period last year.

Counts are compared as Poisson rates with their exposures (days, times inhabitants when a
population is given), by the exact conditional test of
:func:`~lofte.analysis.stats.rate_ratio_test`. A change is *significant* when the test rejects
equal rates at the chosen level and the whole confidence interval of the rate ratio lies on one
side of 1 — the basis for writing "bedrägerierna ökar" in a lägesbild.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from lofte.analysis.stats import RateRatio, rate_ratio_test
from lofte.analysis.timebase import as_instants, to_local

PER_INHABITANTS: Final = 100_000
ALL_CATEGORIES: Final = "alla"


@dataclass(frozen=True)
class ReferenceComparison:
    """The current period against one reference period."""

    label: str
    """Swedish, e.g. ``"föregående period"``."""
    start: date
    end: date
    count: int
    rate: float | None
    """Per 100 000 inhabitants over the reference period, when a population was given."""
    test: RateRatio

    @property
    def change(self) -> float:
        """Relative change of the rate (0.25 = +25 %); NaN/inf when the reference is 0."""
        return self.test.ratio - 1.0

    @property
    def direction(self) -> str:
        """``"ökar"``, ``"minskar"`` or ``"oförändrat"`` (significant changes only)."""
        if self.test.is_increase:
            return "ökar"
        if self.test.is_decrease:
            return "minskar"
        return "oförändrat"


@dataclass(frozen=True)
class PeriodComparison:
    """One category's count in ``[start, end)`` (local dates) against its references."""

    category: str
    start: date
    end: date
    count: int
    rate: float | None
    previous: ReferenceComparison
    last_year: ReferenceComparison

    @property
    def is_significant_increase(self) -> bool:
        return self.previous.test.is_increase or self.last_year.test.is_increase

    @property
    def is_significant_decrease(self) -> bool:
        return self.previous.test.is_decrease or self.last_year.test.is_decrease


def same_day_last_year(day: date) -> date:
    """The same calendar date a year earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def compare_periods(
    occurred_at: ArrayLike,
    start: date,
    end: date,
    *,
    category: Sequence[str] | None = None,
    population: float | None = None,
    previous_population: float | None = None,
    last_year_population: float | None = None,
    confidence: float = 0.95,
) -> list[PeriodComparison]:
    """Counts (or rates per 100 000 inhabitants) of ``[start, end)`` against two references.

    Args:
        occurred_at: UTC instants of the incidents.
        start, end: the period in local dates, end exclusive.
        category: optional category per incident; each category is compared on its own as
            well as all together (category ``"alla"``, first in the result).
        population: inhabitants during the period; turns counts into rates and exposures into
            person-days. The reference populations default to the same number.
        confidence: level of the confidence intervals and of the significance flags.

    Returns:
        ``"alla"`` first, then one :class:`PeriodComparison` per category, largest count first.

    Raises:
        ValueError: an empty period, or a non-positive population.

    Algorithm:
        1. local dates of the incidents;
        2. the previous period ``[start - L, start)`` with L = end - start, and the same dates a
           year earlier;
        3. counts in each, exposures ``days × population`` (population 1 when not given);
        4. exact rate-ratio test and interval for current vs each reference.
    """
    if end <= start:
        raise ValueError(f"empty period {start} – {end}")
    for value in (population, previous_population, last_year_population):
        if value is not None and not value > 0:
            raise ValueError("population must be positive")
    local_days = to_local(as_instants(occurred_at)).astype("datetime64[D]")
    labels = None if category is None else np.asarray(list(category), dtype=str)
    if labels is not None and labels.size != local_days.size:
        raise ValueError(f"{labels.size} categories for {local_days.size} incidents")
    length = end - start
    previous = (start - length, start)
    last_year = (same_day_last_year(start), same_day_last_year(end))
    people = population or 1.0
    people_previous = previous_population or population or 1.0
    people_last_year = last_year_population or population or 1.0

    def count(days: np.ndarray, period: tuple[date, date]) -> int:
        return int(((days >= np.datetime64(period[0])) & (days < np.datetime64(period[1]))).sum())

    def rate(n: int, inhabitants: float) -> float | None:
        return None if population is None else n / inhabitants * PER_INHABITANTS

    def reference(
        days: np.ndarray, current: int, label: str, period: tuple[date, date], inhabitants: float
    ) -> ReferenceComparison:
        n = count(days, period)
        span = (period[1] - period[0]) / timedelta(days=1)
        test = rate_ratio_test(
            current, length / timedelta(days=1) * people, n, span * inhabitants, confidence
        )
        return ReferenceComparison(label, period[0], period[1], n, rate(n, inhabitants), test)

    groups: list[tuple[str, np.ndarray]] = [(ALL_CATEGORIES, local_days)]
    if labels is not None:
        names = sorted(set(labels.tolist()), key=lambda name: (-(labels == name).sum(), name))
        groups += [(name, local_days[labels == name]) for name in names]
    result = []
    for name, days in groups:
        current = count(days, (start, end))
        result.append(
            PeriodComparison(
                category=name,
                start=start,
                end=end,
                count=current,
                rate=rate(current, people),
                previous=reference(days, current, "föregående period", previous, people_previous),
                last_year=reference(
                    days, current, "samma period förra året", last_year, people_last_year
                ),
            )
        )
    return result


def _percent(value: float) -> str:
    return f"{value * 100:+.0f} %".replace("-", "−")


def describe(comparison: PeriodComparison) -> str:
    """One Swedish sentence for a lägesbild, e.g.
    ``"bedrägeri ökar: 48 händelser mot 30 föregående period (+60 %, p = 0,02)"``."""
    parts = []
    for ref in (comparison.previous, comparison.last_year):
        p_text = f"{ref.test.p_value:.2g}".replace(".", ",")
        change = _percent(ref.change) if np.isfinite(ref.change) else "ny"
        parts.append(f"{ref.count} {ref.label} ({change}, p = {p_text}, {ref.direction})")
    if comparison.is_significant_increase and not comparison.is_significant_decrease:
        verdict = "ökar"
    elif comparison.is_significant_decrease and not comparison.is_significant_increase:
        verdict = "minskar"
    else:
        verdict = "ingen säkerställd förändring"
    return f"{comparison.category}: {verdict} – {comparison.count} händelser mot " + " och ".join(
        parts
    )
