"""Differences of two rates (proportions), plain and stratified by case mix.

Two channels: the Miettinen–Nurminen (1985) score test and the interval that
inverts the same statistic, so that the test and the interval always agree; the
Newcombe (1998) hybrid score interval is available too. Both behave at small
counts, zero counts included, where the textbook Wald interval does not.

Stratified (by category): the Cochran–Mantel–Haenszel test (Mantel & Haenszel
1959) and the Mantel–Haenszel common risk difference with the Sato (1989)
variance, which stays valid whether there are few large strata or many sparse
ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from parity.stats.dist import chi2_sf_1, invert_score, norm_isf, norm_sf
from parity.stats.inputs import RateCounts

__all__ = [
    "RateDifference",
    "RateInterval",
    "StratifiedRateDifference",
    "mantel_haenszel",
    "miettinen_nurminen_interval",
    "newcombe_interval",
    "rate_difference",
    "score_test",
    "wilson_interval",
]

RateInterval = Literal["miettinen-nurminen", "newcombe"]

_INTERVAL_NAMES: dict[RateInterval, str] = {
    "miettinen-nurminen": "Miettinen–Nurminen score interval",
    "newcombe": "Newcombe hybrid score interval",
}


@dataclass(frozen=True, slots=True)
class RateDifference:
    """`rate − reference_rate` with its interval and the score test of no difference."""

    test: str
    interval: str
    difference: float
    ci_low: float
    ci_high: float
    confidence: float
    statistic: float  # signed z of the score test
    p_value: float
    rate: float
    reference_rate: float
    n: int
    n_reference: int


@dataclass(frozen=True, slots=True)
class StratifiedRateDifference:
    """Mantel–Haenszel common risk difference and the CMH test over strata."""

    test: str
    interval: str
    difference: float
    ci_low: float
    ci_high: float
    confidence: float
    standard_error: float
    statistic: float  # CMH chi-square, 1 df
    excess: float  # sum over strata of observed − expected successes in the first group
    p_value: float
    strata: int


def _z(alpha: float) -> float:
    return norm_isf(alpha / 2)


def wilson_interval(successes: int, trials: int, *, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson (1927) score interval for one proportion."""
    if trials <= 0:
        raise ValueError("wilson_interval needs at least one trial")
    z = _z(alpha)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_interval(x: RateCounts, y: RateCounts, *, alpha: float = 0.05) -> tuple[float, float]:
    """Newcombe (1998, method 10) hybrid score interval for p_x − p_y."""
    px, py = x.successes / x.trials, y.successes / y.trials
    lx, ux = wilson_interval(x.successes, x.trials, alpha=alpha)
    ly, uy = wilson_interval(y.successes, y.trials, alpha=alpha)
    d = px - py
    return d - math.hypot(px - lx, uy - py), d + math.hypot(ux - px, py - ly)


def _restricted_mle(x: RateCounts, y: RateCounts, delta: float) -> tuple[float, float]:
    """Maximum likelihood (p_x, p_y) under p_x − p_y = delta (Miettinen & Nurminen 1985)."""
    p1, p2 = x.successes / x.trials, y.successes / y.trials
    theta = y.trials / x.trials
    a = 1 + theta
    b = -(1 + theta + p1 + theta * p2 + delta * (theta + 2))
    c = delta * delta + delta * (2 * p1 + theta + 1) + p1 + theta * p2
    d = -p1 * delta * (1 + delta)
    v = b**3 / (27 * a**3) - b * c / (6 * a * a) + d / (2 * a)
    u_squared = max(b * b / (9 * a * a) - c / (3 * a), 0.0)
    u = math.copysign(math.sqrt(u_squared), v)
    cosine = 1.0 if u == 0 else max(-1.0, min(1.0, v / u**3))
    w = (math.pi + math.acos(cosine)) / 3
    q1 = 2 * u * math.cos(w) - b / (3 * a)
    q1 = min(max(q1, max(0.0, delta)), min(1.0, 1.0 + delta))
    return q1, q1 - delta


def _score_z(x: RateCounts, y: RateCounts, delta: float) -> float:
    """Miettinen–Nurminen score statistic for H0: p_x − p_y = delta."""
    q1, q2 = _restricted_mle(x, y, delta)
    total = x.trials + y.trials
    variance = (q1 * (1 - q1) / x.trials + q2 * (1 - q2) / y.trials) * total / (total - 1)
    numerator = x.successes / x.trials - y.successes / y.trials - delta
    if variance <= 0:
        if abs(numerator) < 1e-15:
            return 0.0
        return math.copysign(math.inf, numerator)
    return numerator / math.sqrt(variance)


