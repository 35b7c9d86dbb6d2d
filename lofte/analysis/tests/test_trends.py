from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy import stats

from lofte.analysis.trends import compare_periods, describe, same_day_last_year


def _times(rng: np.random.Generator, n: int, start: str, days: int) -> np.ndarray:
    return np.datetime64(start, "s") + rng.integers(0, days * 86_400, n).astype("timedelta64[s]")


def test_increase_is_flagged_and_equals_scipy(rng: np.random.Generator) -> None:
    base = _times(rng, 2_000, "2023-01-01T00:00:00", 730)
    fraud = _times(rng, 120, "2024-09-01T00:00:00", 30)  # a burst in September 2024
    times = np.concatenate([base, fraud])
    category = ["övrigt"] * base.size + ["bedrägeri"] * fraud.size
    result = compare_periods(
        times, date(2024, 9, 1), date(2024, 10, 1), category=category, population=33_000
    )
    assert [r.category for r in result][:1] == ["alla"]
    by_name = {r.category: r for r in result}
    fraud_result = by_name["bedrägeri"]
    assert fraud_result.count == 120
    assert fraud_result.previous.count == 0 and fraud_result.previous.start == date(2024, 8, 2)
    assert fraud_result.is_significant_increase
    assert fraud_result.rate == pytest.approx(120 / 33_000 * 100_000)
    overall = by_name["alla"]
    expected = stats.binomtest(overall.count, overall.count + overall.last_year.count, 0.5)
    assert overall.last_year.test.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    assert "bedrägeri: ökar" in describe(fraud_result)
    assert not by_name["övrigt"].is_significant_increase


def test_population_changes_the_rates(rng: np.random.Generator) -> None:
    times = _times(rng, 400, "2023-01-01T00:00:00", 730)
    same = compare_periods(times, date(2024, 1, 1), date(2024, 7, 1))[0]
    grown = compare_periods(
        times, date(2024, 1, 1), date(2024, 7, 1), population=40_000, last_year_population=20_000
    )[0]
    assert grown.last_year.test.ratio == pytest.approx(same.last_year.test.ratio / 2, rel=0.02)


def test_leap_day_and_bad_periods() -> None:
    assert same_day_last_year(date(2024, 2, 29)) == date(2023, 2, 28)
    with pytest.raises(ValueError):
        compare_periods(np.array([], dtype="datetime64[s]"), date(2024, 2, 1), date(2024, 1, 1))
    with pytest.raises(ValueError):
        compare_periods(
            np.array([], dtype="datetime64[s]"), date(2024, 1, 1), date(2024, 2, 1), population=0
        )
