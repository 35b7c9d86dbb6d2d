"""Small-count protection for public outputs (statistical disclosure control).

Nothing published may identify a person or a household. Three tools:

* :func:`suppress_small_counts` — table cells with ``0 < count < k`` are suppressed (primary
  suppression); when the table's totals are published, a row or column with exactly one
  suppressed cell would give it away by subtraction, so the smallest other non-zero cell of that
  row or column is suppressed too (secondary suppression), until no line has a single one.
* :func:`coarsen_counts` — a grid of counts is aggregated into blocks of 2×2, 4×4, … cells
  until no published block has ``0 < count < k``; whatever is still small at the coarsest level
  allowed is suppressed.
* :func:`snap_points` / :func:`public_points` — points are moved to the centre of the coarse
  SWEREF 99 TM cell they lie in, and only centres with at least ``k`` incidents are published.

Zero is published as zero: "no incidents here" identifies nobody. ``k`` defaults to 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lofte.analysis.grid import FloatArray, Grid, grid_for_points
from lofte.analysis.hotspots import validate_coordinates
from lofte.analysis.projection import to_sweref99tm, to_wgs84

DEFAULT_K: Final = 3
DEFAULT_SNAP: Final = 500.0
"""Metres: the coarse grid public points are snapped to by default."""


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")


@dataclass(frozen=True)
class SuppressedTable:
    """A table with small counts suppressed; ``values`` holds NaN where suppressed."""

    values: FloatArray
    is_suppressed: NDArray[np.bool_]
    is_primary: NDArray[np.bool_]
    """Suppressed because the cell itself is small (the rest are secondary suppressions)."""
    k: int
    withheld_totals: tuple[tuple[int, int], ...] = ()
    """Lines ``(axis, index)`` whose total must not be published either: their only non-zero
    cell is suppressed, so the total would equal it (axis 0 = row, 1 = column; a 1-D table is
    row 0)."""


def suppress_small_counts(
    counts: ArrayLike, k: int = DEFAULT_K, *, has_totals: bool = True
) -> SuppressedTable:
    """Suppress cells with ``0 < count < k`` in a 1-D or 2-D table of counts.

    Args:
        counts: non-negative integer counts, shape ``(n,)`` or ``(rows, cols)``.
        k: the smallest count that may be published (default 3).
        has_totals: the row/column totals (or the grand total of a 1-D table) are published,
            so secondary suppression is needed.

    Raises:
        ValueError: ``k < 1``, negative counts or more than two dimensions.

    Algorithm:
        1. primary: suppress every cell with ``0 < count < k``;
        2. secondary (with totals): while some row or column (for 1-D: the table) has exactly
           one suppressed cell, also suppress its smallest unsuppressed non-zero cell;
        3. a line whose single suppressed cell is its only non-zero cell has nothing left to
           suppress: its total would reveal the cell, so it is listed in ``withheld_totals``.
    """
    _check_k(k)
    table = np.asarray(counts)
    if table.ndim not in (1, 2):
        raise ValueError("tables must be one- or two-dimensional")
    if table.size and table.min() < 0:
        raise ValueError("counts must be non-negative")
    matrix = np.atleast_2d(table).astype(np.int64)
    primary = (matrix > 0) & (matrix < k)
    suppressed = primary.copy()
    withheld: set[tuple[int, int]] = set()
    if has_totals:
        changed = True
        while changed:
            changed = False
            lines: list[tuple[int, int]] = [(0, r) for r in range(matrix.shape[0])]
            if table.ndim == 2:
                lines += [(1, c) for c in range(matrix.shape[1])]
            for axis, index in lines:
                line = suppressed[index] if axis == 0 else suppressed[:, index]
                if int(line.sum()) != 1:
                    continue
                line_counts = matrix[index] if axis == 0 else matrix[:, index]
                candidates = np.flatnonzero(~line & (line_counts > 0))
                if candidates.size == 0:
                    withheld.add((axis, index))
                    continue
                pick = int(candidates[np.argmin(line_counts[candidates])])
                if axis == 0:
                    suppressed[index, pick] = True
                else:
                    suppressed[pick, index] = True
                changed = True
    values: FloatArray = np.where(suppressed, np.nan, matrix.astype(np.float64))
    shape = table.shape
    return SuppressedTable(
        values=np.asarray(values, dtype=np.float64).reshape(shape),
        is_suppressed=suppressed.reshape(shape),
        is_primary=primary.reshape(shape),
        k=k,
        withheld_totals=tuple(sorted(withheld)),
    )


@dataclass(frozen=True)
class CoarsenedCounts:
    """Counts on a coarser grid; ``counts`` holds -1 where a block is suppressed."""

    grid: Grid
    counts: NDArray[np.int64]
    factor: int
    """Cells of the original grid per block side (1, 2, 4, …)."""
    k: int

    @property
    def is_suppressed(self) -> NDArray[np.bool_]:
        return self.counts < 0


def _aggregate(
    counts: NDArray[np.int64], grid: Grid, factor: int
) -> tuple[Grid, NDArray[np.int64]]:
    # Blocks aligned to multiples of the coarse cell size, like every grid here.
    col0 = grid.col0 // factor
    row0 = grid.row0 // factor
    cols = (grid.col0 + grid.cols - 1) // factor - col0 + 1
    rows = (grid.row0 + grid.rows - 1) // factor - row0 + 1
    padded = np.zeros((rows * factor, cols * factor), dtype=np.int64)
    top = grid.row0 - row0 * factor
    left = grid.col0 - col0 * factor
    padded[top : top + grid.rows, left : left + grid.cols] = counts
    blocks = padded.reshape(rows, factor, cols, factor).sum(axis=(1, 3))
    return Grid(cell=grid.cell * factor, col0=col0, row0=row0, cols=cols, rows=rows), blocks


def coarsen_counts(
    counts: ArrayLike, grid: Grid, k: int = DEFAULT_K, *, max_factor: int = 8
) -> CoarsenedCounts:
    """Aggregate a grid of counts until no block has ``0 < count < k``.

    Args:
        counts: counts over ``grid``, shape ``grid.shape``.
        grid: the fine grid.
        k: the smallest count that may be published.
        max_factor: the coarsest block side in cells (a power of two).

    Returns:
        :class:`CoarsenedCounts` at the smallest factor 1, 2, 4, … <= ``max_factor`` without
        small blocks; at ``max_factor`` any remaining small blocks are suppressed (-1).

    Raises:
        ValueError: ``k < 1``, a shape that does not match the grid or a bad ``max_factor``.
    """
    _check_k(k)
    array = np.asarray(counts).astype(np.int64)
    if array.shape != grid.shape:
        raise ValueError(f"counts have shape {array.shape}, the grid {grid.shape}")
    if max_factor < 1 or max_factor & (max_factor - 1):
        raise ValueError("max_factor must be a power of two")
    factor = 1
    while True:
        coarse_grid, blocks = _aggregate(array, grid, factor)
        small = (blocks > 0) & (blocks < k)
        if not small.any() or factor >= max_factor:
            blocks = np.where(small, -1, blocks)
            return CoarsenedCounts(grid=coarse_grid, counts=blocks, factor=factor, k=k)
        factor *= 2


def snap_points(
    lat: ArrayLike, lon: ArrayLike, cell: float = DEFAULT_SNAP
) -> tuple[FloatArray, FloatArray]:
    """Move each point to the centre of the ``cell``-metre SWEREF 99 TM cell it lies in.

    Returns WGS84 ``(lat, lon)`` of the cell centres. Points in the same cell become identical,
    so a published point says no more than "somewhere in this cell".
    """
    lat_array = np.ascontiguousarray(lat, dtype=np.float64).reshape(-1)
    lon_array = np.ascontiguousarray(lon, dtype=np.float64).reshape(-1)
    validate_coordinates(lat_array, lon_array)
    if not cell > 0:
        raise ValueError(f"cell size must be positive, got {cell}")
    x, y = to_sweref99tm(lat_array, lon_array)
    centre_x = (np.floor(x / cell) + 0.5) * cell
    centre_y = (np.floor(y / cell) + 0.5) * cell
    return to_wgs84(centre_x, centre_y)


@dataclass(frozen=True)
class PublicPoints:
    """Snapped points with their counts; cells with fewer than ``k`` incidents are left out."""

    lat: FloatArray
    lon: FloatArray
    count: NDArray[np.int64]
    n_withheld: int
    """Incidents in the cells left out."""
    cell: float
    k: int


def public_points(
    lat: ArrayLike, lon: ArrayLike, cell: float = DEFAULT_SNAP, k: int = DEFAULT_K
) -> PublicPoints:
    """Incidents aggregated to coarse cell centres, publishing only cells with >= ``k``.

    Raises:
        ValueError: unusable coordinates, ``k < 1`` or a non-positive cell.
    """
    _check_k(k)
    lat_array = np.ascontiguousarray(lat, dtype=np.float64).reshape(-1)
    lon_array = np.ascontiguousarray(lon, dtype=np.float64).reshape(-1)
    validate_coordinates(lat_array, lon_array)
    if not cell > 0:
        raise ValueError(f"cell size must be positive, got {cell}")
    if lat_array.size == 0:
        empty = np.empty(0)
        return PublicPoints(empty, empty, np.empty(0, dtype=np.int64), 0, cell, k)
    x, y = to_sweref99tm(lat_array, lon_array)
    grid = grid_for_points(x, y, cell)
    index, _ = grid.flat_index(x, y)
    cells, counts = np.unique(index, return_counts=True)
    published = counts >= k
    rows, cols = np.divmod(cells[published], grid.cols)
    centre_x = (grid.col0 + cols + 0.5) * cell
    centre_y = (grid.row0 + rows + 0.5) * cell
    out_lat, out_lon = to_wgs84(centre_x, centre_y)
    return PublicPoints(
        lat=out_lat,
        lon=out_lon,
        count=counts[published].astype(np.int64),
        n_withheld=int(counts[~published].sum()),
        cell=cell,
        k=k,
    )
