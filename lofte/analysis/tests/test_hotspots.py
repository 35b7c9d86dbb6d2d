from __future__ import annotations

import importlib
import warnings

import esda
import libpysal
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import false_discovery_control, norm

from lofte.analysis.grid import disc_half_widths
from lofte.analysis.hotspots import (
    GiStar,
    classify,
    default_band,
    default_cell_size,
    gi_star,
    hotspots,
    morans_i_z,
)
from lofte.analysis.projection import to_sweref99tm
from lofte.analysis.stats import benjamini_hochberg

from .conftest import LAT0, LON0, clustered_points


def _esda_z(x: np.ndarray, y: np.ndarray, values: np.ndarray, band: float) -> np.ndarray:
    """Gi* z-scores from PySAL: binary distance-band weights over the cell centres."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = libpysal.weights.DistanceBand(
            np.column_stack([x, y]), threshold=band, binary=True, silence_warnings=True
        )
        result = esda.G_Local(
            values.astype(np.float64), weights, transform="B", star=True, permutations=0
        )
    return np.asarray(result.Zs)


@pytest.mark.parametrize(
    ("cell", "band", "share"),
    [(250.0, 500.0, 0.6), (500.0, 1200.0, 0.8), (300.0, 700.0, 0.0), (1000.0, 1000.0, 0.5)],
)
def test_z_scores_equal_esda(
    rng: np.random.Generator, cell: float, band: float, share: float
) -> None:
    lat, lon = clustered_points(rng, 4000, share=share, scale=0.4)
    result = hotspots(lat, lon, cell, band)
    table = result.table()
    assert result.mask is None
    assert table.count.sum() == 4000
    expected = _esda_z(table.x, table.y, table.count, band)
    assert np.abs(table.z - expected).max() < 1e-9
    # p is two-sided; esda's p_norm is one-sided.
    assert np.allclose(table.p, 2 * norm.sf(np.abs(expected)), rtol=1e-9, atol=1e-15)
    assert np.allclose(table.p_fdr, false_discovery_control(table.p, method="bh"), atol=1e-12)


def test_z_scores_equal_esda_inside_an_area(rng: np.random.Generator) -> None:
    lat, lon = clustered_points(rng, 3000)
    area = shapely.Point(LON0, LAT0).buffer(0.09)  # lon/lat, an ellipse on the ground
    result = hotspots(lat, lon, 400.0, 900.0, area)
    assert result.mask is not None
    table = result.table()
    assert table.x.size == result.mask.sum() == result.gi.n_cells
    expected = _esda_z(table.x, table.y, table.count, 900.0)
    assert np.abs(table.z - expected).max() < 1e-9
    assert result.n_points + result.n_outside == 3000
    assert result.n_outside > 0
    # Cells outside the area carry no statistic.
    assert np.isnan(result.gi.z[~result.mask]).all()
    assert (result.counts[~result.mask] == 0).all()


def test_weighted_values_equal_esda(rng: np.random.Generator) -> None:
    values = rng.gamma(0.5, 3.0, (20, 25))
    widths = disc_half_widths(1.5, 1.0)
    gi = gi_star(values, widths)
    cols, rows = np.meshgrid(np.arange(25) + 0.5, np.arange(20) + 0.5)
    expected = _esda_z(cols.ravel(), rows.ravel(), values.ravel(), 1.5)
    assert np.abs(gi.z.ravel() - expected).max() < 1e-9


def test_clusters_are_found_as_hot_spots(rng: np.random.Generator) -> None:
    lat = np.concatenate([rng.normal(57.43, 0.002, 800), rng.uniform(57.33, 57.53, 800)])
    lon = np.concatenate([rng.normal(15.08, 0.004, 800), rng.uniform(14.9, 15.26, 800)])
    result = hotspots(lat, lon, 250.0, 500.0)
    x, y = to_sweref99tm(np.array([57.43]), np.array([15.08]))
    col = int(np.floor(x[0] / 250.0)) - result.grid.col0
    row = int(np.floor(y[0] / 250.0)) - result.grid.row0
    assert result.gi.classes[row, col] == 3
    assert result.gi.z[row, col] > 5
    # A uniform field far from the cluster has no hot spots.
    assert (result.gi.classes[:5, :5] <= 0).all()


def test_classes_follow_confidence_levels() -> None:
    z = np.array([3.0, 2.0, 1.7, 0.5, -1.7, -2.0, -3.0, np.nan])
    p = 2 * norm.sf(np.abs(np.nan_to_num(z)))
    assert classify(z, p).tolist() == [3, 2, 1, 0, -1, -2, -3, 0]


def test_fdr_and_raw_classes_differ_only_by_the_adjustment(rng: np.random.Generator) -> None:
    lat, lon = clustered_points(rng, 2000)
    with_fdr = hotspots(lat, lon, 250.0, 500.0)
    without = hotspots(lat, lon, 250.0, 500.0, fdr=False)
    assert np.array_equal(with_fdr.gi.z, without.gi.z)
    assert (np.abs(without.gi.classes) >= np.abs(with_fdr.gi.classes)).all()
    assert (without.gi.classes == classify(without.gi.z, without.gi.p)).all()


def test_benjamini_hochberg_with_multiplicities(rng: np.random.Generator) -> None:
    distinct = rng.uniform(0, 0.2, 50)
    repeats = rng.integers(1, 6, 50)
    expanded = np.repeat(distinct, repeats)
    reference = false_discovery_control(expanded, method="bh")
    grouped = benjamini_hochberg(distinct, repeats)
    assert np.allclose(np.repeat(grouped, repeats), reference, atol=1e-15)
    assert np.isnan(benjamini_hochberg(np.array([np.nan, 0.01]))[0])


# --- invariants ------------------------------------------------------------------------------

point_sets = st.lists(
    st.tuples(st.floats(0, 5000, allow_nan=False), st.floats(0, 5000, allow_nan=False)),
    min_size=0,
    max_size=60,
)


def _gi_xy(
    points: list[tuple[float, float]], offset: tuple[float, float], cell: float, band: float
) -> GiStar:
    from lofte.analysis.grid import count_points, grid_for_bounds

    x = np.array([p[0] for p in points]) + offset[0]
    y = np.array([p[1] for p in points]) + offset[1]
    grid = grid_for_bounds(offset[0], offset[1], offset[0] + 5000, offset[1] + 5000, cell)
    counts = count_points(grid, x, y)
    return gi_star(counts, disc_half_widths(band, cell))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    points=point_sets,
    shift=st.tuples(st.integers(-400, 400), st.integers(-400, 400)),
    band_cells=st.floats(0, 4),
)
def test_translation_by_whole_cells_changes_nothing(
    points: list[tuple[float, float]], shift: tuple[int, int], band_cells: float
) -> None:
    cell = 250.0
    base = _gi_xy(points, (500_000.0, 6_400_000.0), cell, band_cells * cell)
    moved = _gi_xy(
        points,
        (500_000.0 + shift[0] * cell, 6_400_000.0 + shift[1] * cell),
        cell,
        band_cells * cell,
    )
    assert np.array_equal(base.z, moved.z)
    assert np.array_equal(base.classes, moved.classes)


@settings(max_examples=60, deadline=None)
@given(points=point_sets, band_cells=st.floats(0, 4))
def test_invariants_of_the_statistic(points: list[tuple[float, float]], band_cells: float) -> None:
    gi = _gi_xy(points, (500_000.0, 6_400_000.0), 250.0, band_cells * 250.0)
    assert np.isfinite(gi.z).all()
    assert ((gi.p >= 0) & (gi.p <= 1)).all()
    assert (gi.p_fdr >= gi.p - 1e-15).all()
    assert np.array_equal(np.sign(gi.classes), np.sign(gi.classes * (gi.z != 0)))
    if len(points) == 0:
        # No incidents: nothing to cluster, z is 0 everywhere.
        assert (gi.z == 0).all() and (gi.classes == 0).all()


def test_all_points_in_one_cell(rng: np.random.Generator) -> None:
    lat = np.full(50, 57.43) + rng.uniform(0, 1e-5, 50)
    lon = np.full(50, 15.08) + rng.uniform(0, 1e-5, 50)
    alone = hotspots(lat, lon, 250.0, 500.0)
    assert alone.grid.size in (1, 2, 4)  # the points may straddle a cell edge
    assert alone.counts.sum() == 50
    # A single cell study area: the statistic is undefined and reported as 0.
    if alone.grid.size == 1:
        assert alone.gi.z[0, 0] == 0 and alone.gi.p[0, 0] == 1


def test_single_point_and_an_area() -> None:
    area = shapely.Point(LON0, LAT0).buffer(0.02)
    result = hotspots(np.array([LAT0]), np.array([LON0]), 250.0, 500.0, area)
    assert result.n_points == 1
    assert result.gi.n_cells > 10
    x, y = to_sweref99tm(np.array([LAT0]), np.array([LON0]))
    col = int(np.floor(x[0] / 250.0)) - result.grid.col0
    row = int(np.floor(y[0] / 250.0)) - result.grid.row0
    assert result.gi.z[row, col] == np.nanmax(result.gi.z)


def test_no_points_in_an_area_gives_a_zero_grid() -> None:
    area = shapely.Point(LON0, LAT0).buffer(0.02)
    result = hotspots(np.array([]), np.array([]), 250.0, 500.0, area)
    assert result.n_points == 0
    table = result.table()
    assert table.x.size == result.gi.n_cells > 0
    assert (table.count == 0).all() and (table.z == 0).all() and (table.p == 1).all()


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="no points"):
        hotspots(np.array([]), np.array([]), 250.0, 500.0)
    with pytest.raises(ValueError, match="point 1"):
        hotspots(np.array([57.0, np.nan]), np.array([15.0, 15.0]), 250.0, 500.0)
    with pytest.raises(ValueError, match="cell"):
        hotspots(np.array([57.0]), np.array([15.0]), -250.0, 500.0)
    with pytest.raises(ValueError, match="band"):
        hotspots(np.array([57.0]), np.array([15.0]), 250.0, -1.0)


# --- defaults --------------------------------------------------------------------------------


def test_default_cell_size_follows_the_rule(rng: np.random.Generator) -> None:
    lat, lon = clustered_points(rng, 400, share=0.0)
    x, y = to_sweref99tm(lat, lon)
    extent = (float(x.min()), float(y.min()), float(x.max()), float(y.max()))
    cell = default_cell_size(x, y, extent)
    assert cell in {500.0, 1000.0, 2000.0, 2500.0}
    # 400 uniform points over ~30 × 29 km: the mean nearest-neighbour distance is ~700 m.
    assert cell == 2000.0
    dense = default_cell_size(x[:1], y[:1], (0.0, 0.0, 1000.0, 1000.0))
    assert dense == 50.0


def test_default_band_is_the_first_moran_peak(rng: np.random.Generator) -> None:
    lat, lon = clustered_points(rng, 5000, clusters=3, share=0.7)
    result = hotspots(lat, lon, 500.0, None)
    choice = default_band(result.counts, 500.0)
    assert result.band == choice.band
    if choice.is_peak:
        k = int(np.flatnonzero(choice.candidates == choice.band)[0])
        assert choice.z_scores[k] > choice.z_scores[k - 1]
        assert choice.z_scores[k] > choice.z_scores[k + 1]
        z = choice.z_scores
        assert all(not (z[i] > z[i - 1] and z[i] > z[i + 1]) for i in range(1, k))
    assert result.notes and "Avståndsband" in result.notes[-1]


def test_morans_i_equals_esda(rng: np.random.Generator) -> None:
    values = rng.poisson(2.0, (15, 18)).astype(np.float64)
    values[5:8, 5:9] += 6
    widths = disc_half_widths(2.0, 1.0)
    cols, rows = np.meshgrid(np.arange(18) + 0.5, np.arange(15) + 0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = libpysal.weights.DistanceBand(
            np.column_stack([cols.ravel(), rows.ravel()]), threshold=2.0, binary=True
        )
        weights.transform = "B"
        moran = esda.Moran(values.ravel(), weights, transformation="B", permutations=0)
    assert abs(morans_i_z(values, widths, None) - moran.z_norm) < 1e-9


def test_sorting_path_equals_table_path(
    rng: np.random.Generator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The package exports the function ``hotspots``, which hides the module of that name.
    module = importlib.import_module("lofte.analysis.hotspots")
    counts = rng.poisson(0.7, (40, 50))
    counts[10:13, 20:24] += 9
    mask = np.ones(counts.shape, dtype=bool)
    mask[:5, :] = False
    widths = disc_half_widths(2.3, 1.0)
    by_table = gi_star(counts, widths, mask)
    monkeypatch.setattr(module, "_KEY_TABLE_LIMIT", 0)
    by_sorting = gi_star(counts, widths, mask)
    assert np.array_equal(by_table.z, by_sorting.z, equal_nan=True)
    assert np.array_equal(by_table.p_fdr, by_sorting.p_fdr, equal_nan=True)
    assert np.array_equal(by_table.classes, by_sorting.classes)


@settings(max_examples=60, deadline=None)
@given(
    column=st.integers(1_200, 3_600),
    row=st.integers(24_500, 30_700),
    n=st.integers(1, 40),
    cell=st.sampled_from([100.0, 250.0, 500.0]),
    band_cells=st.floats(0, 3),
    seed=st.integers(0, 1000),
)
def test_points_in_one_cell_give_one_undefined_cell(
    column: int, row: int, n: int, cell: float, band_cells: float, seed: int
) -> None:
    from lofte.analysis.projection import to_wgs84

    # n points strictly inside cell (column, row) of a 250 m-aligned grid over Sweden.
    offsets = np.random.default_rng(seed).uniform(0.05, 0.95, (2, n)) * cell
    x = column * 250.0 // cell * cell + offsets[0]
    y = row * 250.0 // cell * cell + offsets[1]
    lat, lon = to_wgs84(x, y)
    result = hotspots(lat, lon, cell, band_cells * cell)
    assert result.grid.size == 1
    assert result.counts[0, 0] == n
    assert result.gi.z[0, 0] == 0 and result.gi.p[0, 0] == 1 and result.gi.classes[0, 0] == 0
    assert result.table().count.tolist() == [n]


def test_large_grid_equals_the_formula(rng: np.random.Generator) -> None:
    """A grid big enough for the multi-threaded paths, against the formula written out."""
    from scipy import ndimage

    counts = rng.poisson(0.3, (600, 620))
    counts[300:305, 100:104] += 12
    widths = disc_half_widths(2.0, 1.0)
    footprint = np.zeros((5, 5))
    for index, w in enumerate(widths):
        footprint[index, 2 - w : 2 + w + 1] = 1
    values = counts.astype(np.float64)
    n = values.size
    sums = ndimage.correlate(values, footprint, mode="constant")
    neighbours = ndimage.correlate(np.ones_like(values), footprint, mode="constant")
    mean = values.mean()
    std = values.std()
    expected = (sums - mean * neighbours) / (
        std * np.sqrt((n * neighbours - neighbours**2) / (n - 1))
    )
    result = gi_star(counts, widths)
    assert np.abs(result.z - expected).max() < 1e-9
    assert np.allclose(result.p, 2 * norm.sf(np.abs(expected)), rtol=1e-9, atol=1e-300)
    assert np.array_equal(result.classes, classify(result.z, result.p_fdr))
