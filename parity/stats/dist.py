"""The few distribution functions the tests need, from scipy.special.

`scipy.stats` takes over half a second to import, longer than a whole report
on a small file takes to compute; these are the same functions (ndtr, ndtri,
chdtrc, stdtrit are what scipy.stats calls underneath), checked against
scipy.stats in tests/stats/test_dist.py.
"""

from __future__ import annotations

from collections.abc import Callable

from scipy import special

__all__ = ["chi2_sf_1", "invert_score", "norm_isf", "norm_sf", "t_isf"]


def norm_sf(z: float) -> float:
    """P(Z > z) for a standard normal Z."""
    return float(special.ndtr(-z))


def norm_isf(q: float) -> float:
    """The z with P(Z > z) = q."""
    return float(-special.ndtri(q))


def chi2_sf_1(x: float) -> float:
    """P(X > x) for a chi-square X with one degree of freedom."""
    return float(special.chdtrc(1, x))


def t_isf(q: float, df: float) -> float:
    """The t with P(T > t) = q for Student's T with `df` degrees of freedom."""
    return float(-special.stdtrit(df, q))


def invert_score(
    score: Callable[[float], float], estimate: float, alpha: float
) -> tuple[float, float]:
    """The confidence interval of a difference of proportions that a score test keeps.

    `score(delta)` is the signed score statistic for the hypothesis that the
    difference is `delta` (decreasing in delta); the interval holds every delta
    in (−1, 1) the two-sided test at level `alpha` does not reject, found by
    root finding on each side of `estimate`. Used by the Miettinen–Nurminen
    interval of two independent rates and Tango's interval of paired rates.
    """
    from scipy import optimize  # loaded on first use: slow to import

    z = norm_isf(alpha / 2)
    edge = 1e-12
    low, high = -1.0, 1.0
    if estimate > -1 + edge and score(-1 + edge) - z > 0:
        low = float(
            optimize.brentq(lambda d: score(d) - z, -1 + edge, estimate, xtol=1e-13, rtol=1e-13)
        )
    if estimate < 1 - edge and score(1 - edge) + z < 0:
        high = float(
            optimize.brentq(lambda d: score(d) + z, estimate, 1 - edge, xtol=1e-13, rtol=1e-13)
        )
    return low, high
