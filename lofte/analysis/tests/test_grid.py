from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import ndimage

from lofte.analysis.grid import (
    Grid,
    count_points,
    disc_half_widths,
    grid_for_bounds,
    grid_for_points,
    neighbour_sum,
    polygon_mask,
)


def test_grid_edges_are_multiples_of_the_cell() -> None:
    grid = grid_for_bounds(500_130.0, 6_356_010.0, 512_499.0, 6_370_000.0, 250.0)
    x_min, y_min, x_max, y_max = grid.bounds
    assert x_min == 500_000.0 and y_min == 6_356_000.0
    assert x_max == 512_500.0
    # A point exactly on a cell edge belongs to the cell to its north/east.
    assert y_max == 6_370_250.0
    assert grid.shape == (57, 50)


def test_count_points_matches_histogram(rng: np.random.Generator) -> None:
    x = rng.uniform(400_000, 431_000, 100_000)
    y = rng.uniform(6_300_000, 6_331_000, 100_000)
    grid = grid_for_points(x, y, 250.0)
    counts = count_points(grid, x, y)
    x_edges = grid.bounds[0] + 250.0 * np.arange(grid.cols + 1)
    y_edges = grid.bounds[1] + 250.0 * np.arange(grid.rows + 1)
    expected, _, _ = np.histogram2d(y, x, bins=[y_edges, x_edges])
    assert counts.dtype == np.int64
    assert counts.sum() == x.size
    assert (counts == expected).all()


def test_count_points_ignores_points_off_the_grid() -> None:
    grid = Grid(cell=10.0, col0=0, row0=0, cols=2, rows=2)
    x = np.array([5.0, 15.0, 25.0, -1.0, 19.999])
    y = np.array([5.0, 5.0, 5.0, 5.0, 19.999])
    counts = count_points(grid, x, y)
    assert counts.tolist() == [[1, 1], [0, 1]]


def test_count_points_with_weights_on_large_input(rng: np.random.Generator) -> None:
    x = rng.uniform(0, 1000, 300_000)
    y = rng.uniform(0, 1000, 300_000)
    weights = rng.uniform(0, 2, 300_000)
    grid = grid_for_bounds(0, 0, 999.9, 999.9, 100.0)
    summed = count_points(grid, x, y, weights)
    index = (np.floor(y / 100) * 10 + np.floor(x / 100)).astype(int)
    assert np.allclose(summed.ravel(), np.bincount(index, weights, minlength=100))


@pytest.mark.parametrize("band,cell", [(500, 250), (0, 250), (260, 250), (1000, 100), (354, 250)])
def test_disc_matches_brute_force_distances(band: float, cell: float) -> None:
    widths = disc_half_widths(band, cell)
    radius = (widths.size - 1) // 2
    for dr in range(-radius - 2, radius + 3):
        for dc in range(-radius - 2, radius + 3):
            inside = math.hypot(dr * cell, dc * cell) <= band + 1e-9
            in_disc = abs(dr) <= radius and abs(dc) <= widths[dr + radius]
            assert inside == in_disc, (dr, dc)


@settings(max_examples=60, deadline=None)
@given(
    band_cells=st.floats(0, 6.5),
    rows=st.integers(1, 30),
    cols=st.integers(1, 30),
    seed=st.integers(0, 2**32 - 1),
)
def test_neighbour_sum_equals_convolution(
    band_cells: float, rows: int, cols: int, seed: int
) -> None:
    values = np.random.default_rng(seed).integers(0, 7, (rows, cols))
    widths = disc_half_widths(band_cells * 100.0, 100.0)
    radius = (widths.size - 1) // 2
    footprint = np.zeros((2 * radius + 1, 2 * radius + 1), dtype=np.int64)
    for index, w in enumerate(widths):
        footprint[index, radius - w : radius + w + 1] = 1
    expected = ndimage.correlate(values, footprint, mode="constant", cval=0)
    assert (neighbour_sum(values, widths) == expected).all()


def _random_polygon(
    rng: np.random.Generator, centre: tuple[float, float], scale: float
) -> shapely.Polygon:
    angles = np.sort(rng.uniform(0, 2 * np.pi, 40))
    radii = rng.uniform(0.3, 1.0, 40) * scale
    shell = np.column_stack(
        [centre[0] + radii * np.cos(angles), centre[1] + radii * np.sin(angles)]
    )
    hole_angles = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    hole = np.column_stack(
        [
            centre[0] + 0.15 * scale * np.cos(hole_angles),
            centre[1] + 0.15 * scale * np.sin(hole_angles),
        ]
    )
    return shapely.Polygon(shell, holes=[hole])


def test_polygon_mask_matches_shapely(rng: np.random.Generator) -> None:
    area = shapely.MultiPolygon(
        [
            _random_polygon(rng, (503_333.3, 6_360_777.7), 9_000.0),
            _random_polygon(rng, (530_123.4, 6_372_345.6), 5_000.0),
        ]
    )
    grid = grid_for_bounds(*area.bounds, 250.0)
    mask = polygon_mask(grid, area)
    x, y = grid.centres()
    expected = shapely.contains_xy(area, x, y)
    assert mask.sum() > 1000
    assert (mask == expected).all()


def test_polygon_mask_outside_the_grid_is_empty() -> None:
    grid = Grid(cell=10.0, col0=0, row0=0, cols=3, rows=3)
    far = shapely.box(1000, 1000, 2000, 2000)
    assert not polygon_mask(grid, far).any()
    covering = shapely.box(-50, -50, 50, 50)
    assert polygon_mask(grid, covering).all()


def test_invalid_grids_are_refused() -> None:
    with pytest.raises(ValueError):
        Grid(cell=0.0, col0=0, row0=0, cols=1, rows=1)
    with pytest.raises(ValueError):
        grid_for_bounds(10, 0, 0, 10, 5)
    with pytest.raises(ValueError):
        grid_for_points(np.array([]), np.array([]), 250.0)
    with pytest.raises(ValueError):
        disc_half_widths(-1.0, 250.0)


@pytest.mark.parametrize("band_cells", [0.0, 1.0, 2.0, 3.7])
def test_neighbour_sum_on_a_large_grid_uses_threads_correctly(
    rng: np.random.Generator, band_cells: float
) -> None:
    values = rng.integers(0, 5, (700, 650)).astype(np.int32)  # > 2¹⁸ cells: row blocks
    widths = disc_half_widths(band_cells * 10.0, 10.0)
    radius = (widths.size - 1) // 2
    footprint = np.zeros((2 * radius + 1, 2 * radius + 1), dtype=np.int32)
    for index, w in enumerate(widths):
        footprint[index, radius - w : radius + w + 1] = 1
    expected = ndimage.correlate(values, footprint, mode="constant", cval=0)
    assert (neighbour_sum(values, widths) == expected).all()
