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
from typing import Any, Final

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry

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


@dataclass(frozen=True)
class GiStar:
    """Gi* over a grid. Arrays have the grid's shape; cells outside the study area hold NaN
    (``z``, ``p``, ``p_fdr``), 0 (``classes``, ``neighbours``)."""

    z: FloatArray
    p: FloatArray
    p_fdr: FloatArray
    classes: ClassArray
    neighbours: NDArray[np.int32]
    """``W_i``: study-area cells within the band, the cell itself included."""
    n_cells: int
    """Number of cells in the study area (the number of tests)."""
    mean: float
    std: float
    is_fdr: bool
    """Whether ``classes`` come from the FDR-adjusted p-values (else from the raw ones)."""


@dataclass(frozen=True)
class CellTable:
    """One row per study-area cell, in row-major order from the south-west corner."""

    x: FloatArray
    """Cell-centre easting, SWEREF 99 TM metres."""
    y: FloatArray
    """Cell-centre northing, SWEREF 99 TM metres."""
    lat: FloatArray
    lon: FloatArray
    count: NDArray[np.int64]
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
    counts: NDArray[np.int64]
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


def _full_grid_neighbours(shape: tuple[int, int], half_widths: NDArray[np.int64]) -> FloatArray:
    """``W_i`` on a grid without mask: a product of per-row and per-column counts.

    ``W[i, j] = Σ_dr [0 <= i+dr < rows] · |{j-w_dr..j+w_dr} ∩ {0..cols-1}|``, i.e. a matrix
    product with an inner dimension of the disc's row count: far cheaper than a convolution.
    """
    rows, cols = shape
    radius = (half_widths.size - 1) // 2
    dr = np.arange(-radius, radius + 1)
    i = np.arange(rows)
    j = np.arange(cols)
    row_valid = ((i[:, None] + dr[None, :] >= 0) & (i[:, None] + dr[None, :] < rows)).astype(
        np.float64
    )
    right = np.minimum(j[None, :] + half_widths[:, None], cols - 1)
    left = np.maximum(j[None, :] - half_widths[:, None], 0)
    col_count = (right - left + 1).astype(np.float64)
    result: FloatArray = row_valid @ col_count
    return result


