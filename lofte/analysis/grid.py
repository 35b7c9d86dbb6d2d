"""Square analysis grids in SWEREF 99 TM, point counting, polygon masks and disc neighbourhoods.

A grid's cell edges lie on multiples of its cell size, so two analyses with the same cell size
always share their cells (a cell is identified by its integer column and row,
``floor(x / cell)`` and ``floor(y / cell)``). A cell holds the points with
``col·cell <= x < (col+1)·cell`` and likewise in y.

Arrays over a grid have shape ``(rows, cols)``; row 0 is the southernmost row and column 0 the
westernmost column.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from shapely import get_coordinates, get_parts, get_rings
from shapely.geometry.base import BaseGeometry

from lofte.analysis._parallel import map_blocks, run_chunked

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
ScalarT = TypeVar("ScalarT", bound=np.generic)

_BINCOUNT_PER_THREAD_LIMIT = 1 << 22
"""Grids up to this many cells are counted with one bincount per thread, summed; larger grids
with a single bincount (per-thread copies of a large grid cost more memory and page faults than
the second core saves)."""


@dataclass(frozen=True)
class Grid:
    """A rectangular block of square cells aligned to multiples of ``cell``.

    Attributes:
        cell: side of a cell in metres (> 0).
        col0: column number of the westernmost column; its west edge is ``col0 * cell``.
        row0: row number of the southernmost row; its south edge is ``row0 * cell``.
        cols: number of columns (>= 1).
        rows: number of rows (>= 1).
    """

    cell: float
    col0: int
    row0: int
    cols: int
    rows: int

    def __post_init__(self) -> None:
        if not (math.isfinite(self.cell) and self.cell > 0):
            raise ValueError(f"cell size must be a positive number of metres, got {self.cell}")
        if self.cols < 1 or self.rows < 1:
            raise ValueError(f"a grid needs at least one cell, got {self.rows}×{self.cols}")

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, cols)``, the shape of arrays over this grid."""
        return (self.rows, self.cols)

    @property
    def size(self) -> int:
        """Number of cells."""
        return self.rows * self.cols

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(x_min, y_min, x_max, y_max)`` of the outer cell edges, metres."""
        return (
            self.col0 * self.cell,
            self.row0 * self.cell,
            (self.col0 + self.cols) * self.cell,
            (self.row0 + self.rows) * self.cell,
        )

    def column_centres(self) -> FloatArray:
        """Easting of each column's centre, metres, shape ``(cols,)``."""
        return (np.arange(self.cols, dtype=np.float64) + (self.col0 + 0.5)) * self.cell

    def row_centres(self) -> FloatArray:
        """Northing of each row's centre, metres, shape ``(rows,)``."""
        return (np.arange(self.rows, dtype=np.float64) + (self.row0 + 0.5)) * self.cell

    def centres(self) -> tuple[FloatArray, FloatArray]:
        """Easting and northing of every cell centre, each of shape ``(rows, cols)``."""
        x, y = np.meshgrid(self.column_centres(), self.row_centres())
        return x, y

    def flat_index(self, x: FloatArray, y: FloatArray) -> tuple[IntArray, BoolArray]:
        """Row-major cell index of each point and whether the point lies on the grid."""
        col = np.floor(x / self.cell).astype(np.int64) - self.col0
        row = np.floor(y / self.cell).astype(np.int64) - self.row0
        inside = (col >= 0) & (col < self.cols) & (row >= 0) & (row < self.rows)
        return row * self.cols + col, inside


def grid_for_bounds(x_min: float, y_min: float, x_max: float, y_max: float, cell: float) -> Grid:
    """The smallest aligned grid whose cells cover the rectangle (edges inclusive), metres."""
    if not all(math.isfinite(v) for v in (x_min, y_min, x_max, y_max)):
        raise ValueError("grid bounds must be finite")
    if x_max < x_min or y_max < y_min:
        raise ValueError("grid bounds are inverted")
    if not (math.isfinite(cell) and cell > 0):
        raise ValueError(f"cell size must be a positive number of metres, got {cell}")
    col0 = math.floor(x_min / cell)
    row0 = math.floor(y_min / cell)
    cols = math.floor(x_max / cell) - col0 + 1
    rows = math.floor(y_max / cell) - row0 + 1
    return Grid(cell=float(cell), col0=col0, row0=row0, cols=cols, rows=rows)


