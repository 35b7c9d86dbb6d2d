from __future__ import annotations

import numpy as np
import pytest
import shapely
from sklearn.neighbors import KernelDensity

from lofte.analysis.grid import grid_for_bounds
from lofte.analysis.kde import default_bandwidth, kde_grid, kde_surface
from lofte.analysis.projection import to_sweref99tm

from .conftest import LAT0, LON0, clustered_points


def _exact(
    x: np.ndarray, y: np.ndarray, bandwidth: float, qx: np.ndarray, qy: np.ndarray
) -> np.ndarray:
    """Incidents per km² from scikit-learn's exact Gaussian KDE."""
    model = KernelDensity(bandwidth=bandwidth, kernel="gaussian", atol=0.0, rtol=0.0)
    model.fit(np.column_stack([x, y]))
    log_density = model.score_samples(np.column_stack([qx.ravel(), qy.ravel()]))
    return np.exp(log_density).reshape(qx.shape) * x.size * 1e6


@pytest.mark.parametrize(
    ("n", "bandwidth", "cell"),
    [
        (1, 300.0, 50.0),
        (1, 300.0, 130.0),
        (2, 150.0, 20.0),
        (300, 250.0, 200.0),
        (1500, 600.0, 400.0),
    ],
)
def test_surface_within_one_percent_of_exact_kde(
    rng: np.random.Generator, n: int, bandwidth: float, cell: float
) -> None:
    lat, lon = clustered_points(rng, n)
    x, y = to_sweref99tm(lat, lon)
    margin = 3 * bandwidth
    grid = grid_for_bounds(
        x.min() - margin, y.min() - margin, x.max() + margin, y.max() + margin, cell
    )
    surface = kde_grid(x, y, bandwidth, grid)
    qx, qy = grid.centres()
    exact = _exact(x, y, bandwidth, qx, qy)
    assert np.abs(surface - exact).max() <= 0.01 * exact.max()


@pytest.mark.parametrize("offset", [0.0, 0.5, 0.25])
def test_single_point_at_the_worst_positions(offset: float) -> None:
    # δ = h/5 exactly (one node per cell); a point on a node (offset 0) or half-way between
    # nodes (0.5) is where linear binning errs most.
    cell, bandwidth = 72.0, 360.0
    grid = grid_for_bounds(499_000, 6_399_000, 501_000, 6_401_000, cell)
    x_min, y_min, _, _ = grid.bounds
    x = np.array([x_min + (14 + offset) * cell])
    y = np.array([y_min + (14 + offset) * cell])
    surface = kde_grid(x, y, bandwidth, grid)
    qx, qy = grid.centres()
    exact = _exact(x, y, bandwidth, qx, qy)
    error = np.abs(surface - exact).max() / exact.max()
    assert 0.0005 < error < 0.01  # real, and within the 0.67 % bound of the docstring


def test_mass_is_conserved(rng: np.random.Generator) -> None:
    lat, lon = clustered_points(rng, 2000)
    result = kde_surface(lat, lon, bandwidth=300.0, cell=100.0)
    # Integral of the surface (per km² × cell area in km²) ≈ number of points.
    total = np.nansum(result.density) * (result.grid.cell / 1000) ** 2
    assert abs(total - 2000) < 2000 * 0.01


def test_area_masks_the_surface(rng: np.random.Generator) -> None:
    lat, lon = clustered_points(rng, 500)
    area = shapely.Point(LON0, LAT0).buffer(0.05)
    result = kde_surface(lat, lon, bandwidth=300.0, cell=200.0, area=area)
    assert result.mask is not None
    assert np.isnan(result.density[~result.mask]).all()
    assert np.isfinite(result.density[result.mask]).all()


def test_defaults_are_reported(rng: np.random.Generator) -> None:
    lat, lon = clustered_points(rng, 1000)
    result = kde_surface(lat, lon)
    x, y = to_sweref99tm(lat, lon)
    assert result.bandwidth == pytest.approx(default_bandwidth(x, y))
    assert len(result.notes) == 2


def test_default_bandwidth_rule() -> None:
    # Four points on a circle of radius 1000 m: SD = Dm = 1000 m.
    x = np.array([1000.0, 0.0, -1000.0, 0.0]) + 500_000
    y = np.array([0.0, 1000.0, 0.0, -1000.0]) + 6_400_000
    assert default_bandwidth(x, y) == pytest.approx(0.9 * 1000 * 4 ** (-0.2))


def test_weights_scale_the_surface(rng: np.random.Generator) -> None:
    x = rng.uniform(500_000, 505_000, 200)
    y = rng.uniform(6_400_000, 6_405_000, 200)
    grid = grid_for_bounds(499_000, 6_399_000, 506_000, 6_406_000, 100.0)
    plain = kde_grid(x, y, 300.0, grid)
    doubled = kde_grid(x, y, 300.0, grid, weights=np.full(200, 2.0))
    assert np.allclose(doubled, 2 * plain)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="no points"):
        kde_surface(np.array([]), np.array([]))
    with pytest.raises(ValueError, match="bandwidth"):
        kde_surface(np.array([57.0]), np.array([15.0]), bandwidth=0.0, cell=100.0)