def gi_star(
    counts: NDArray[np.integer] | FloatArray,
    half_widths: NDArray[np.int64],
    mask: BoolArray | None = None,
    *,
    fdr: bool = True,
) -> GiStar:
    """Getis–Ord Gi* of every study-area cell of a grid.

    Args:
        counts: values per cell, shape ``(rows, cols)`` (integer counts or float weights).
        half_widths: the disc neighbourhood from :func:`~lofte.analysis.grid.disc_half_widths`.
        mask: study-area cells; None means all cells. Values outside it are ignored.
        fdr: class cells by Benjamini–Hochberg adjusted p-values (True, as ArcGIS's optimized
            hot spot analysis) or by the raw p-values.

    Returns:
        :class:`GiStar`. When the study area has fewer than two cells, all its cells hold the
        same value, or a cell's band covers the whole study area, the z-score is undefined
        (0/0); such cells get ``z = 0``, ``p = 1`` (no evidence of clustering).

    Algorithm:
        1. neighbour sums ``L_i = Σ_j w_ij x_j`` and ``W_i`` by prefix sums along rows
           (:func:`~lofte.analysis.grid.neighbour_sum`), ``W`` as a matrix product without mask;
        2. ``x̄`` and ``s²`` exactly from integer sums when the counts are integers;
        3. ``z`` depends only on the pair ``(L_i, W_i)``, and a grid has few distinct pairs
           (most cells are empty and far from any point): z, p, the BH adjustment (with the
           pair's multiplicity) and the class are computed once per distinct pair and gathered
           back, which avoids sorting millions of p-values.
    """
    shape = counts.shape
    is_integer = np.issubdtype(counts.dtype, np.integer)
    values: NDArray[np.generic]
    if mask is None:
        n = counts.size
        values = counts
    else:
        n = int(mask.sum())
        values = np.where(mask, counts, 0)
    if is_integer:
        total = int(values.sum())
        values = values.astype(np.int32 if abs(total) < 2**31 - 1 else np.int64, copy=False)
        flat_values = values.ravel().astype(np.int64)
        squares = int(flat_values @ flat_values)
        variance_numerator = float(n * squares - total * total)  # n²·s², exact
        mean = total / n if n else 0.0
        variance = variance_numerator / n / n if n else 0.0
    else:
        float_values = values.astype(np.float64)
        mean = float(float_values.sum()) / n if n else 0.0
        variance = float(np.einsum("i,i->", float_values.ravel(), float_values.ravel())) / n
        variance = max(variance - mean * mean, 0.0) if n else 0.0
        values = float_values
    std = math.sqrt(variance)
    neighbour_values = neighbour_sum(values, half_widths)
    if mask is None:
        neighbours = _full_grid_neighbours(shape, half_widths).astype(np.int32)
    else:
        neighbours = neighbour_sum(mask.astype(np.int32), half_widths)
        neighbours[~mask] = 0

    selector = None if mask is None else mask.ravel()
    flat_l = neighbour_values.ravel() if selector is None else neighbour_values.ravel()[selector]
    flat_w = neighbours.ravel() if selector is None else neighbours.ravel()[selector]

    # Distinct (L, W) pairs and the multiplicity of each.
    w_slots = int(half_widths.size and (2 * half_widths + 1).sum()) + 1
    inverse: NDArray[np.intp] | None = None
    if is_integer and flat_l.size:
        l_min = int(flat_l.min())
        span = (int(flat_l.max()) - l_min + 1) * w_slots
    else:
        l_min, span = 0, _KEY_TABLE_LIMIT + 1
    if span <= max(_KEY_TABLE_LIMIT, 2 * flat_l.size):
        key = flat_l.astype(np.int64)
        key -= l_min
        key *= w_slots
        key += flat_w
        multiplicity_all = np.bincount(key, minlength=span)
        distinct = np.flatnonzero(multiplicity_all)
        multiplicity = multiplicity_all[distinct]
        pair_l = (distinct // w_slots + l_min).astype(np.float64)
        pair_w = (distinct % w_slots).astype(np.float64)
    else:
        pairs = np.stack([flat_l.astype(np.float64), flat_w.astype(np.float64)])
        unique_pairs, inverse, multiplicity = np.unique(
            pairs, axis=1, return_inverse=True, return_counts=True
        )
        pair_l, pair_w = unique_pairs[0], unique_pairs[1]
        key = None

    # z, p, q and class per distinct pair.
    numerator = pair_l - mean * pair_w
    spread = (n * pair_w - pair_w * pair_w) / (n - 1) if n > 1 else np.zeros_like(pair_w)
    denominator = std * np.sqrt(np.maximum(spread, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        pair_z = np.where(denominator > 0, numerator / denominator, 0.0)
    pair_p = two_sided_p(pair_z)
    pair_q = benjamini_hochberg(pair_p, multiplicity)
    pair_class = classify(pair_z, pair_q if fdr else pair_p)

    def gather(table: NDArray[Any], fill: float, dtype: type[np.generic]) -> NDArray[Any]:
        out: NDArray[Any] = np.full(counts.size, fill, dtype=dtype)
        if key is not None:
            full_table: NDArray[Any] = np.zeros(span, dtype=dtype)
            full_table[distinct] = table
            picked = full_table[key]
        else:
            assert inverse is not None
            picked = table[inverse.ravel()]
        if selector is None:
            out[:] = picked
        else:
            out[selector] = picked
        return out.reshape(shape)

    return GiStar(
        z=gather(pair_z, np.nan, np.float64),
        p=gather(pair_p, np.nan, np.float64),
        p_fdr=gather(pair_q, np.nan, np.float64),
        classes=gather(pair_class, 0, np.int8),
        neighbours=neighbours,
        n_cells=n,
        mean=mean,
        std=std,
        is_fdr=fdr,
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
    counts: NDArray[np.int64], cell: float, mask: BoolArray | None = None
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
    counts = count_points(grid, x, y)
    assert counts.dtype == np.int64
    n_on_grid = int(counts.sum())
    if mask is not None:
        counts = np.where(mask, counts, 0)
    n_points = int(counts.sum())
    if band is None:
        choice = default_band(counts, cell, mask)  # type: ignore[arg-type]
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
        counts=counts,  # type: ignore[arg-type]
        gi=gi,
        band=float(band),
        n_points=n_points,
        n_outside=int(x.size - n_on_grid) + (n_on_grid - n_points),
        notes=tuple(notes),
    )
