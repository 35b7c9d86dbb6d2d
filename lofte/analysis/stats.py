"""Small statistical building blocks shared by the analyses (no SciPy objects in the results)."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

FloatArray = NDArray[np.float64]


def two_sided_p(z: ArrayLike) -> FloatArray:
    """Two-sided p-value of standard normal z-scores, ``P(|Z| >= |z|)`` (NaN stays NaN)."""
    z_array = np.asarray(z, dtype=np.float64)
    result: FloatArray = special.erfc(np.abs(z_array) / math.sqrt(2.0))
    return result


def benjamini_hochberg(p: ArrayLike, weights: ArrayLike | None = None) -> FloatArray:
    """Benjamini–Hochberg adjusted p-values (q-values) for the false discovery rate.

    Args:
        p: p-values in [0, 1]; NaN entries are not tests and stay NaN.
        weights: optional multiplicities: ``p[i]`` stands for ``weights[i]`` tests with that same
            p-value (used to adjust millions of grid cells that share a few thousand distinct
            p-values). Must be positive integers.

    Returns:
        ``q`` with ``q[i] = min_{k >= rank(i)} p_(k)·m/k`` clipped to 1, where ``m`` is the total
        number of tests; a test is significant at FDR level α exactly when ``q <= α``.
        Identical to ``scipy.stats.false_discovery_control(p, method="bh")``.

    Algorithm:
        1. sort the p-values; with multiplicities, rank k of a group is the cumulative count of
           tests up to and including it (tied tests share the largest rank of their tie);
        2. ``p_(k)·m/k``, then a running minimum from the largest p downwards;
        3. scatter back to the input order.
    """
    p_array = np.asarray(p, dtype=np.float64)
    q = np.full(p_array.shape, np.nan)
    valid = ~np.isnan(p_array)
    values = p_array[valid]
    if values.size == 0:
        return q
    if weights is None:
        counts = np.ones(values.size, dtype=np.float64)
    else:
        counts = np.asarray(weights, dtype=np.float64)[valid]
    order = np.argsort(values, kind="stable")
    sorted_p = values[order]
    ranks = np.cumsum(counts[order])
    total = ranks[-1]
    # Tied p-values share the rank of the last one (the minimum from the right does that too,
    # but only when ties are adjacent and fully counted, which the cumulative sum ensures).
    adjusted = sorted_p * total / ranks
    adjusted = np.minimum.accumulate(adjusted[::-1])[::-1]
    np.minimum(adjusted, 1.0, out=adjusted)
    result = np.empty(values.size)
    result[order] = adjusted
    q[valid] = result
    return q
