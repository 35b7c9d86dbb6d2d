"""Benchmark: heat-map kernel density surface for 1 000 000 points.

Run from the repository root::

    .venv/bin/python bench/kde.py

The points are the kommun scenario of ``bench/hotspots.py`` (1 000 000 clustered points in a
31 × 31 km square). Timed: ``lofte.analysis.kde.kde_surface`` from WGS84 input to the surface
(projection, linear binning, FFT filtering), for a fine heat map (50 m cells, 250 m bandwidth)
and with the library's default cell size and bandwidth. Time is the median of 15 calls after a
warm-up (``time.perf_counter``), with the median CPU time (all threads) beside it since other
load on the machine does not inflate it; peak memory is that of the allocations of one call
(``tracemalloc``). The accuracy against an exact Gaussian KDE (scikit-learn) is checked on a
10 000-point subsample, evaluated at 2 000 random cell centres and the peak.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from hotspots import kommun_points  # noqa: E402

from lofte.analysis.kde import kde_grid, kde_surface  # noqa: E402
from lofte.analysis.projection import to_sweref99tm  # noqa: E402


def timed(func: Callable[[], Any], repeats: int = 15) -> tuple[float, float, float, int]:
    """Median and minimum wall time, median CPU time (all threads), peak allocation."""
    func()
    times = []
    cpu_times = []
    for _ in range(repeats):
        start = time.perf_counter()
        cpu_start = time.process_time()
        func()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), min(times), statistics.median(cpu_times), peak


def accuracy(lat: np.ndarray, lon: np.ndarray, bandwidth: float, cell: float) -> float:
    from sklearn.neighbors import KernelDensity

    rng = np.random.default_rng(3)
    pick = rng.choice(lat.size, 10_000, replace=False)
    x, y = to_sweref99tm(lat[pick], lon[pick])
    result = kde_surface(lat[pick], lon[pick], bandwidth, cell)
    qx, qy = result.grid.centres()
    cells = rng.choice(qx.size, 2_000, replace=False)
    cells[0] = int(np.nanargmax(result.density))  # the peak, which the error is relative to
    model = KernelDensity(bandwidth=bandwidth, kernel="gaussian").fit(np.column_stack([x, y]))
    exact = np.exp(model.score_samples(np.column_stack([qx.ravel()[cells], qy.ravel()[cells]])))
    exact *= x.size * 1e6
    ours = kde_grid(x, y, bandwidth, result.grid).ravel()[cells]
    return float(np.abs(ours - exact).max() / exact.max())


def main() -> None:
    lat, lon = kommun_points(1_000_000)
    print("lofte.analysis kernel density — 1,000,000 points, 31 × 31 km")
    cases: tuple[tuple[str, float | None, float | None], ...] = (
        ("50 m cells, 250 m bandwidth", 250.0, 50.0),
        ("defaults", None, None),
    )
    for label, bandwidth, cell in cases:
        result = kde_surface(lat, lon, bandwidth, cell)

        def run(b: float | None = bandwidth, c: float | None = cell) -> None:
            kde_surface(lat, lon, b, c)

        median, fastest, cpu, peak = timed(run)
        print(
            f"  {label:28} grid {result.grid.rows}×{result.grid.cols} "
            f"(cell {result.grid.cell:g} m, h {result.bandwidth:.0f} m): "
            f"median {median * 1e3:.1f} ms, min {fastest * 1e3:.1f} ms, "
            f"CPU {cpu * 1e3:.1f} ms, peak alloc {peak / 1e6:.0f} MB"
        )
    error = accuracy(lat, lon, 250.0, 50.0)
    print(f"  max |surface - exact KDE| / peak (10 000-point subsample): {error:.3%}")
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()
