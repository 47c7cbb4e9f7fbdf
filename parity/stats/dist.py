"""The few distribution functions the tests need, from scipy.special.

`scipy.stats` takes over half a second to import, longer than a whole report
on a small file takes to compute; these are the same functions (ndtr, ndtri,
chdtrc, stdtrit are what scipy.stats calls underneath), checked against
scipy.stats in tests/stats/test_dist.py.
"""

from __future__ import annotations

from scipy import special

__all__ = ["chi2_sf_1", "norm_isf", "norm_sf", "t_isf"]


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
