"""Benchmark: WGS84 → SWEREF 99 TM with lofte.analysis against pyproj.

Run from the repository root::

    .venv/bin/python bench/analysis_projection.py

Uniform random points over Sweden's box (lat 55.0–69.1, lon 10.9–24.2). Prints the median time
of 9 calls (after a warm-up) of ``lofte.analysis.projection.to_sweref99tm`` and of
``pyproj.Transformer.transform`` for 1 and 10 million points, and the largest difference
between the two in millimetres.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyproj

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lofte.analysis.projection import to_sweref99tm


def median_time(func: Callable[[], Any], repeats: int = 9) -> float:
    func()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    transformer = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
    rng = np.random.default_rng(7)
    print("WGS84 → SWEREF 99 TM")
    for n in (1_000_000, 10_000_000):
        lat = rng.uniform(55.0, 69.1, n)
        lon = rng.uniform(10.9, 24.2, n)
        ours = median_time(lambda la=lat, lo=lon: to_sweref99tm(la, lo))
        reference = median_time(lambda la=lat, lo=lon: transformer.transform(lo, la), repeats=3)
        x, y = to_sweref99tm(lat, lon)
        expected_x, expected_y = transformer.transform(lon, lat)
        error_mm = 1e3 * max(np.abs(x - expected_x).max(), np.abs(y - expected_y).max())
        print(
            f"  {n:>10,} points: lofte.analysis {ours * 1e3:7.1f} ms, pyproj "
            f"{reference * 1e3:7.1f} ms ({reference / ours:4.1f}× faster); "
            f"max difference {error_mm:.3f} mm"
        )


if __name__ == "__main__":
    main()
