"""Small statistical building blocks shared by the analyses (no SciPy objects in the results)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

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


@dataclass(frozen=True)
class MannKendall:
    """Mann–Kendall trend test of each row of a series (arrays have one entry per row)."""

    s: NDArray[np.int64]
    """Kendall's S = Σ_{i<j} sign(x_j - x_i)."""
    variance: FloatArray
    """Var(S) with the tie correction."""
    z: FloatArray
    """Continuity-corrected normal score, 0 when S = 0 or the variance is 0."""
    p: FloatArray
    """Two-sided p-value of the normal approximation."""
    tau: FloatArray
    """Kendall's tau: S / (n(n-1)/2)."""

    @property
    def trend(self) -> NDArray[np.int8]:
        """+1 for a significant (p <= 0.05) increase, -1 for a decrease, 0 otherwise."""
        return self.trend_at(0.05)

    def trend_at(self, alpha: float) -> NDArray[np.int8]:
        """+1/-1/0 for a significant increase/decrease/neither at level ``alpha``."""
        direction = np.sign(self.s).astype(np.int8)
        result: NDArray[np.int8] = np.where(self.p <= alpha, direction, 0).astype(np.int8)
        return result


def mann_kendall(series: ArrayLike) -> MannKendall:
    """Mann–Kendall test of a monotonic trend along the last axis, for many series at once.

    Args:
        series: shape ``(n,)`` or ``(rows, n)``, equally spaced observations in time order.

    Returns:
        :class:`MannKendall` with one entry per row (shape ``(rows,)``; ``(1,)`` for 1-D input).

    Algorithm:
        1. ``S = Σ_{i<j} sign(x_j - x_i)`` over all pairs, vectorised over rows;
        2. ``Var(S) = [n(n-1)(2n+5) - Σ_t t(t-1)(2t+5)] / 18`` over groups of ``t`` tied values,
           the tie groups found by sorting each row;
        3. ``z = (S - sign S) / sqrt(Var S)``, two-sided normal p-value (the usual continuity
           correction, as in ``pymannkendall.original_test``).
    """
    data = np.atleast_2d(np.asarray(series, dtype=np.float64))
    rows, n = data.shape
    s = np.zeros(rows, dtype=np.int64)
    for i in range(n - 1):
        s += np.sign(data[:, i + 1 :] - data[:, i : i + 1]).astype(np.int64).sum(axis=1)
    ordered = np.sort(data, axis=1)
    ties = np.zeros(rows)
    if n:
        starts = np.ones((rows, n), dtype=bool)
        starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
        group = np.cumsum(starts, axis=1) - 1 + (np.arange(rows) * n)[:, None]
        sizes = np.bincount(group.ravel(), minlength=rows * n).astype(np.float64)
        per_group = sizes * (sizes - 1) * (2 * sizes + 5)
        ties = per_group.reshape(rows, n).sum(axis=1)
    variance = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(variance > 0, (s - np.sign(s)) / np.sqrt(variance), 0.0)
        tau = s / (n * (n - 1) / 2) if n > 1 else np.zeros(rows)
    return MannKendall(s=s, variance=variance, z=z, p=two_sided_p(z), tau=np.asarray(tau, float))


@dataclass(frozen=True)
class RateRatio:
    """Comparison of two Poisson counts with their exposures (e.g. days × inhabitants)."""

    count: int
    exposure: float
    reference_count: int
    reference_exposure: float
    ratio: float
    """(count/exposure) / (reference_count/reference_exposure); NaN when undefined."""
    ci_low: float
    ci_high: float
    p_value: float
    """Two-sided exact p-value of equal rates (conditional binomial test)."""
    confidence: float

    @property
    def is_increase(self) -> bool:
        """Significantly higher rate than the reference at ``1 - confidence``."""
        return self.p_value <= 1 - self.confidence + 1e-12 and self.ci_low > 1

    @property
    def is_decrease(self) -> bool:
        """Significantly lower rate than the reference at ``1 - confidence``."""
        return self.p_value <= 1 - self.confidence + 1e-12 and self.ci_high < 1


def rate_ratio_test(
    count: int,
    exposure: float,
    reference_count: int,
    reference_exposure: float,
    confidence: float = 0.95,
) -> RateRatio:
    """Exact test and confidence interval for the ratio of two Poisson rates.

    Args:
        count, reference_count: observed counts (non-negative integers).
        exposure, reference_exposure: their exposures (> 0), e.g. days, or person-days.
        confidence: level of the interval; the test is significant at ``1 - confidence``.

    Returns:
        :class:`RateRatio`.

    Raises:
        ValueError: negative counts or non-positive exposures.

    Algorithm (the conditional test): given ``n = count + reference_count``, under equal rates
    ``count ~ Binomial(n, π0)`` with ``π0 = exposure / (exposure + reference_exposure)``.
        1. two-sided p = Σ P(k) over the k whose probability is at most that of the observed
           count (with scipy's relative tolerance 1e-7) — scipy.stats.binomtest's rule;
        2. Clopper–Pearson interval (πL, πU) for π = count/n;
        3. ratio interval ``π/(1-π) · reference_exposure/exposure`` at πL and πU.
    """
    if count < 0 or reference_count < 0:
        raise ValueError("counts must be non-negative")
    if not (exposure > 0 and reference_exposure > 0):
        raise ValueError("exposures must be positive")
    n = count + reference_count
    scale = reference_exposure / exposure
    if n == 0:
        return RateRatio(
            count, exposure, reference_count, reference_exposure,
            math.nan, 0.0, math.inf, 1.0, confidence,
        )  # fmt: skip
    pi0 = exposure / (exposure + reference_exposure)
    ks = np.arange(n + 1)
    pmf = stats.binom.pmf(ks, n, pi0)
    observed = pmf[count]
    p_value = float(min(1.0, pmf[pmf <= observed * (1 + 1e-7)].sum()))
    alpha = 1 - confidence
    pi_low = 0.0 if count == 0 else float(stats.beta.ppf(alpha / 2, count, n - count + 1))
    pi_high = 1.0 if count == n else float(stats.beta.ppf(1 - alpha / 2, count + 1, n - count))

    def to_ratio(pi: float) -> float:
        return math.inf if pi >= 1 else pi / (1 - pi) * scale

    ratio = (
        math.inf
        if reference_count == 0
        else (count / exposure) / (reference_count / reference_exposure)
    )
    return RateRatio(
        count=count,
        exposure=exposure,
        reference_count=reference_count,
        reference_exposure=reference_exposure,
        ratio=ratio,
        ci_low=to_ratio(pi_low),
        ci_high=to_ratio(pi_high),
        p_value=p_value,
        confidence=confidence,
    )
