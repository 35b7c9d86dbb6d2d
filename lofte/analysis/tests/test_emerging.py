from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from lofte.analysis.emerging import (
    _categorise,
    category_label_sv,
    category_name,
    emerging_hotspots,
    slice_starts,
)
from lofte.analysis.grid import disc_half_widths
from lofte.analysis.hotspots import gi_star
from lofte.analysis.projection import to_sweref99tm

from .conftest import LAT0, LON0


def _series(*classes: int) -> np.ndarray:
    return np.array([classes], dtype=np.int8)


@pytest.mark.parametrize(
    ("classes", "trend", "code"),
    [
        ((0, 0, 0, 0, 0, 0, 0, 0, 0, 2), 0, 1),  # new
        ((0, 0, 0, 0, 0, 0, 0, 0, 3, 2), 0, 2),  # consecutive
        ((2, 2, 2, 2, 2, 2, 2, 2, 2, 3), 1, 3),  # intensifying
        ((2, 2, 2, 2, 2, 2, 2, 2, 2, 3), 0, 4),  # persistent
        ((3, 3, 3, 3, 3, 3, 3, 3, 3, 1), -1, 5),  # diminishing
        ((0, 1, 0, 2, 0, 0, 0, 0, 0, 2), 0, 6),  # sporadic
        ((0, -2, 0, 0, 0, 0, 0, 0, 0, 2), 0, 7),  # oscillating
        ((2, 2, 2, 2, 2, 2, 2, 2, 2, 0), 0, 8),  # historical
        ((0, 0, 0, 2, 2, 0, 0, 0, 0, 0), 0, 0),  # no pattern
        ((0, 0, 0, 0, 0, 0, 0, 0, 0, -1), 0, -1),  # new cold
        ((2, 2, 2, 2, 2, 2, 2, 2, 2, -1), 0, -7),  # cold after being hot: oscillating
        ((-2, -2, -2, -2, -2, -2, -2, -2, -2, -2), -1, -3),  # intensifying cold (z falls)
    ],
)
def test_categories(classes: tuple[int, ...], trend: int, code: int) -> None:
    result = _categorise(_series(*classes), np.array([trend], dtype=np.int8))
    assert result[0] == code, category_name(int(result[0]))


def test_category_names() -> None:
    assert category_name(3) == "intensifying hot spot"
    assert category_name(-8) == "historical cold spot"
    assert category_label_sv(1) == "ny het fläck"
    assert category_label_sv(0) == "inget mönster"


def test_slices_are_calendar_aligned() -> None:
    assert slice_starts(date(2024, 1, 15), date(2024, 3, 2), "month") == [
        date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)
    ]  # fmt: skip
    weeks = slice_starts(date(2024, 1, 3), date(2024, 1, 20), "week")
    assert weeks[0] == date(2024, 1, 1) and all(d.weekday() == 0 for d in weeks)
    assert weeks[-1] > date(2024, 1, 20)
    assert slice_starts(date(2024, 5, 5), date(2024, 8, 1), "quarter")[0] == date(2024, 4, 1)


def test_emerging_cluster_and_gi_per_slice(rng: np.random.Generator) -> None:
    n = 6000
    lat = rng.uniform(LAT0 - 0.06, LAT0 + 0.06, n)
    lon = rng.uniform(LON0 - 0.12, LON0 + 0.12, n)
    times = np.datetime64("2023-01-01T00:00:00", "s") + rng.integers(0, 365 * 86400, n).astype(
        "timedelta64[s]"
    )
    # A cluster that appears in December only.
    k = 150
    new_lat = rng.normal(LAT0, 0.002, k)
    new_lon = rng.normal(LON0, 0.004, k)
    new_times = np.datetime64("2023-12-03T00:00:00", "s") + rng.integers(0, 20 * 86400, k).astype(
        "timedelta64[s]"
    )
    result = emerging_hotspots(
        np.concatenate([lat, new_lat]),
        np.concatenate([lon, new_lon]),
        np.concatenate([times, new_times]),
        cell=500.0,
        band=1000.0,
    )
    assert result.counts.shape[0] == 12
    assert result.counts.sum() == n + k
    x, y = to_sweref99tm(np.array([LAT0]), np.array([LON0]))
    col = int(np.floor(x[0] / 500)) - result.grid.col0
    row = int(np.floor(y[0] / 500)) - result.grid.row0
    assert result.category[row, col] == 1  # new hot spot
    # Gi* of a slice equals the stand-alone analysis of that slice.
    alone = gi_star(result.counts[5], disc_half_widths(1000.0, 500.0))
    assert np.array_equal(alone.z, result.z[5])
    assert np.isfinite(result.trend_z).all()


def test_emerging_needs_two_slices() -> None:
    times = np.array(["2024-01-05T10:00:00", "2024-01-07T10:00:00"], dtype="datetime64[s]")
    with pytest.raises(ValueError, match="two time slices"):
        emerging_hotspots([57.4, 57.41], [15.1, 15.1], times, 250.0, 500.0, step="month")
    with pytest.raises(ValueError, match="times"):
        emerging_hotspots([57.4], [15.1], times, 250.0, 500.0)
