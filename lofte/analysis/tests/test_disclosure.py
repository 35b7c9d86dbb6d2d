from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lofte.analysis.disclosure import (
    coarsen_counts,
    public_points,
    snap_points,
    suppress_small_counts,
)
from lofte.analysis.grid import Grid
from lofte.analysis.projection import to_sweref99tm


def test_primary_and_secondary_suppression() -> None:
    result = suppress_small_counts([5, 2, 9, 0])
    assert np.isnan(result.values[1]) and np.isnan(result.values[0])  # 2, then the smallest other
    assert result.values[2] == 9 and result.values[3] == 0
    assert result.is_primary.tolist() == [False, True, False, False]
    plain = suppress_small_counts([5, 2, 9, 0], has_totals=False)
    assert plain.is_suppressed.tolist() == [False, True, False, False]


@settings(max_examples=100, deadline=None)
@given(
    table=st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=1, max_size=5),
    k=st.integers(1, 5),
)
def test_no_line_reveals_a_suppressed_cell(table: list[list[int]], k: int) -> None:
    result = suppress_small_counts(table, k)
    counts = np.array(table)
    # Every small non-zero cell is hidden.
    assert result.is_suppressed[(counts > 0) & (counts < k)].all()
    # No row or column with a published total has exactly one hidden cell.
    for axis in (0, 1):
        hidden = result.is_suppressed.sum(axis=1 - axis)
        for index, n_hidden in enumerate(hidden):
            assert n_hidden != 1 or (axis, index) in result.withheld_totals
    # Published values are the true ones.
    shown = ~result.is_suppressed
    assert np.array_equal(result.values[shown], counts[shown])


def test_coarsening_until_no_small_block() -> None:
    grid = Grid(cell=250.0, col0=2000, row0=25000, cols=4, rows=4)
    counts = np.zeros((4, 4), dtype=int)
    counts[0, 0] = 2
    counts[0, 1] = 1
    counts[3, 3] = 7
    result = coarsen_counts(counts, grid, k=3)
    assert result.factor == 2
    assert result.grid.cell == 500.0
    assert result.counts.sum() == 10 and not result.is_suppressed.any()
    stuck = coarsen_counts(counts, grid, k=50, max_factor=2)
    assert stuck.is_suppressed.any()
    with pytest.raises(ValueError):
        coarsen_counts(counts, grid, k=0)


def test_snapped_points_are_cell_centres() -> None:
    lat, lon = snap_points([57.4301, 57.4302], [15.0801, 15.0803], cell=500.0)
    assert lat[0] == lat[1] and lon[0] == lon[1]
    x, y = to_sweref99tm(lat, lon)
    assert abs((x[0] % 500) - 250) < 1e-3 and abs((y[0] % 500) - 250) < 1e-3


def test_public_points_withhold_small_cells(rng: np.random.Generator) -> None:
    lat = np.concatenate([np.full(5, 57.43), [57.6]])
    lon = np.concatenate([np.full(5, 15.08), [15.3]])
    result = public_points(lat, lon, cell=500.0, k=3)
    assert result.count.tolist() == [5]
    assert result.n_withheld == 1
