"""Emerging hot spots: Gi* per time slice and a Mann–Kendall trend per cell.

The incidents are counted in a space–time cube (grid cells × calendar slices in Swedish local
time). Gi* is computed for each slice on its own (:func:`~lofte.analysis.hotspots.gi_star`,
FDR within the slice); a cell is a *hot* (*cold*) spot in a slice when its class there is
positive (negative), i.e. significant at 90 % confidence or more. The Mann–Kendall test on the
cell's series of Gi* z-scores tells whether the clustering intensifies or diminishes. Each cell
then gets one category, decided in this order (n slices; "hot share" = share of slices in which
the cell is a hot spot; "final" = the last slice; the cold categories mirror the hot ones):

1. **intensifying** / **diminishing** / **persistent** — hot share >= 90 % and hot in the final
   slice; the trend of z is a significant increase / a significant decrease / neither;
2. **oscillating** — hot in the final slice (hot share < 90 %), cold in some earlier slice;
3. **new** — hot in the final slice and in no other;
4. **consecutive** — hot in an uninterrupted run of at least two slices ending with the final
   one, never hot before the run (hot share < 90 %);
5. **sporadic** — hot in the final slice, hot on and off before (hot share < 90 %);
6. **historical** — hot share >= 90 % but not hot in the final slice (only when the final
   slice gives the cell no category of its own, e.g. a new cold spot);
7. otherwise **no pattern** (also cells that were hot or cold only in earlier slices with a
   share below 90 %).

These are ArcGIS's Emerging Hot Spot Analysis categories; its space–time neighbourhood (Gi*
over neighbouring slices too) is replaced here by Gi* within each slice, as the issue asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from shapely.geometry.base import BaseGeometry

from lofte.analysis.grid import (
    BoolArray,
    FloatArray,
    Grid,
    disc_half_widths,
    grid_for_bounds,
    grid_for_points,
    polygon_mask,
)
from lofte.analysis.hotspots import gi_star, project_area, validate_coordinates
from lofte.analysis.projection import to_sweref99tm, to_wgs84
from lofte.analysis.stats import mann_kendall
from lofte.analysis.timebase import as_instants, to_local

Step = Literal["day", "week", "month", "quarter", "year"]

CATEGORIES: Final = (
    "new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic",
    "oscillating", "historical",
)  # fmt: skip
"""Category names; the codes are 1…8 for hot spots, -1…-8 for cold spots and 0 for none."""

LABELS_SV: Final = {
    "new": "ny",
    "consecutive": "sammanhängande",
    "intensifying": "intensifierad",
    "persistent": "ihållande",
    "diminishing": "avtagande",
    "sporadic": "sporadisk",
    "oscillating": "oscillerande",
    "historical": "historisk",
}

PERSISTENCE: Final = 0.9
"""Share of slices that makes a cell persistently hot (or cold)."""


def category_name(code: int) -> str:
    """English name of a category code, e.g. ``3 → "intensifying hot spot"``."""
    if code == 0:
        return "no pattern"
    kind = "hot" if code > 0 else "cold"
    return f"{CATEGORIES[abs(code) - 1]} {kind} spot"


def category_label_sv(code: int) -> str:
    """Swedish label of a category code, e.g. ``3 → "intensifierad het fläck"``."""
    if code == 0:
        return "inget mönster"
    kind = "het" if code > 0 else "kall"
    return f"{LABELS_SV[CATEGORIES[abs(code) - 1]]} {kind} fläck"


@dataclass(frozen=True)
class EmergingResult:
    """Arrays over ``grid``: per slice ``(slices, rows, cols)``, per cell ``(rows, cols)``."""

    grid: Grid
    mask: BoolArray | None
    slice_starts: tuple[date, ...]
    """First local date of each slice; slice k is ``[slice_starts[k], slice_starts[k+1])``."""
    slice_end: date
    counts: NDArray[np.int32]
    z: FloatArray
    classes: NDArray[np.int8]
    trend_z: FloatArray
    """Mann–Kendall z of each cell's Gi* z-score series."""
    trend_p: FloatArray
    count_trend_z: FloatArray
    """Mann–Kendall z of each cell's count series (the cube's own trend)."""
    count_trend_p: FloatArray
    category: NDArray[np.int8]
    band: float

    def study_cells(self) -> NDArray[np.bool_]:
        return np.ones(self.grid.shape, dtype=bool) if self.mask is None else self.mask

    def centres_wgs84(self) -> tuple[FloatArray, FloatArray]:
        """Latitude and longitude of every cell centre, shape ``(rows, cols)``."""
        x, y = self.grid.centres()
        return to_wgs84(x, y)


