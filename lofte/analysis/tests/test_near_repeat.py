from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lofte.analysis.near_repeat import knox_table, near_repeat

DISTANCES = np.array([0.0, 100.0, 200.0, 300.0])
TIMES = np.array([7.0, 14.0, 21.0])


def _events(
    rng: np.random.Generator, n: int, repeats: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = rng.uniform(0, 5000, n)
    y = rng.uniform(0, 5000, n)
    days = rng.uniform(0, 365, n)
    source = rng.integers(0, n, repeats)
    x = np.concatenate([x, x[source] + rng.normal(0, 40, repeats)])
    y = np.concatenate([y, y[source] + rng.normal(0, 40, repeats)])
    days = np.concatenate([days, days[source] + rng.uniform(0, 6, repeats)])
    return x, y, days


def _brute_force(x: np.ndarray, y: np.ndarray, days: np.ndarray) -> np.ndarray:
    edges = DISTANCES.copy()
    edges[0] = 0.5
    table = np.zeros((DISTANCES.size, TIMES.size), dtype=np.int64)
    for i in range(x.size):
        for j in range(i + 1, x.size):
            d = np.hypot(x[i] - x[j], y[i] - y[j])
            t = abs(days[i] - days[j])
            s_band = np.searchsorted(edges, d, side="left")
            t_band = np.searchsorted(TIMES, t, side="left")
            if s_band < DISTANCES.size and t_band < TIMES.size:
                table[s_band, t_band] += 1
    return table


def test_observed_table_equals_brute_force(rng: np.random.Generator) -> None:
    x, y, days = _events(rng, 300, 40)
    result = knox_table(x, y, days, DISTANCES, TIMES, iterations=9)
    assert np.array_equal(result.observed, _brute_force(x, y, days))


def test_knox_statistic_equals_pointpats(rng: np.random.Generator) -> None:
    from pointpats.spacetime import Knox

    x, y, days = _events(rng, 800, 80)
    result = knox_table(x, y, days, DISTANCES, TIMES, iterations=9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = Knox(
            np.column_stack([x, y]), days.reshape(-1, 1), delta=200.0, tau=14.0, permutations=0
        )
    assert result.observed[:3, :2].sum() == reference.nst


def test_near_repeats_are_significant_and_random_data_is_not(rng: np.random.Generator) -> None:
    x, y, days = _events(rng, 1000, 150)
    result = knox_table(x, y, days, DISTANCES, TIMES, iterations=199)
    assert result.significant()[1, 0]  # 1–100 m, 0–7 days
    assert result.knox_ratio[1, 0] > 2
    shuffled = knox_table(x, y, rng.permutation(days), DISTANCES, TIMES, iterations=199, seed=1)
    assert shuffled.significant(0.01).sum() <= 1
    assert np.all((result.p_value > 0) & (result.p_value <= 1))


@settings(max_examples=25, deadline=None)
@given(
    shift=st.tuples(st.floats(-1e5, 1e5), st.floats(-1e5, 1e5), st.floats(-1000, 1000)),
    seed=st.integers(0, 1000),
)
def test_observed_table_is_invariant_under_translation(
    shift: tuple[float, float, float], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    x, y, days = _events(rng, 60, 10)
    x, y = np.round(x), np.round(y)  # so that translation keeps distances exactly
    days = np.round(days)
    base = knox_table(x, y, days, DISTANCES, TIMES, iterations=1)
    moved = knox_table(
        x + round(shift[0]),
        y + round(shift[1]),
        days + round(shift[2]),
        DISTANCES,
        TIMES,
        iterations=1,
    )
    assert np.array_equal(base.observed, moved.observed)


def test_near_repeat_from_wgs84() -> None:
    times = np.array(
        ["2024-01-01T10:00:00", "2024-01-03T10:00:00", "2024-06-01T10:00:00"], dtype="datetime64[s]"
    )
    result = near_repeat([57.43, 57.4302, 57.5], [15.08, 15.08, 15.2], times, iterations=19)
    assert result.observed[1, 0] == 1  # ~22 m apart, two days apart
    assert result.observed.sum() == 1
    with pytest.raises(ValueError, match="increasing"):
        near_repeat([57.4], [15.1], times[:1], distance_bands=[100, 50])