def miettinen_nurminen_interval(
    x: RateCounts, y: RateCounts, *, alpha: float = 0.05
) -> tuple[float, float]:
    """Miettinen–Nurminen (1985) score interval for p_x − p_y: all δ the score test keeps."""
    _check_pair(x, y)
    d = x.successes / x.trials - y.successes / y.trials
    return invert_score(lambda delta: _score_z(x, y, delta), d, alpha)


def score_test(x: RateCounts, y: RateCounts) -> tuple[float, float]:
    """Miettinen–Nurminen score test of p_x = p_y: (signed z, two-sided p-value).

    At δ = 0 this is Pearson's chi-square with the factor (N − 1)/N. When neither
    or both groups ever succeed there is no evidence of a difference: z = 0, p = 1.
    """
    _check_pair(x, y)
    z = _score_z(x, y, 0.0)
    return z, 2 * norm_sf(abs(z))


def rate_difference(
    x: RateCounts,
    y: RateCounts,
    *,
    alpha: float = 0.05,
    interval: RateInterval = "miettinen-nurminen",
) -> RateDifference:
    """Compare the rate of `x` with the reference `y` (difference = x − y)."""
    z, p = score_test(x, y)
    if interval == "miettinen-nurminen":
        low, high = miettinen_nurminen_interval(x, y, alpha=alpha)
    else:
        low, high = newcombe_interval(x, y, alpha=alpha)
    rate, reference_rate = x.successes / x.trials, y.successes / y.trials
    return RateDifference(
        test="Miettinen–Nurminen score test",
        interval=_INTERVAL_NAMES[interval],
        difference=rate - reference_rate,
        ci_low=low,
        ci_high=high,
        confidence=1 - alpha,
        statistic=z,
        p_value=p,
        rate=rate,
        reference_rate=reference_rate,
        n=x.trials,
        n_reference=y.trials,
    )


def mantel_haenszel(
    strata: Sequence[tuple[RateCounts, RateCounts]],
    *,
    alpha: float = 0.05,
    continuity: bool = False,
) -> StratifiedRateDifference:
    """CMH test and Mantel–Haenszel risk difference (x − y) with the Sato (1989) variance.

    Strata where either group has no trials carry no information and are skipped.
    """
    used = [(x, y) for x, y in strata if x.trials > 0 and y.trials > 0]
    if not used:
        raise ValueError("mantel_haenszel needs a stratum where both groups have trials")
    weight = numerator = p_term = q_term = 0.0
    excess = variance = 0.0
    for x, y in used:
        a, n1 = float(x.successes), float(x.trials)
        c, n0 = float(y.successes), float(y.trials)
        total = n1 + n0
        weight += n1 * n0 / total
        numerator += (a * n0 - c * n1) / total
        p_term += (n1 * n1 * c - n0 * n0 * a + n1 * n0 * (n0 - n1) / 2) / (total * total)
        q_term += (a * (n0 - c) + c * (n1 - a)) / (2 * total)
        successes = a + c
        excess += a - n1 * successes / total
        if total > 1:
            variance += (n1 / total) * (n0 / total) * successes * (total - successes) / (total - 1)
    difference = numerator / weight
    standard_error = math.sqrt(max(difference * p_term + q_term, 0.0)) / weight
    half = _z(alpha) * standard_error
    if variance > 0:
        corrected = max(abs(excess) - (0.5 if continuity else 0.0), 0.0)
        statistic = corrected * corrected / variance
        p_value = chi2_sf_1(statistic)
    else:
        statistic, p_value = 0.0, 1.0
    return StratifiedRateDifference(
        test="Cochran–Mantel–Haenszel",
        interval="Mantel–Haenszel risk difference, Sato variance",
        difference=difference,
        ci_low=max(-1.0, difference - half),
        ci_high=min(1.0, difference + half),
        confidence=1 - alpha,
        standard_error=standard_error,
        statistic=statistic,
        excess=excess,
        p_value=p_value,
        strata=len(used),
    )


def _check_pair(x: RateCounts, y: RateCounts) -> None:
    if x.trials <= 0 or y.trials <= 0:
        raise ValueError("a rate comparison needs at least one trial on each side")