def slice_starts(first: date, last: date, step: Step) -> list[date]:
    """Calendar-aligned slice starts covering ``first``…``last``, then the end of the last slice.

    Weeks start on Monday; quarters in January, April, July and October.
    """
    if step in ("day", "week"):
        length = 1 if step == "day" else 7
        day = date.fromordinal(first.toordinal() - (first.weekday() if step == "week" else 0))
        result = [day]
        while result[-1] <= last:
            result.append(date.fromordinal(result[-1].toordinal() + length))
        return result
    months = {"month": 1, "quarter": 3, "year": 12}[step]
    index = (first.year * 12 + first.month - 1) // months * months
    result = [date(index // 12, index % 12 + 1, 1)]
    while result[-1] <= last:
        index += months
        result.append(date(index // 12, index % 12 + 1, 1))
    return result


def emerging_hotspots(
    lat: ArrayLike,
    lon: ArrayLike,
    occurred_at: ArrayLike,
    cell: float,
    band: float,
    *,
    step: Step = "month",
    area: BaseGeometry | None = None,
    start: date | None = None,
    end: date | None = None,
    trend_alpha: float = 0.05,
) -> EmergingResult:
    """Emerging hot spot analysis of incident points.

    Args:
        lat, lon: WGS84 degrees, shape ``(n,)``.
        occurred_at: UTC instants, shape ``(n,)``.
        cell: cell size in metres; band: Gi* distance band in metres.
        step: slice length, calendar-aligned in local time.
        area: optional WGS84 study area (cells whose centre lies inside).
        start, end: local dates limiting the analysis (``end`` exclusive); by default the
            slices cover the first to the last incident.
        trend_alpha: significance level of the Mann–Kendall trend (intensifying/diminishing).

    Returns:
        :class:`EmergingResult`.

    Raises:
        ValueError: unusable coordinates, mismatched lengths, fewer than two slices, or no
            incidents in the period.

    Algorithm:
        1. project the points; grid over the area or the points; local slice of each incident;
        2. counts per (slice, cell) with one bincount; Gi* per slice;
        3. Mann–Kendall per cell on the z series and on the count series;
        4. the categories above, vectorised over cells.
    """
    lat_array = np.ascontiguousarray(lat, dtype=np.float64).reshape(-1)
    lon_array = np.ascontiguousarray(lon, dtype=np.float64).reshape(-1)
    validate_coordinates(lat_array, lon_array)
    instants = as_instants(occurred_at)
    if instants.size != lat_array.size:
        raise ValueError(f"{instants.size} times for {lat_array.size} points")
    local_days = to_local(instants).astype("datetime64[D]")
    keep = np.ones(local_days.size, dtype=bool)
    if start is not None:
        keep &= local_days >= np.datetime64(start)
    if end is not None:
        keep &= local_days < np.datetime64(end)
    if not keep.any():
        raise ValueError("no incidents in the period")
    x, y = to_sweref99tm(lat_array[keep], lon_array[keep])
    local_days = local_days[keep]
    first = start or local_days.min().astype(date)
    last = local_days.max().astype(date) if end is None else date.fromordinal(end.toordinal() - 1)
    starts = slice_starts(first, last, step)
    edges = np.array(starts, dtype="datetime64[D]")
    n_slices = len(starts) - 1
    if n_slices < 2:
        raise ValueError("the period holds fewer than two time slices; choose a shorter step")
    slice_index = np.searchsorted(edges, local_days, side="right") - 1
    area_xy = None if area is None else project_area(area)
    if area_xy is not None:
        x_min, y_min, x_max, y_max = (float(v) for v in area_xy.bounds)
        grid = grid_for_bounds(x_min, y_min, x_max, y_max, cell)
        mask = polygon_mask(grid, area_xy)
    else:
        grid = grid_for_points(x, y, cell)
        mask = None
    flat, inside = grid.flat_index(x, y)
    in_slices = (slice_index >= 0) & (slice_index < n_slices) & inside
    cube = np.bincount(
        slice_index[in_slices] * grid.size + flat[in_slices], minlength=n_slices * grid.size
    ).reshape(n_slices, grid.rows, grid.cols)
    if mask is not None:
        cube[:, ~mask] = 0
    counts = cube.astype(np.int32)
    widths = disc_half_widths(band, cell)
    z = np.empty(counts.shape)
    classes = np.empty(counts.shape, dtype=np.int8)
    for k in range(n_slices):
        gi = gi_star(counts[k], widths, mask)
        z[k] = gi.z
        classes[k] = gi.classes
    study = np.ones(grid.shape, dtype=bool) if mask is None else mask
    series_z = z[:, study].T  # (cells, slices)
    series_counts = counts[:, study].T
    trend = mann_kendall(series_z)
    count_trend = mann_kendall(series_counts)
    category_flat = _categorise(classes[:, study].T, trend.trend_at(trend_alpha))

    def to_grid(values: np.ndarray, fill: float) -> np.ndarray:
        out = np.full(grid.shape, fill, dtype=values.dtype)
        out[study] = values
        return out

    return EmergingResult(
        grid=grid,
        mask=mask,
        slice_starts=tuple(starts[:-1]),
        slice_end=starts[-1],
        counts=counts,
        z=z,
        classes=classes,
        trend_z=to_grid(trend.z, np.nan),
        trend_p=to_grid(trend.p, np.nan),
        count_trend_z=to_grid(count_trend.z, np.nan),
        count_trend_p=to_grid(count_trend.p, np.nan),
        category=to_grid(category_flat, 0),
        band=float(band),
    )


def _categorise(classes: NDArray[np.int8], trend: NDArray[np.int8]) -> NDArray[np.int8]:
    """Category code per cell from its classes per slice ``(cells, slices)`` and z trend.

    Categories decided by the final slice take precedence over ``historical``.
    """
    cells, n = classes.shape
    result = np.zeros(cells, dtype=np.int8)
    historical = np.zeros(cells, dtype=np.int8)
    positions = np.arange(n)
    for sign in (1, -1):
        hot = classes * sign > 0
        opposite = classes * sign < 0
        final = hot[:, -1]
        n_hot = hot.sum(axis=1)
        persistent = n_hot >= PERSISTENCE * n
        # Length of the run of hot slices that ends with the final one.
        run = n - 1 - np.where(~hot, positions, -1).max(axis=1)
        earlier_opposite = opposite[:, :-1].any(axis=1)
        code = np.zeros(cells, dtype=np.int8)
        recent = final & ~persistent
        code[recent & (n_hot == 1)] = 1  # new
        code[recent & (n_hot >= 2) & (run == n_hot)] = 2  # consecutive
        code[recent & (run != n_hot)] = 6  # sporadic
        code[recent & earlier_opposite] = 7  # oscillating
        code[final & persistent] = 4  # persistent …
        code[final & persistent & (trend * sign > 0)] = 3  # … intensifying
        code[final & persistent & (trend * sign < 0)] = 5  # … diminishing
        result[code > 0] = code[code > 0] * sign
        historical[persistent & ~final] = 8 * sign
    final_result: NDArray[np.int8] = np.where(result != 0, result, historical).astype(np.int8)
    return final_result
