"""Synthetic incident data for the analysis tests (random and clustered, reproducible)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

# A 30 × 30 km box around Vetlanda.
LAT0, LON0 = 57.43, 15.08


def clustered_points(
    rng: np.random.Generator, n: int, clusters: int = 4, share: float = 0.6, scale: float = 1.0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``n`` WGS84 points: ``share`` of them in Gaussian clusters, the rest uniform, in a box
    of about ``30·scale`` km around Vetlanda."""
    n_clustered = int(n * share)
    centres_lat = rng.uniform(LAT0 - 0.1 * scale, LAT0 + 0.1 * scale, clusters)
    centres_lon = rng.uniform(LON0 - 0.2 * scale, LON0 + 0.2 * scale, clusters)
    which = rng.integers(0, clusters, n_clustered)
    lat = np.concatenate(
        [
            rng.normal(centres_lat[which], 0.004),
            rng.uniform(LAT0 - 0.13 * scale, LAT0 + 0.13 * scale, n - n_clustered),
        ]
    )
    lon = np.concatenate(
        [
            rng.normal(centres_lon[which], 0.008),
            rng.uniform(LON0 - 0.25 * scale, LON0 + 0.25 * scale, n - n_clustered),
        ]
    )
    return lat, lon


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240501)
