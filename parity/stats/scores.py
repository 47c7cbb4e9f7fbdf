"""Satisfaction scores (ordinal, 1–5) compared from counts per score value.

Test: Wilcoxon–Mann–Whitney with the tie correction (five values means almost
every response is tied), normal approximation; stratified by category, van
Elteren's (1960) test, which sums the within-stratum rank sums with weights
1/(N_k + 1) so that every stratum counts in proportion to its information. Both
use only the ranks, so they need no assumption that the distance from 1 to 2
equals the distance from 4 to 5.

Estimate: the difference of mean scores, with a Welch interval; stratified, the
Mantel–Haenszel-weighted mean of within-stratum differences (weights
n1·n0/N, the same as for rates) with a normal interval. The effect size of the
rank test, the probability that a random response of the first group is higher
than one of the second (ties counted half), is reported as well.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from parity.stats.dist import norm_isf, norm_sf, t_isf
from parity.stats.inputs import ScoreCounts

__all__ = [
    "MeanDifference",
    "RankTest",
    "mean_difference",
    "stratified_mean_difference",
    "van_elteren",
    "wilcoxon_mann_whitney",
]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class RankTest:
    """Rank test of the first group against the second; z > 0: first group scores higher."""

    test: str
    statistic: float  # signed z
    p_value: float
    superiority: float  # P(X > Y) + P(X = Y)/2, weighted over strata when stratified
    strata: int


@dataclass(frozen=True, slots=True)
class MeanDifference:
    """Difference of mean scores `mean − reference_mean` (unadjusted means)."""

    interval: str
    difference: float
    ci_low: float
    ci_high: float
    standard_error: float
    confidence: float
    mean: float
    reference_mean: float


def _aligned(x: ScoreCounts, y: ScoreCounts) -> tuple[FloatArray, FloatArray, FloatArray]:
    values = np.union1d(x.values, y.values)
    cx = np.zeros(values.size)
    cy = np.zeros(values.size)
    cx[np.searchsorted(values, x.values)] = x.counts
    cy[np.searchsorted(values, y.values)] = y.counts
    return values, cx, cy


def _rank_sum(x: ScoreCounts, y: ScoreCounts) -> tuple[float, float, float, float, float]:
    """Rank sum of `x` (midranks), its null mean and variance, n_x and n_y."""
    _, cx, cy = _aligned(x, y)
    ties = cx + cy
    n1, n0 = float(cx.sum()), float(cy.sum())
    total = n1 + n0
    below = np.concatenate(([0.0], np.cumsum(ties)[:-1]))
    midranks = below + (ties + 1) / 2
    rank_sum = float(np.sum(cx * midranks))
    mean = n1 * (total + 1) / 2
    if total > 1:
        tie_term = float(np.sum((ties / total) * ((ties - 1) / (total - 1)) * (ties + 1)))
        variance = n1 * n0 / 12 * ((total + 1) - tie_term)
    else:
        variance = 0.0
    return rank_sum, mean, max(variance, 0.0), n1, n0


def _z_and_p(excess: float, variance: float) -> tuple[float, float]:
    if variance <= 0:
        return 0.0, 1.0
    z = excess / math.sqrt(variance)
    return z, 2 * norm_sf(abs(z))


def wilcoxon_mann_whitney(x: ScoreCounts, y: ScoreCounts) -> RankTest:
    """Wilcoxon–Mann–Whitney test with tie correction (no continuity correction)."""
    if x.n == 0 or y.n == 0:
        raise ValueError("wilcoxon_mann_whitney needs responses on both sides")
    rank_sum, mean, variance, n1, n0 = _rank_sum(x, y)
    z, p = _z_and_p(rank_sum - mean, variance)
    u = rank_sum - n1 * (n1 + 1) / 2
    return RankTest("Wilcoxon–Mann–Whitney", z, p, u / (n1 * n0), 1)


def van_elteren(strata: Sequence[tuple[ScoreCounts, ScoreCounts]]) -> RankTest:
    """Van Elteren's stratified Wilcoxon test (strata with an empty side are skipped)."""
    excess = variance = 0.0
    superiority = weight = 0.0
    used = 0
    for x, y in strata:
        if x.n == 0 or y.n == 0:
            continue
        rank_sum, mean, v, n1, n0 = _rank_sum(x, y)
        scale = 1.0 / (n1 + n0 + 1)
        excess += (rank_sum - mean) * scale
        variance += v * scale * scale
        w = n1 * n0 * scale
        superiority += w * (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)
        weight += w
        used += 1
    if used == 0:
        raise ValueError("van_elteren needs a stratum where both groups have responses")
    z, p = _z_and_p(excess, variance)
    return RankTest("van Elteren", z, p, superiority / weight, used)


def _moments(table: ScoreCounts) -> tuple[float, float, float]:
    """n, mean and sample variance (n − 1 denominator) from counts."""
    counts = table.counts.astype(np.float64)
    n = float(counts.sum())
    mean = float(np.sum(counts * table.values) / n)
    variance = float(np.sum(counts * (table.values - mean) ** 2) / (n - 1)) if n > 1 else 0.0
    return n, mean, variance


def mean_difference(x: ScoreCounts, y: ScoreCounts, *, alpha: float = 0.05) -> MeanDifference:
    """Difference of means with the Welch (unequal variances) t interval."""
    if x.n == 0 or y.n == 0:
        raise ValueError("mean_difference needs responses on both sides")
    n1, m1, v1 = _moments(x)
    n0, m0, v0 = _moments(y)
    a, b = v1 / n1, v0 / n0
    se = math.sqrt(a + b)
    if se > 0 and n1 > 1 and n0 > 1:
        df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n0 - 1))
        half = t_isf(alpha / 2, df) * se
    else:
        half = 0.0
    d = m1 - m0
    return MeanDifference("Welch interval", d, d - half, d + half, se, 1 - alpha, m1, m0)


def stratified_mean_difference(
    strata: Sequence[tuple[ScoreCounts, ScoreCounts]], *, alpha: float = 0.05
) -> MeanDifference:
    """Mantel–Haenszel-weighted mean of within-stratum differences (weights n1·n0/N)."""
    total_weight = weighted = variance = 0.0
    s1 = c1 = s0 = c0 = 0.0
    for x, y in strata:
        if x.n == 0 or y.n == 0:
            continue
        n1, m1, v1 = _moments(x)
        n0, m0, v0 = _moments(y)
        w = n1 * n0 / (n1 + n0)
        total_weight += w
        weighted += w * (m1 - m0)
        variance += w * w * (v1 / n1 + v0 / n0)
        s1, c1, s0, c0 = s1 + n1 * m1, c1 + n1, s0 + n0 * m0, c0 + n0
    if total_weight == 0:
        raise ValueError("stratified_mean_difference needs a stratum with responses on both sides")
    d = weighted / total_weight
    se = math.sqrt(variance) / total_weight
    half = norm_isf(alpha / 2) * se
    return MeanDifference(
        "Mantel–Haenszel-weighted difference of means, normal interval",
        d,
        d - half,
        d + half,
        se,
        1 - alpha,
        s1 / c1,
        s0 / c0,
    )
