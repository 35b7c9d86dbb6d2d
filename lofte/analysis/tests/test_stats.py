from __future__ import annotations

import math

import numpy as np
import pymannkendall
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from lofte.analysis.stats import benjamini_hochberg, mann_kendall, rate_ratio_test, two_sided_p


def test_mann_kendall_equals_pymannkendall(rng: np.random.Generator) -> None:
    series = rng.poisson(3.0, (40, 18)).astype(np.float64)  # many ties
    series[:10] += np.arange(18) * 0.4  # some trends
    series[10:15] -= np.arange(18) * 0.4
    result = mann_kendall(series)
    for row in range(series.shape[0]):
        reference = pymannkendall.original_test(series[row])
        assert result.s[row] == reference.s
        assert result.variance[row] == pytest.approx(reference.var_s, rel=1e-12)
        assert result.z[row] == pytest.approx(reference.z, rel=1e-12, abs=1e-12)
        assert result.p[row] == pytest.approx(reference.p, rel=1e-9, abs=1e-12)
        assert result.tau[row] == pytest.approx(reference.Tau, rel=1e-12)
    assert (result.trend[:10] == 1).all()
    assert (result.trend[10:15] == -1).all()


def test_mann_kendall_of_constant_series_is_no_trend() -> None:
    result = mann_kendall(np.zeros((3, 10)))
    assert (result.s == 0).all() and (result.z == 0).all() and (result.p == 1).all()
    single = mann_kendall(np.array([1.0, 2.0, 3.0]))
    assert single.s.shape == (1,) and single.s[0] == 3


@pytest.mark.parametrize(
    ("count", "exposure", "reference", "reference_exposure"),
    [(30, 10.0, 15, 10.0), (0, 5.0, 7, 5.0), (12, 365.0, 9, 365.0), (5, 1.0, 0, 1.0),
     (48, 92 * 33_000.0, 30, 92 * 32_500.0), (1000, 3.0, 900, 2.0)],
)  # fmt: skip
def test_rate_ratio_equals_scipy_binomtest(
    count: int, exposure: float, reference: int, reference_exposure: float
) -> None:
    result = rate_ratio_test(count, exposure, reference, reference_exposure)
    expected = stats.binomtest(count, count + reference, exposure / (exposure + reference_exposure))
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-15)
    interval = expected.proportion_ci(0.95, method="exact")
    scale = reference_exposure / exposure

    def ratio(pi: float) -> float:
        return math.inf if pi >= 1 else pi / (1 - pi) * scale

    assert result.ci_low == pytest.approx(ratio(interval.low), rel=1e-9)
    assert result.ci_high == pytest.approx(ratio(interval.high), rel=1e-9)
    if reference:
        assert result.ratio == pytest.approx((count / exposure) / (reference / reference_exposure))


def test_rate_ratio_flags() -> None:
    assert rate_ratio_test(60, 1.0, 30, 1.0).is_increase
    assert rate_ratio_test(30, 1.0, 60, 1.0).is_decrease
    same = rate_ratio_test(31, 1.0, 30, 1.0)
    assert not same.is_increase and not same.is_decrease
    nothing = rate_ratio_test(0, 1.0, 0, 1.0)
    assert nothing.p_value == 1.0 and math.isnan(nothing.ratio)
    with pytest.raises(ValueError):
        rate_ratio_test(-1, 1.0, 3, 1.0)
    with pytest.raises(ValueError):
        rate_ratio_test(1, 0.0, 3, 1.0)


@settings(max_examples=80, deadline=None)
@given(
    count=st.integers(0, 200),
    reference=st.integers(0, 200),
    exposure=st.floats(0.1, 100.0),
    reference_exposure=st.floats(0.1, 100.0),
)
def test_rate_ratio_interval_contains_the_estimate(
    count: int, reference: int, exposure: float, reference_exposure: float
) -> None:
    result = rate_ratio_test(count, exposure, reference, reference_exposure)
    assert 0 <= result.p_value <= 1
    if count and reference:
        assert result.ci_low <= result.ratio <= result.ci_high
    # Swapping the roles inverts the ratio and keeps the p-value.
    swapped = rate_ratio_test(reference, reference_exposure, count, exposure)
    assert swapped.p_value == pytest.approx(result.p_value, rel=1e-7, abs=1e-12)


def test_two_sided_p() -> None:
    assert two_sided_p(np.array([0.0]))[0] == 1.0
    assert two_sided_p(np.array([1.959963984540054]))[0] == pytest.approx(0.05)
    assert np.isnan(two_sided_p(np.array([np.nan]))[0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=40))
def test_benjamini_hochberg_equals_scipy(p: list[float]) -> None:
    ours = benjamini_hochberg(np.array(p))
    assert np.allclose(ours, stats.false_discovery_control(np.array(p), method="bh"), atol=1e-12)