def grid_for_points(x: FloatArray, y: FloatArray, cell: float) -> Grid:
    """The smallest aligned grid that contains every point (at least one point required)."""
    if x.size == 0:
        raise ValueError("cannot build a grid around zero points")
    return grid_for_bounds(float(x.min()), float(y.min()), float(x.max()), float(y.max()), cell)


def _flat_index_into(grid: Grid, x: FloatArray, y: FloatArray, out: IntArray) -> bool:
    """Row-major cell index of each point into ``out``, -1 for points off the grid; returns
    whether there were any (checked with four reductions, the usual case being none)."""
    column = np.divide(x, grid.cell)
    np.floor(column, out=column)
    column -= grid.col0
    row = np.divide(y, grid.cell)
    np.floor(row, out=row)
    row -= grid.row0
    has_outside = bool(
        row.size
        and (
            column.min() < 0 or column.max() >= grid.cols or row.min() < 0 or row.max() >= grid.rows
        )
    )
    if has_outside:
        outside = (column < 0) | (column >= grid.cols) | (row < 0) | (row >= grid.rows)
    row *= grid.cols
    row += column
    if has_outside:
        row[outside] = -1
    out[:] = row
    return has_outside


def count_points(
    grid: Grid, x: FloatArray, y: FloatArray, weights: FloatArray | None = None
) -> NDArray[np.int64] | FloatArray:
    """Number (or summed ``weights``) of points in each cell; points off the grid are ignored.

    Returns an int64 array of shape ``grid.shape`` (float64 if ``weights`` are given).

    Algorithm: flat cell indices ``row·cols + col`` are computed in cache-sized chunks on all
    cores; then ``np.bincount`` counts them, one partial count per thread (summed) on grids of
    up to 4 M cells, a single count on larger ones.
    """
    index = np.empty(x.size, dtype=np.int64)
    found_outside: list[bool] = []

    def index_chunk(start: int, stop: int) -> None:
        if _flat_index_into(grid, x[start:stop], y[start:stop], index[start:stop]):
            found_outside.append(True)

    run_chunked(index_chunk, x.size)
    if found_outside:
        keep = index >= 0
        index = index[keep]
        weights = None if weights is None else weights[keep]

    def count_block(start: int, stop: int) -> NDArray[Any]:
        block_weights = None if weights is None else weights[start:stop]
        return np.bincount(index[start:stop], weights=block_weights, minlength=grid.size)

    if grid.size <= _BINCOUNT_PER_THREAD_LIMIT:
        parts = map_blocks(count_block, index.size)
    else:
        parts = [count_block(0, index.size)]
    total: NDArray[Any] = parts[0]
    for part in parts[1:]:
        total += part
    return total.reshape(grid.shape)


def polygon_mask(grid: Grid, area: BaseGeometry) -> BoolArray:
    """Cells whose centre lies inside ``area`` (a Polygon/MultiPolygon in the grid's metres).

    Holes and multi-part areas are honoured (even–odd rule over all rings).

    Algorithm (scan-line, vectorised over all ring edges):
        1. for every edge, the rows whose centre line ``y_c`` satisfies
           ``min(y1, y2) <= y_c < max(y1, y2)`` (half-open, so a vertex is counted once);
        2. the edge's crossing ``x`` on each such row, turned into the first column whose centre
           lies east of it;
        3. each crossing toggles inside/outside for every cell east of it: count the toggles
           per (row, column) with one bincount and take the running parity along each row.
    """
    xs: list[FloatArray] = []
    ys: list[FloatArray] = []
    for ring in get_rings(get_parts(area)):
        coords = get_coordinates(ring)
        xs.append(coords[:, 0])
        ys.append(coords[:, 1])
    if not xs:
        return np.zeros(grid.shape, dtype=bool)
    x1 = np.concatenate([c[:-1] for c in xs])
    x2 = np.concatenate([c[1:] for c in xs])
    y1 = np.concatenate([c[:-1] for c in ys])
    y2 = np.concatenate([c[1:] for c in ys])
    cell = grid.cell
    # Row r has centre line y = (row0 + r + 0.5)·cell; work in units of cells from row 0's centre.
    v1 = y1 / cell - (grid.row0 + 0.5)
    v2 = y2 / cell - (grid.row0 + 0.5)
    lo = np.minimum(v1, v2)
    hi = np.maximum(v1, v2)
    first = np.clip(np.ceil(lo), 0, grid.rows).astype(np.int64)
    stop = np.clip(np.ceil(hi), 0, grid.rows).astype(np.int64)
    n_rows = np.maximum(stop - first, 0)
    edge = np.repeat(np.arange(x1.size), n_rows)
    if edge.size == 0:
        return np.zeros(grid.shape, dtype=bool)
    offsets = np.arange(edge.size) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
    row = first[edge] + offsets
    v = row.astype(np.float64)
    fraction = (v - v1[edge]) / (v2[edge] - v1[edge])
    x_cross = x1[edge] + fraction * (x2[edge] - x1[edge])
    # First column whose centre is strictly east of the crossing.
    u = x_cross / cell - (grid.col0 + 0.5)
    col = np.clip(np.floor(u) + 1, 0, grid.cols).astype(np.int64)
    toggles = np.bincount(row * (grid.cols + 1) + col, minlength=grid.rows * (grid.cols + 1))
    toggles = toggles.reshape(grid.rows, grid.cols + 1)[:, : grid.cols]
    return (np.cumsum(toggles, axis=1) & 1).astype(bool)


