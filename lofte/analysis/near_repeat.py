"""Near-repeat analysis: the Knox test over space × time bands with Monte Carlo significance.

As in Ratcliffe's Near Repeat Calculator: every pair of incidents is placed in a table by the
distance between them (bands of metres, the first one "same location") and the time between
them (bands of days). The expected table under no space–time interaction is the mean of the
tables obtained by randomly permuting the incidents' times over their locations (the spatial
and temporal patterns stay, their link is broken). The Knox ratio is observed / expected; the
p-value of a cell is ``(1 + #{permutations with a count >= the observed}) / (1 + iterations)``,
one-sided: near-repeat victimisation means *more* pairs close in space and time than chance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

from lofte.analysis.grid import FloatArray
from lofte.analysis.hotspots import validate_coordinates
from lofte.analysis.projection import to_sweref99tm
from lofte.analysis.timebase import as_instants

DEFAULT_DISTANCE_BANDS: Final = (0.0, 100.0, 200.0, 300.0, 400.0, 500.0)
"""Upper edges in metres: same location (0 m), then 1–100 m, 101–200 m, …"""
DEFAULT_TIME_BANDS: Final = (7.0, 14.0, 21.0, 28.0)
"""Upper edges in days: 0–7 days, 8–14 days, …"""
SAME_LOCATION_TOLERANCE: Final = 0.5
"""Metres within which two incidents count as the same location (coordinates are rounded)."""


@dataclass(frozen=True)
class NearRepeatResult:
    """Tables of shape ``(distance bands, time bands)``."""

    distance_edges: FloatArray
    """Upper edge of each distance band, metres (band 0 is the same location)."""
    time_edges: FloatArray
    """Upper edge of each time band, days."""
    observed: NDArray[np.int64]
    expected: FloatArray
    knox_ratio: FloatArray
    """observed / expected (NaN where nothing is expected)."""
    p_value: FloatArray
    iterations: int
    n_events: int

    def significant(self, alpha: float = 0.05) -> NDArray[np.bool_]:
        """Cells with more pairs than chance at level ``alpha``."""
        return (self.p_value <= alpha) & (self.knox_ratio > 1)


def _check_edges(edges: Sequence[float], name: str) -> FloatArray:
    array = np.asarray(edges, dtype=np.float64)
    if array.ndim != 1 or array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be a non-empty list of numbers")
    if np.any(array < 0) or np.any(np.diff(array) <= 0):
        raise ValueError(f"{name} must be non-negative and strictly increasing")
    return array


def knox_table(
    x: FloatArray,
    y: FloatArray,
    days: FloatArray,
    distance_edges: FloatArray,
    time_edges: FloatArray,
    *,
    iterations: int = 999,
    seed: int | None = 0,
) -> NearRepeatResult:
    """The Knox table of projected incidents (metres) with times in days.

    Algorithm:
        1. all pairs within the largest distance band (k-d tree), their distance band
           (``distance <= edge``; the first band also allows ``SAME_LOCATION_TOLERANCE``);
        2. observed table: each pair's time band (``|Δt| <= edge``); pairs beyond the last
           time band are not in the table;
        3. ``iterations`` times: permute the times over the incidents and recount — the pairs
           and their distance bands stay, only the time bands change;
        4. expected = mean permuted table; p-value per cell from the permuted counts.
    """
    n = x.size
    if not (y.size == days.size == n):
        raise ValueError("x, y and days must have the same length")
    if iterations < 1:
        raise ValueError("at least one permutation is needed")
    d_edges = distance_edges.copy()
    if d_edges[0] == 0:
        d_edges[0] = SAME_LOCATION_TOLERANCE
    n_space, n_time = distance_edges.size, time_edges.size
    if n >= 2:
        tree = cKDTree(np.column_stack([x, y]))
        pairs = tree.query_pairs(float(d_edges[-1]), output_type="ndarray")
    else:
        pairs = np.empty((0, 2), dtype=np.int64)
    first, second = pairs[:, 0], pairs[:, 1]
    distance = np.hypot(x[first] - x[second], y[first] - y[second])
    space_band = np.searchsorted(d_edges, distance, side="left")
    keep = space_band < n_space
    first, second, space_band = first[keep], second[keep], space_band[keep]
    cells = n_space * n_time

    def table(times: FloatArray) -> NDArray[np.int64]:
        time_band = np.searchsorted(time_edges, np.abs(times[first] - times[second]), side="left")
        inside = time_band < n_time
        return np.bincount(
            space_band[inside] * n_time + time_band[inside], minlength=cells
        ).reshape(n_space, n_time)

    observed = table(days)
    rng = np.random.default_rng(seed)
    total = np.zeros((n_space, n_time))
    at_least = np.zeros((n_space, n_time), dtype=np.int64)
    for _ in range(iterations):
        simulated = table(days[rng.permutation(n)])
        total += simulated
        at_least += simulated >= observed
    expected = total / iterations
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    return NearRepeatResult(
        distance_edges=distance_edges,
        time_edges=time_edges,
        observed=observed,
        expected=expected,
        knox_ratio=ratio,
        p_value=(1 + at_least) / (1 + iterations),
        iterations=iterations,
        n_events=n,
    )


def near_repeat(
    lat: ArrayLike,
    lon: ArrayLike,
    occurred_at: ArrayLike,
    distance_bands: Sequence[float] = DEFAULT_DISTANCE_BANDS,
    time_bands: Sequence[float] = DEFAULT_TIME_BANDS,
    *,
    iterations: int = 999,
    seed: int | None = 0,
) -> NearRepeatResult:
    """Near-repeat (Knox) analysis of incidents.

    Args:
        lat, lon: WGS84 degrees, shape ``(n,)``.
        occurred_at: UTC instants, shape ``(n,)``.
        distance_bands: upper edges in metres, increasing; a first edge of 0 is the "same
            location" band (within 0.5 m).
        time_bands: upper edges in days, increasing (0–7 days is edge 7).
        iterations: Monte Carlo permutations (999 gives p-values down to 0.001).
        seed: random seed, for reproducible p-values (None: fresh randomness).

    Returns:
        :class:`NearRepeatResult`.

    Raises:
        ValueError: unusable coordinates, mismatched lengths or bad bands.
    """
    lat_array = np.ascontiguousarray(lat, dtype=np.float64).reshape(-1)
    lon_array = np.ascontiguousarray(lon, dtype=np.float64).reshape(-1)
    validate_coordinates(lat_array, lon_array)
    instants = as_instants(occurred_at)
    if instants.size != lat_array.size:
        raise ValueError(f"{instants.size} times for {lat_array.size} points")
    x, y = to_sweref99tm(lat_array, lon_array)
    seconds = (instants - np.datetime64(0, "s")).astype(np.int64)
    days = (seconds - (seconds.min() if seconds.size else 0)) / 86_400.0
    return knox_table(
        x,
        y,
        days,
        _check_edges(distance_bands, "distance bands"),
        _check_edges(time_bands, "time bands"),
        iterations=iterations,
        seed=seed,
    )
