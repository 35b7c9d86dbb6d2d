"""Benchmark: Gi* hot spots with lofte.analysis against the PySAL pipeline, same input.

Run from the repository root::

    .venv/bin/python bench/hotspots.py            # kommun (1 M points) and Sweden (10 M points)
    .venv/bin/python bench/hotspots.py --quick    # smaller inputs, a smoke test

Scenarios:

* **kommun** — 1 000 000 clustered points in a 31 × 31 km square around Vetlanda, 250 m cells,
  500 m band. The library's ``hotspots()`` (projection → counting → Gi* → p → FDR → classes)
  against the PySAL pipeline doing the same work: pyproj projection, the same binning in NumPy,
  ``libpysal.weights.DistanceBand`` over the cell centres, ``esda.G_Local(star=True,
  transform="B", permutations=0)`` (analytical z like ArcGIS; the permutation test would only
  add time) and ``scipy.stats.false_discovery_control``. The z-scores of both are compared.
* **sweden** — 10 000 000 points spread over Sweden (clusters around every kommun's centre and
  a uniform background), 250 m cells over the points' bounding box (≈ 22 million cells),
  500 m band. Library only: PySAL's distance-band weights for 16 million cells do not fit.

Each measurement runs in a fresh subprocess so the two pipelines' memory cannot mix. Time is
the median of several calls after one warm-up call (``time.perf_counter``), each call producing
every per-cell output (z, p, p_fdr, class); peak memory is the peak of the allocations made
during one call, measured with ``tracemalloc`` (NumPy reports its buffers to it) in a separate
call, so the input arrays are not counted; the process's maximum resident set size
(``ru_maxrss``: input, interpreter and libraries included) is printed for context, and so is
the median CPU time per call (all threads), which other load on the machine does not inflate.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

Points = tuple[NDArray[np.float64], NDArray[np.float64]]

CELL = 250.0
BAND = 500.0


def kommun_points(n: int, seed: int = 1) -> Points:
    """``n`` points in a 31 × 31 km square (60 % in 40 Gaussian clusters), as WGS84 lat/lon."""
    import pyproj

    rng = np.random.default_rng(seed)
    half = 15_500.0
    centre_x, centre_y = 517_000.0, 6_363_000.0  # Vetlanda, SWEREF 99 TM
    clusters = 40
    cx = centre_x + rng.uniform(-half, half, clusters)
    cy = centre_y + rng.uniform(-half, half, clusters)
    spread = rng.uniform(100.0, 800.0, clusters)
    xs: list[NDArray[np.float64]] = []
    ys: list[NDArray[np.float64]] = []
    remaining = n
    while remaining > 0:
        m = int(remaining * 1.1) + 100
        n_clustered = int(m * 0.6)
        which = rng.integers(0, clusters, n_clustered)
        x = np.concatenate(
            [
                rng.normal(cx[which], spread[which]),
                rng.uniform(-half, half, m - n_clustered) + centre_x,
            ]
        )
        y = np.concatenate(
            [
                rng.normal(cy[which], spread[which]),
                rng.uniform(-half, half, m - n_clustered) + centre_y,
            ]
        )
        keep = (np.abs(x - centre_x) < half) & (np.abs(y - centre_y) < half)
        xs.append(x[keep][:remaining])
        ys.append(y[keep][:remaining])
        remaining -= xs[-1].size
    order = rng.permutation(n)
    x_all = np.concatenate(xs)[order]
    y_all = np.concatenate(ys)[order]
    lon, lat = pyproj.Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True).transform(
        x_all, y_all
    )
    return np.ascontiguousarray(lat), np.ascontiguousarray(lon)


def sweden_points(n: int, seed: int = 2) -> Points:
    """``n`` points over Sweden: 80 % around the kommun centres, 20 % uniform in the box."""
    import json as json_module

    rng = np.random.default_rng(seed)
    path = ROOT / "lofte" / "geo" / "data" / "municipalities.geojson"
    features = json_module.loads(path.read_text(encoding="utf-8"))["features"]
    centres = np.array([f["properties"]["geo_point_2d"] for f in features])  # lat, lon
    weights = rng.lognormal(0.0, 1.2, len(centres))
    weights /= weights.sum()
    n_clustered = int(n * 0.8)
    which = rng.choice(len(centres), n_clustered, p=weights)
    spread_km = rng.uniform(1.0, 8.0, len(centres))[which]
    lat_c = centres[which, 0]
    lat = rng.normal(lat_c, spread_km / 111.0)
    lon = rng.normal(centres[which, 1], spread_km / (111.0 * np.cos(np.radians(lat_c))))
    lat = np.concatenate([lat, rng.uniform(55.0, 69.1, n - n_clustered)])
    lon = np.concatenate([lon, rng.uniform(10.9, 24.2, n - n_clustered)])
    np.clip(lat, 55.0, 69.1, out=lat)
    np.clip(lon, 10.9, 24.2, out=lon)
    order = rng.permutation(n)
    return np.ascontiguousarray(lat[order]), np.ascontiguousarray(lon[order])


def pysal_pipeline(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
    """The same analysis with the PySAL stack; returns z per cell, row-major from south-west."""
    import esda
    import libpysal
    import pyproj
    from scipy.stats import false_discovery_control

    x, y = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True).transform(lon, lat)
    col0 = np.floor(x.min() / CELL)
    row0 = np.floor(y.min() / CELL)
    col = (np.floor(x / CELL) - col0).astype(np.int64)
    row = (np.floor(y / CELL) - row0).astype(np.int64)
    cols = int(col.max()) + 1
    rows = int(row.max()) + 1
    counts = np.bincount(row * cols + col, minlength=rows * cols).astype(np.float64)
    cx, cy = np.meshgrid(
        (np.arange(cols) + col0 + 0.5) * CELL, (np.arange(rows) + row0 + 0.5) * CELL
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = libpysal.weights.DistanceBand(
            np.column_stack([cx.ravel(), cy.ravel()]),
            threshold=BAND,
            binary=True,
            silence_warnings=True,
        )
        gi = esda.G_Local(counts, weights, transform="B", star=True, permutations=0)
    p = 2 * gi.p_norm
    q = false_discovery_control(p, method="bh")
    classes = np.sign(gi.Zs) * ((q <= 0.1).astype(int) + (q <= 0.05) + (q <= 0.01))
    del classes
    return np.asarray(gi.Zs)


def library_pipeline(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
    from lofte.analysis.hotspots import hotspots

    result = hotspots(lat, lon, CELL, BAND)
    # Materialise every per-cell output (p and p_fdr are gathered on first access), so the
    # timing covers the same outputs as the PySAL pipeline's.
    assert result.gi.p.shape == result.gi.p_fdr.shape == result.gi.classes.shape
    return result.gi.z.ravel()


def measure(func: Callable[[], Any], repeats: int) -> dict[str, Any]:
    func()  # warm-up: imports, thread pool, first-touch of memory
    times = []
    cpu_times = []
    for _ in range(repeats):
        start = time.perf_counter()
        cpu_start = time.process_time()
        func()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    tracemalloc.start()
    tracemalloc.reset_peak()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "cpu_s": statistics.median(cpu_times),
        "repeats": repeats,
        "peak_bytes": peak,
        "maxrss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def child(scenario: str, pipeline: str, n: int, repeats: int) -> None:
    """Run one measurement and print it as JSON (called in a subprocess)."""
    lat, lon = kommun_points(n) if scenario == "kommun" else sweden_points(n)
    func = library_pipeline if pipeline == "library" else pysal_pipeline
    report = measure(lambda: func(lat, lon), repeats)
    report["z"] = None
    if scenario == "kommun":
        # z-scores for the comparison, saved next to the process (small: one per cell).
        z_path = Path(tempfile.gettempdir()) / f"lofte-bench-z-{pipeline}-{os.getpid()}.npy"
        np.save(z_path, func(lat, lon))
        report["z"] = str(z_path)
    print(json.dumps(report))


def run_child(scenario: str, pipeline: str, n: int, repeats: int) -> dict[str, Any]:
    completed = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--child", scenario, pipeline, str(n), str(repeats)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _mb(value: float) -> str:
    return f"{value / 1e6:,.0f} MB"


def _ms(value: float) -> str:
    return f"{value * 1e3:,.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="100 000 / 1 000 000 points")
    parser.add_argument("--skip-sweden", action="store_true")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        scenario, pipeline, n, repeats = args.child
        child(scenario, pipeline, int(n), int(repeats))
        return

    n_kommun = 100_000 if args.quick else 1_000_000
    n_sweden = 1_000_000 if args.quick else 10_000_000
    print(f"lofte.analysis hot spots — {n_kommun:,} points, {CELL:g} m cells, {BAND:g} m band")
    lib = run_child("kommun", "library", n_kommun, 15)
    pysal = run_child("kommun", "pysal", n_kommun, 3)
    z_lib = np.load(lib["z"])
    z_pysal = np.load(pysal["z"])
    Path(lib["z"]).unlink()
    Path(pysal["z"]).unlink()
    print()
    print("kommun (31 × 31 km), projection through classification")
    print(f"  {'':16}{'median':>12}{'min':>12}{'CPU':>12}{'peak alloc':>14}{'max RSS':>12}")
    for name, r in (("lofte.analysis", lib), ("PySAL pipeline", pysal)):
        print(
            f"  {name:16}{_ms(r['median_s']):>12}{_ms(r['min_s']):>12}{_ms(r['cpu_s']):>12}"
            f"{_mb(r['peak_bytes']):>14}{_mb(r['maxrss_bytes']):>12}"
        )
    print(f"  speed-up (median / median): {pysal['median_s'] / lib['median_s']:.1f}×")
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"  cells: {z_lib.size:,}; max |z_lofte - z_esda| = {np.abs(z_lib - z_pysal).max():.2e}")
    if not args.skip_sweden:
        sweden = run_child("sweden", "library", n_sweden, 3)
        print()
        print(f"Sweden, {n_sweden:,} points, {CELL:g} m cells over the points' bounding box")
        print(
            f"  lofte.analysis  median {_ms(sweden['median_s'])}, min {_ms(sweden['min_s'])}, "
            f"CPU {_ms(sweden['cpu_s'])}, peak alloc {_mb(sweden['peak_bytes'])}, "
            f"max RSS {_mb(sweden['maxrss_bytes'])}"
        )
        print("  PySAL pipeline  not run: distance-band weights over ~20 M cells would not fit")


if __name__ == "__main__":
    main()