def disc_half_widths(band: float, cell: float) -> NDArray[np.int64]:
    """Half widths of the disc neighbourhood, one per row offset ``-R..R``.

    Cell ``(r + dr, c + dc)`` is a neighbour of ``(r, c)`` when the distance between their
    centres, ``cell·sqrt(dr² + dc²)``, is at most ``band`` (the cell itself included). Returns
    ``w`` with ``w[dr + R] = max dc`` for that row offset. A relative tolerance of 1e-9 keeps
    centre distances that equal the band (e.g. band 500 m, cell 250 m) inside despite rounding.
    """
    if not (math.isfinite(band) and band >= 0):
        raise ValueError(f"distance band must be a non-negative number of metres, got {band}")
    ratio_sq = (band / cell) ** 2 * (1 + 1e-9)
    radius = math.floor(math.sqrt(ratio_sq))
    offsets = np.arange(-radius, radius + 1)
    widths: NDArray[np.int64] = np.floor(np.sqrt(np.maximum(ratio_sq - offsets**2, 0.0))).astype(
        np.int64
    )
    return widths


def neighbour_sum(values: NDArray[ScalarT], half_widths: NDArray[np.int64]) -> NDArray[ScalarT]:
    """Sum of ``values`` over each cell's disc neighbourhood (cells off the grid count as 0).

    Equivalent to correlating with the disc footprint, but computed from prefix sums along the
    rows: for each row offset the sum over a run of ``2w+1`` columns is a difference of two
    prefix sums, so the cost is O(cells × rows of the disc) whatever the band.
    """
    rows, cols = values.shape
    radius = (half_widths.size - 1) // 2
    w_max = int(half_widths.max()) if half_widths.size else 0
    prefix = np.zeros((rows, cols + 2 * w_max + 1), dtype=values.dtype)
    out = np.zeros_like(values)
    run = np.empty_like(values)

    def in_row_blocks(func: Callable[[int, int], None]) -> None:
        # Large grids are processed in blocks of rows on all cores (NumPy releases the GIL).
        map_blocks(func, rows, work=rows * cols)

    def prefix_block(start: int, stop: int) -> None:
        np.cumsum(values[start:stop], axis=1, out=prefix[start:stop, w_max + 1 : w_max + 1 + cols])
        if w_max:
            prefix[start:stop, w_max + 1 + cols :] = prefix[
                start:stop, w_max + cols : w_max + 1 + cols
            ]

    in_row_blocks(prefix_block)
    for w in np.unique(half_widths).tolist():
        offsets = [int(dr) for dr in np.flatnonzero(half_widths == w) - radius if abs(dr) < rows]

        def run_block(start: int, stop: int, w: int = w) -> None:
            # run[:, j] = Σ values[:, j-w : j+w+1] = prefix[j+w+1] - prefix[j-w] (shifted)
            np.subtract(
                prefix[start:stop, w_max + w + 1 : w_max + w + 1 + cols],
                prefix[start:stop, w_max - w : w_max - w + cols],
                out=run[start:stop],
            )

        def add_block(start: int, stop: int, offsets: list[int] = offsets) -> None:
            # out[r] += run[r + dr] for the output rows of this block.
            for dr in offsets:
                low = max(start, -dr)
                high = min(stop, rows - dr)
                if low < high:
                    out[low:high] += run[low + dr : high + dr]

        in_row_blocks(run_block)
        in_row_blocks(add_block)
    return out
