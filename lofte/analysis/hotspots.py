"""Hot spot analysis: Getis–Ord Gi* on a square grid with a distance band.

The statistic for cell *i* over the *n* cells of the study area, with counts ``x`` and binary
weights ``w_ij = 1`` when the centres of *i* and *j* are at most ``band`` apart (``w_ii = 1``)::

    Gi* = (Σ_j w_ij x_j - x̄ W_i) / (s · sqrt((n W_i - W_i²) / (n - 1))),   W_i = Σ_j w_ij,

with ``x̄`` and ``s²`` the mean and (population) variance of the counts over the study area.
This is the z-score of ``esda.G_Local(star=True, transform="B")`` and of ArcGIS's Hot Spot
Analysis; cells outside the study area are neither tested nor neighbours. p-values are two
sided, adjusted for the false discovery rate by Benjamini–Hochberg, and cells are classed like
ArcGIS's ``Gi_Bin``: ±3, ±2, ±1 for hot/cold spots at 99, 95 and 90 % confidence, 0 otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry

from lofte.analysis._parallel import map_blocks
from lofte.analysis.grid import (
    BoolArray,
    FloatArray,
    Grid,
    count_points,
    disc_half_widths,
    grid_for_bounds,
    grid_for_points,
    neighbour_sum,
    polygon_mask,
)
from lofte.analysis.projection import to_sweref99tm, to_wgs84
from lofte.analysis.stats import benjamini_hochberg, two_sided_p

ClassArray = NDArray[np.int8]

CONFIDENCE_LEVELS: Final = ((3, 0.01), (2, 0.05), (1, 0.10))
"""Class magnitude and the (adjusted) p-value at or below which a cell earns it."""

CLASS_LABELS: Final = {
    3: "hot spot, 99 % confidence",
    2: "hot spot, 95 % confidence",
    1: "hot spot, 90 % confidence",
    0: "not significant",
    -1: "cold spot, 90 % confidence",
    -2: "cold spot, 95 % confidence",
    -3: "cold spot, 99 % confidence",
}

MIN_DEFAULT_CELL: Final = 50.0
"""Metres; finer cells than this pretend to a precision that incident positions do not have."""
MAX_DEFAULT_CELLS_ALONG: Final = 250
"""The default cell size never gives more cells than this along the longer side of the extent."""
DEFAULT_BAND_CELLS: Final = 2.0
"""Fallback band (in cells) when incremental spatial autocorrelation finds no peak."""
MAX_BAND_CANDIDATE_CELLS: Final = 10.0
"""Largest band tried by incremental spatial autocorrelation, in cells."""

_KEY_TABLE_LIMIT: Final = 1 << 24
"""Largest (L, W) key range counted with a table; beyond it distinct pairs are found by sorting."""


@dataclass(frozen=True)
class GiStar:
    """Gi* over a grid. Arrays have the grid's shape; cells outside the study area hold NaN
    (``z``, ``p``, ``p_fdr``) and 0 (``classes``).

    ``z`` and ``classes`` are computed with the result; the per-cell ``p`` and ``p_fdr`` are
    gathered from the per-pair tables on first access (they are exact, just not materialised
    for millions of cells unless asked for).
    """

    z: FloatArray
    classes: ClassArray
    n_cells: int
    """Number of cells in the study area (the number of tests)."""
    mean: float
    std: float
    is_fdr: bool
    """Whether ``classes`` come from the FDR-adjusted p-values (else from the raw ones)."""
    half_widths: NDArray[np.int64]
    mask: BoolArray | None
    pair_key: NDArray[np.integer] = field(repr=False)
    """Per cell, the index of its (L, W) pair in the tables (the last entry is "outside")."""
    p_table: FloatArray = field(repr=False)
    p_fdr_table: FloatArray = field(repr=False)

    @cached_property
    def p(self) -> FloatArray:
        """Two-sided p-value per cell."""
        return _gather(self.p_table, self.pair_key)

    @cached_property
    def p_fdr(self) -> FloatArray:
        """Benjamini–Hochberg adjusted p-value per cell (over the study area's cells)."""
        return _gather(self.p_fdr_table, self.pair_key)

    def neighbour_counts(self) -> NDArray[np.int32]:
        """``W_i``: study-area cells within the band of each cell, itself included (0 outside)."""
        inside = np.ones(self.z.shape, dtype=np.int32) if self.mask is None else self.mask
        counts = neighbour_sum(inside.astype(np.int32), self.half_widths)
        if self.mask is not None:
            counts[~self.mask] = 0
        return counts


@dataclass(frozen=True)
class CellTable:
    """One row per study-area cell, in row-major order from the south-west corner."""

    x: FloatArray
    """Cell-centre easting, SWEREF 99 TM metres."""
    y: FloatArray
    """Cell-centre northing, SWEREF 99 TM metres."""
    lat: FloatArray
    lon: FloatArray
    count: NDArray[np.int32]
    z: FloatArray
    p: FloatArray
    p_fdr: FloatArray
    classes: ClassArray


@dataclass(frozen=True)
class HotspotResult:
    """Outcome of :func:`hotspots`; arrays are over ``grid`` (shape ``grid.shape``)."""

    grid: Grid
    mask: BoolArray | None
    """Study-area cells (centre inside the area), or None when every grid cell is in it."""
    counts: NDArray[np.int32]
    gi: GiStar
    band: float
    """Distance band in metres."""
    n_points: int
    """Points counted in study-area cells."""
    n_outside: int
    """Points dropped because their cell is outside the area."""
    notes: tuple[str, ...] = field(default=())
    """How defaults were chosen (Swedish, for the analyst)."""

    @property
    def cell(self) -> float:
        return self.grid.cell

    def table(self) -> CellTable:
        """The study-area cells as flat columns, with centres in SWEREF 99 TM and WGS84."""
        x, y = self.grid.centres()
        selector = (
            np.ones(self.grid.shape, dtype=bool) if self.mask is None else self.mask
        ).ravel()
        xs = x.ravel()[selector]
        ys = y.ravel()[selector]
        lat, lon = to_wgs84(xs, ys)
        return CellTable(
            x=xs,
            y=ys,
            lat=lat,
            lon=lon,
            count=self.counts.ravel()[selector],
            z=self.gi.z.ravel()[selector],
            p=self.gi.p.ravel()[selector],
            p_fdr=self.gi.p_fdr.ravel()[selector],
            classes=self.gi.classes.ravel()[selector],
        )


def classify(z: FloatArray, p: FloatArray) -> ClassArray:
    """ArcGIS ``Gi_Bin`` classes: sign of z times 3/2/1 for p <= 0.01/0.05/0.10, else 0."""
    level = np.zeros(z.shape, dtype=np.int8)
    for magnitude, alpha in reversed(CONFIDENCE_LEVELS):
        level[p <= alpha] = magnitude
    result: ClassArray = (np.sign(np.nan_to_num(z)).astype(np.int8) * level).astype(np.int8)
    return result


def _gather(table: NDArray[Any], key: NDArray[np.integer]) -> NDArray[Any]:
    """``table[key]`` for a grid of keys, in blocks of rows on all cores.

    Each thread walks its rows in sub-blocks of about 2¹⁸ cells, so the temporaries of fancy
    indexing stay small instead of doubling the output's memory.
    """
    out: NDArray[Any] = np.empty(key.shape, dtype=table.dtype)
    rows_per_step = max(1, (1 << 18) // max(key.shape[1] if key.ndim > 1 else 1, 1))

    def block(start: int, stop: int) -> None:
        for low in range(start, stop, rows_per_step):
            high = min(low + rows_per_step, stop)
            out[low:high] = table[key[low:high]]

    map_blocks(block, key.shape[0], work=key.size)
    return out


_ROW_BLOCK_CELLS: Final = 1 << 21
"""Cells per block when a grid-sized computation is done a block of rows at a time."""


def _row_blocks(shape: tuple[int, int], cells: int = _ROW_BLOCK_CELLS) -> list[slice]:
    rows, cols = shape
    step = max(1, cells // max(cols, 1))
    return [slice(start, min(start + step, rows)) for start in range(0, rows, step)]


def _add_full_grid_neighbours(out: NDArray[np.integer], half_widths: NDArray[np.int64]) -> None:
    """Add ``W_i`` of a grid without mask to ``out``.

    ``W[i, j] = Σ_dr [0 <= i+dr < rows] · |{j-w_dr..j+w_dr} ∩ {0..cols-1}|``. Rows further than
    the disc's radius from the top and bottom edges have every row offset valid, so their
    ``W`` depends on the column only: one broadcast addition. The few edge rows get the full
    product of row validity and column counts.
    """
    rows, cols = out.shape
    radius = (half_widths.size - 1) // 2
    dr = np.arange(-radius, radius + 1)
    j = np.arange(cols)
    right = np.minimum(j[None, :] + half_widths[:, None], cols - 1)
    left = np.maximum(j[None, :] - half_widths[:, None], 0)
    col_count = right - left + 1  # shape (disc rows, cols)
    interior = slice(min(radius, rows), max(rows - radius, min(radius, rows)))
    out[interior] += col_count.sum(axis=0).astype(out.dtype)[None, :]
    edge_rows = np.concatenate(
        [np.arange(0, interior.start), np.arange(interior.stop, rows)]
    ).astype(np.int64)
    if edge_rows.size:
        valid = (edge_rows[:, None] + dr >= 0) & (edge_rows[:, None] + dr < rows)
        out[edge_rows] += (valid.astype(np.int64) @ col_count).astype(out.dtype)


def _integer_moments(values: NDArray[np.integer]) -> tuple[int, int]:
    """Exact ``(Σx, Σx²)`` of integer counts, a block of rows at a time in 64-bit integers."""
    total = 0
    squares = 0
    for block in _row_blocks(values.shape):
        part = values[block].ravel().astype(np.int64)
        total += int(part.sum())
        squares += int(part @ part)
    return total, squares


def gi_star(
    counts: NDArray[np.integer] | FloatArray,
    half_widths: NDArray[np.int64],
    mask: BoolArray | None = None,
    *,
    fdr: bool = True,
) -> GiStar:
    """Getis–Ord Gi* of every study-area cell of a grid.

    Args:
        counts: values per cell, shape ``(rows, cols)``: non-negative integer counts, or float
            values (e.g. weights).
        half_widths: the disc neighbourhood from :func:`~lofte.analysis.grid.disc_half_widths`.
        mask: study-area cells; None means all cells. Values outside it are ignored.
        fdr: class cells by Benjamini–Hochberg adjusted p-values (True, as ArcGIS's optimized
            hot spot analysis) or by the raw p-values.

    Returns:
        :class:`GiStar`. When the study area has fewer than two cells, all its cells hold the
        same value, or a cell's band covers the whole study area, the z-score is undefined
        (0/0); such cells get ``z = 0``, ``p = 1`` (no evidence of clustering).

    Algorithm:
        1. neighbour sums ``L_i = Σ_j w_ij x_j`` by prefix sums along rows
           (:func:`~lofte.analysis.grid.neighbour_sum`); ``W_i`` likewise with a mask, or as a
           small matrix product without one;
        2. ``x̄`` and ``s²`` exactly from integer sums when the counts are integers;
        3. ``z`` depends only on the pair ``(L_i, W_i)``, and a grid has few distinct pairs
           (most cells are empty and far from any point), so each cell gets an integer key for
           its pair; z, p, the BH adjustment (weighting each pair by how many cells share it)
           and the class are computed once per pair, then gathered back per cell. This avoids
           sorting millions of p-values and keeps memory to a few grid-sized arrays.
    """
    shape = counts.shape
    size = counts.size
    is_integer = np.issubdtype(counts.dtype, np.integer)
    if is_integer and size and int(counts.min()) < 0:
        raise ValueError("counts must be non-negative")
    values: NDArray[Any] = counts if mask is None else np.where(mask, counts, 0)
    n = size if mask is None else int(mask.sum())
    if is_integer:
        total, squares = _integer_moments(values)
        values = values.astype(np.int32 if total < 2**31 - 1 else np.int64, copy=False)
        mean = total / n if n else 0.0
        variance = float(n * squares - total * total) / n / n if n else 0.0  # exact numerator
    else:
        values = values.astype(np.float64)
        mean = float(values.sum()) / n if n else 0.0
        variance = float(np.einsum("i,i->", values.ravel(), values.ravel())) / n if n else 0.0
        variance = max(variance - mean * mean, 0.0)
    std = math.sqrt(variance)

    w_slots = int((2 * half_widths + 1).sum()) + 1  # W_i ranges over 0..kernel size
    neighbour_values = neighbour_sum(values, half_widths)
    key: NDArray[Any]
    unique_inverse = None
    l_min = 0
    span = 0
    if is_integer and size:
        inside_l = neighbour_values if mask is None else neighbour_values[mask]
        l_min = int(inside_l.min()) if inside_l.size else 0
        span = ((int(inside_l.max()) if inside_l.size else 0) - l_min + 1) * w_slots
        del inside_l
    if is_integer and span <= _KEY_TABLE_LIMIT:
        # key = (L - l_min)·slots + W, built in place; cells outside the mask get key ``span``.
        key_type = np.int32 if span < 2**31 - 1 else np.int64
        if neighbour_values.dtype == key_type:
            key = neighbour_values  # reused in place
            if l_min:
                key -= l_min
        else:  # 64-bit sums (over 2³¹ incidents): subtract before narrowing
            key = (neighbour_values - l_min).astype(key_type)
        key *= w_slots
        if mask is None:
            _add_full_grid_neighbours(key, half_widths)
        else:
            key += neighbour_sum(mask.astype(np.int32), half_widths).astype(key_type)
            key[~mask] = span
        multiplicity_all = np.zeros(span + 1, dtype=np.int64)
        # Count in blocks of rows (bincount copies its input to 64-bit indices), but never in
        # blocks much smaller than the table itself, which each call allocates.
        for block in _row_blocks(shape, max(_ROW_BLOCK_CELLS, span)):
            multiplicity_all += np.bincount(key[block].ravel(), minlength=span + 1)
        multiplicity_all[span] = 0
        distinct = np.flatnonzero(multiplicity_all)
        multiplicity = multiplicity_all[distinct]
        pair_l = (distinct // w_slots + l_min).astype(np.float64)
        pair_w = (distinct % w_slots).astype(np.float64)
    else:
        # General path (float values or a huge key range): sort the pairs.
        neighbours = np.ones(shape, dtype=np.int32) if mask is None else mask.astype(np.int32)
        neighbours = neighbour_sum(neighbours, half_widths)
        selector = np.ones(size, dtype=bool) if mask is None else mask.ravel()
        pairs = np.stack(
            [neighbour_values.ravel()[selector].astype(np.float64), neighbours.ravel()[selector]]
        )
        unique_pairs, unique_inverse, multiplicity = np.unique(
            pairs, axis=1, return_inverse=True, return_counts=True
        )
        pair_l, pair_w = unique_pairs[0], unique_pairs[1]
        distinct = np.arange(pair_l.size)
        span = pair_l.size
        key = np.full(size, span, dtype=np.int64)
        key[selector] = unique_inverse.ravel()
        key = key.reshape(shape)
    del neighbour_values

    # z, p, q and class per distinct pair.
    numerator = pair_l - mean * pair_w
    spread = (n * pair_w - pair_w * pair_w) / (n - 1) if n > 1 else np.zeros_like(pair_w)
    denominator = std * np.sqrt(np.maximum(spread, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        pair_z = np.where(denominator > 0, numerator / denominator, 0.0)
    pair_p = two_sided_p(pair_z)
    pair_q = benjamini_hochberg(pair_p, multiplicity)
    pair_class = classify(pair_z, pair_q if fdr else pair_p)

    def full_table(table: NDArray[Any], outside: float) -> NDArray[Any]:
        """Per-pair values plus the "outside the study area" entry at index ``span``."""
        result: NDArray[Any] = np.full(span + 1, outside, dtype=table.dtype)
        result[distinct] = table
        return result

    return GiStar(
        z=_gather(full_table(pair_z, np.nan), key),
        classes=_gather(full_table(pair_class, 0), key),
        n_cells=n,
        mean=mean,
        std=std,
        is_fdr=fdr,
        half_widths=half_widths,
        mask=mask,
        pair_key=key,
        p_table=full_table(pair_p, np.nan),
        p_fdr_table=full_table(pair_q, np.nan),
    )


def _nice_ceil(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is >= ``value``."""
    exponent = math.floor(math.log10(value))
    for mantissa in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = mantissa * 10.0**exponent
        if candidate >= value * (1 - 1e-12):
            return candidate
    return 10.0 ** (exponent + 1)  # pragma: no cover - the loop always returns


def default_cell_size(
    x: FloatArray, y: FloatArray, extent: tuple[float, float, float, float]
) -> float:
    """Cell size (m) chosen from the points' spatial distribution when the analyst gives none.

    Rule (in the spirit of ArcGIS's optimized hot spot analysis, which also derives the fishnet
    from the incidents' spacing):
        1. ``d`` = mean distance from each distinct incident location to its nearest other one
           (locations rounded to 1 m; 0 when there is a single location);
        2. ``L`` = the longer side of the study extent (the area or the points' bounding box);
        3. cell = ``max(2·d, L / 250, 50 m)`` rounded up to 1, 2, 2.5 or 5 × 10^k metres.

    ``2·d`` is the spacing at which a cell of the study area holds about one incident under
    complete spatial randomness; ``L/250`` caps the grid at 250 cells along its longer side and
    50 m is the precision incident positions realistically have.
    """
    locations = np.unique(np.stack([np.round(x), np.round(y)], axis=1), axis=0)
    mean_nn = 0.0
    if locations.shape[0] >= 2:
        distances, _ = cKDTree(locations).query(locations, k=2)
        mean_nn = float(distances[:, 1].mean())
    longer_side = max(extent[2] - extent[0], extent[3] - extent[1])
    return _nice_ceil(max(2.0 * mean_nn, longer_side / MAX_DEFAULT_CELLS_ALONG, MIN_DEFAULT_CELL))


@dataclass(frozen=True)
class BandChoice:
    """The default distance band and the incremental spatial autocorrelation behind it."""

    band: float
    candidates: FloatArray
    """Bands tried, metres (the distinct distances between cell centres)."""
    z_scores: FloatArray
    """Global Moran's I z-score (normality assumption) at each candidate band."""
    is_peak: bool
    """True when ``band`` is the first peak; False when the fallback of 2 cells was used."""


def morans_i_z(values: FloatArray, half_widths: NDArray[np.int64], mask: BoolArray | None) -> float:
    """z-score of global Moran's I (binary weights without self, normality assumption).

    Returns NaN when undefined (fewer than three cells, constant values or no neighbours).
    """
    inside = np.ones(values.shape, dtype=bool) if mask is None else mask
    n = int(inside.sum())
    if n < 3:
        return math.nan
    deviations = np.where(inside, values - values[inside].mean(), 0.0)
    denominator = float((deviations**2).sum())
    neighbours = neighbour_sum(inside.astype(np.float64), half_widths)[inside] - 1.0
    s0 = float(neighbours.sum())
    if denominator == 0 or s0 == 0:
        return math.nan
    lag = neighbour_sum(deviations, half_widths) - deviations
    moran = n / s0 * float((deviations * lag)[inside].sum()) / denominator
    s1 = 2.0 * s0
    s2 = 4.0 * float((neighbours**2).sum())
    expected = -1.0 / (n - 1)
    variance = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n * n - 1) * s0 * s0) - expected**2
    return (moran - expected) / math.sqrt(variance) if variance > 0 else math.nan


def default_band(
    counts: NDArray[np.integer], cell: float, mask: BoolArray | None = None
) -> BandChoice:
    """Distance band (m) by incremental spatial autocorrelation over the grid.

    Rule (as ArcGIS's optimized hot spot analysis):
        1. candidates are the distinct distances between cell centres, ``cell·sqrt(k)`` for
           ``k = i² + j² >= 1``, up to 10 cells;
        2. global Moran's I of the counts and its z-score at each candidate;
        3. the band is the first peak of the z-score (a candidate whose z is larger than both
           neighbours' z); if there is none, the band is 2 cells.
    """
    limit = int(MAX_BAND_CANDIDATE_CELLS**2)
    squares = sorted({i * i + j * j for i in range(11) for j in range(11)} - {0})
    ks = [k for k in squares if k <= limit]
    candidates = np.array([cell * math.sqrt(k) for k in ks])
    values = counts.astype(np.float64)
    z_scores = np.array(
        [morans_i_z(values, disc_half_widths(band, cell), mask) for band in candidates]
    )
    for index in range(1, len(candidates) - 1):
        z_here = z_scores[index]
        if z_here > z_scores[index - 1] and z_here > z_scores[index + 1]:
            return BandChoice(float(candidates[index]), candidates, z_scores, True)
    return BandChoice(DEFAULT_BAND_CELLS * cell, candidates, z_scores, False)


def project_area(area: BaseGeometry) -> BaseGeometry:
    """An area given in WGS84 (x = longitude, y = latitude) in SWEREF 99 TM metres.

    Vertices are projected exactly; edges stay straight lines in the projection (the kommun
    boundaries are dense enough for the difference to be far below a cell).
    """

    def transform(coords: FloatArray) -> FloatArray:
        x, y = to_sweref99tm(coords[:, 1], coords[:, 0])
        return np.column_stack([x, y])

    return shapely.transform(area, transform)


def validate_coordinates(lat: FloatArray, lon: FloatArray) -> None:
    """Raise ValueError naming the first point whose latitude/longitude is unusable.

    Usable means finite, |lat| < 90 and within 90° of the central meridian. The common case
    (all good) costs four reductions; NaN makes a minimum or maximum NaN and so fails too.
    """
    if lat.shape != lon.shape or lat.ndim != 1:
        raise ValueError("lat and lon must be one-dimensional arrays of the same length")
    if lat.size == 0:
        return
    if (
        float(lat.min()) > -90
        and float(lat.max()) < 90
        and float(lon.min()) > -75
        and float(lon.max()) < 105
    ):
        return
    bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) < 90) & (np.abs(lon - 15) < 90))
    index = int(np.flatnonzero(bad)[0])
    raise ValueError(f"point {index} has unusable coordinates ({lat[index]}, {lon[index]})")


def hotspots(
    lat: ArrayLike,
    lon: ArrayLike,
    cell: float | None = None,
    band: float | None = None,
    area: BaseGeometry | None = None,
    *,
    fdr: bool = True,
) -> HotspotResult:
    """Gi* hot spots of incident points on an aligned square grid.

    Args:
        lat: WGS84 latitudes, degrees, shape ``(n,)``.
        lon: WGS84 longitudes, degrees, shape ``(n,)``.
        cell: cell size in metres; None chooses it by :func:`default_cell_size`.
        band: distance band in metres (cells whose centres are at most this far apart are
            neighbours; each cell is its own neighbour); None chooses it by
            :func:`default_band`.
        area: study area as a shapely (Multi)Polygon in WGS84 (x = lon, y = lat), e.g. a
            kommun from :mod:`lofte.analysis.areas`; None means the points' bounding box.
        fdr: class by FDR-adjusted p-values (default) or raw p-values.

    Returns:
        :class:`HotspotResult` over the grid covering the area (or the points), zero counts
        included.

    Raises:
        ValueError: unusable coordinates, a non-positive cell or negative band, or no points
            and no area to build a grid on.

    Algorithm:
        1. project to SWEREF 99 TM (:func:`~lofte.analysis.projection.to_sweref99tm`);
        2. grid aligned to multiples of the cell size over the area's or the points' extent;
           with an area, the study area is the cells whose centre lies inside it;
        3. count points per cell (``np.bincount`` of flat cell indices, on all cores);
        4. Gi* by :func:`gi_star`.
    """
    lat_array = np.ascontiguousarray(lat, dtype=np.float64).reshape(-1)
    lon_array = np.ascontiguousarray(lon, dtype=np.float64).reshape(-1)
    validate_coordinates(lat_array, lon_array)
    if cell is not None and not (math.isfinite(cell) and cell > 0):
        raise ValueError(f"cell size must be a positive number of metres, got {cell}")
    if band is not None and not (math.isfinite(band) and band >= 0):
        raise ValueError(f"distance band must be a non-negative number of metres, got {band}")
    x, y = to_sweref99tm(lat_array, lon_array)
    area_xy = None if area is None else project_area(area)
    if area_xy is None and x.size == 0:
        raise ValueError("no points and no area: there is no study area to analyse")
    notes: list[str] = []
    extent: tuple[float, float, float, float]
    if area_xy is not None:
        x_min, y_min, x_max, y_max = (float(v) for v in area_xy.bounds)
        extent = (x_min, y_min, x_max, y_max)
    else:
        extent = (float(x.min()), float(y.min()), float(x.max()), float(y.max()))
    if cell is None:
        cell = default_cell_size(x, y, extent)
        notes.append(f"Cellstorlek {cell:g} m vald utifrån punkternas spridning.")
    grid = grid_for_bounds(*extent, cell) if area_xy is not None else grid_for_points(x, y, cell)
    mask = None if area_xy is None else polygon_mask(grid, area_xy)
    n_input = x.size
    counts_all = count_points(grid, x, y)
    del x, y  # the projected points are not needed any more: free them before Gi*
    if mask is not None:
        counts_all[~mask] = 0
    # Counts fit in 32 bits (there are fewer than 2³¹ points); half the memory of int64.
    counts: NDArray[np.int32] = counts_all.astype(np.int32)
    del counts_all
    n_points = int(counts.sum(dtype=np.int64))
    if band is None:
        choice = default_band(counts, cell, mask)
        band = choice.band
        if choice.is_peak:
            notes.append(
                f"Avståndsband {band:g} m: första toppen i global Moran's I (inkrementell "
                "spatial autokorrelation)."
            )
        else:
            notes.append(f"Avståndsband {band:g} m (2 celler): ingen topp i global Moran's I.")
    gi = gi_star(counts, disc_half_widths(band, cell), mask, fdr=fdr)
    return HotspotResult(
        grid=grid,
        mask=mask,
        counts=counts,
        gi=gi,
        band=float(band),
        n_points=n_points,
        n_outside=n_input - n_points,
        notes=tuple(notes),
    )
