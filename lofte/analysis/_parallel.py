"""Run a vectorised kernel over large arrays in cache-sized chunks on all cores.

NumPy releases the GIL inside its ufunc loops, so two threads working on disjoint halves of an
array run truly in parallel; processing each half in chunks of a few tens of thousands of
elements keeps the temporaries in the CPU cache instead of streaming them through memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

CHUNK = 65_536
"""Elements per chunk: small enough that a dozen float64 temporaries fit in L2 cache."""

_MIN_PARALLEL = 4 * CHUNK
_pool: ThreadPoolExecutor | None = None


def worker_count() -> int:
    """Number of threads used for large arrays (the CPUs this process may run on)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=worker_count(), thread_name_prefix="lofte-analysis")
    return _pool


def run_chunked(kernel: Callable[[int, int], None], n: int, chunk: int = CHUNK) -> None:
    """Call ``kernel(start, stop)`` over ``range(n)`` in chunks, spread over the worker threads.

    The kernel must only write to the slice ``[start, stop)`` of its output arrays, so that the
    calls are independent. Small inputs are processed on the calling thread.
    """
    if n <= 0:
        return
    workers = worker_count()
    if n < _MIN_PARALLEL or workers == 1:
        for start in range(0, n, chunk):
            kernel(start, min(start + chunk, n))
        return
    bounds = [n * k // workers for k in range(workers + 1)]

    def block(k: int) -> None:
        for start in range(bounds[k], bounds[k + 1], chunk):
            kernel(start, min(start + chunk, bounds[k + 1]))

    for future in [_executor().submit(block, k) for k in range(workers)]:
        future.result()


def map_blocks(func: Callable[[int, int], T], n: int, *, work: int | None = None) -> list[T]:
    """Call ``func(start, stop)`` once per worker on contiguous blocks of ``range(n)``.

    ``work`` (default ``n``) is the number of elements the whole call touches; below a few
    hundred thousand the threads cost more than they save and everything runs inline.
    """
    workers = worker_count()
    if (n if work is None else work) < _MIN_PARALLEL or workers == 1 or n < 2:
        return [func(0, n)]
    bounds = [n * k // workers for k in range(workers + 1)]
    futures = [_executor().submit(func, bounds[k], bounds[k + 1]) for k in range(workers)]
    return [future.result() for future in futures]
