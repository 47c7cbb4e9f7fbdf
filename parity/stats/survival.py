"""Kaplan–Meier curves and their quantiles, from aggregated time tables.

A contact that was never answered (or never resolved) is not dropped and not
counted as fast: it is *censored* — we know only that it waited at least until
it was abandoned, closed or the report's as-of time. The Kaplan–Meier estimate
uses exactly that information, so a channel that answers 30 % of posts in
minutes and ignores the rest has a median that is "not reached", not minutes.

Quantile intervals follow Brookmeyer & Crowley (1982) as SAS PROC LIFETEST and
statsmodels do: every event time where a z-test of S(t) = 1 − p on a transformed
scale (complementary log-log by default) is not rejected.

A standardised curve (direct standardisation to a common case mix) is the
weighted mean of per-stratum Kaplan–Meier curves; its variance is the weighted
sum of their Greenwood variances (the weights are taken as fixed). It goes
through the same quantile code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from parity.stats.dist import norm_isf
from parity.stats.inputs import TimeTable

__all__ = [
    "SurvivalCurve",
    "SurvivalQuantile",
    "Transform",
    "kaplan_meier",
    "standardised_curve",
    "survival_quantile",
]

Transform = Literal["cloglog", "log", "logit", "linear", "asinsqrt"]

FloatArray = npt.NDArray[np.float64]

# Survival values closer than this to 1 − p count as equal to it (R's survival
# uses a tolerance too); far below the smallest step at 10^8 contacts.
_TIE = 1e-10


@dataclass(frozen=True, slots=True)
class SurvivalCurve:
    """S(t) just after each event time, with its (Greenwood) variance.

    The curve is known up to `horizon` (the last time anyone was observed); it is
    infinite once the curve has reached zero.
    """

    times: FloatArray
    survival: FloatArray
    variance: FloatArray
    horizon: float
    n: int
    method: str


@dataclass(frozen=True, slots=True)
class SurvivalQuantile:
    """The time by which a fraction `p` had their event.

    `value` is None when the curve never falls to 1 − p ("not reached"); then
    `lower_bound` says the quantile lies beyond the last time observed.
    `ci_high` is None when the upper confidence limit is unbounded.
    """

    p: float
    value: float | None
    lower_bound: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    method: str

    @property
    def reached(self) -> bool:
        return self.value is not None


def kaplan_meier(table: TimeTable) -> SurvivalCurve:
    """Kaplan–Meier estimate with Greenwood variance (censored after events at ties)."""
    n = table.n
    if n == 0:
        raise ValueError("kaplan_meier needs at least one contact")
    events = table.events.astype(np.float64)
    removed = events + table.censored.astype(np.float64)
    at_risk = float(n) - np.concatenate(([0.0], np.cumsum(removed)[:-1]))
    has_event = table.events > 0
    d, r = events[has_event], at_risk[has_event]
    survival: FloatArray = np.cumprod(1.0 - d / r, dtype=np.float64)
    alive = d < r
    terms = np.zeros_like(d)
    terms[alive] = d[alive] / (r[alive] * (r[alive] - d[alive]))
    variance = survival * survival * np.cumsum(terms)
    variance[survival <= 0] = 0.0
    survival[survival < 0] = 0.0
    reaches_zero = survival.size > 0 and survival[-1] == 0.0
    horizon = math.inf if reaches_zero else float(table.times[-1])
    return SurvivalCurve(
        times=table.times[has_event],
        survival=survival,
        variance=variance,
        horizon=horizon,
        n=n,
        method="Kaplan–Meier",
    )


def _step(curve: SurvivalCurve, at: FloatArray) -> tuple[FloatArray, FloatArray]:
    """S(t) and its variance at arbitrary times `at` (right-continuous step function)."""
    index = np.searchsorted(curve.times, at, side="right") - 1
    before = index < 0
    safe = np.where(before, 0, index)
    survival = np.where(before, 1.0, curve.survival[safe] if curve.times.size else 1.0)
    variance = np.where(before, 0.0, curve.variance[safe] if curve.times.size else 0.0)
    return survival, variance


def standardised_curve(tables: Sequence[TimeTable], weights: Sequence[float]) -> SurvivalCurve:
    """Direct standardisation: Σ w_k S_k(t) over strata, with Σ w_k² Var S_k(t).

    Weights are normalised to sum to one. Past the last time observed in a
    stratum its curve is carried forward at its last value (Gill's convention):
    the stratum is taken to have no further events, which can only lengthen the
    standardised times, never shorten them. The standardised curve is known up
    to the largest horizon of its strata.
    """
    if len(tables) != len(weights) or not tables:
        raise ValueError("standardised_curve needs one weight per table")
    w = np.asarray(weights, dtype=np.float64)
    if np.any(w < 0) or w.sum() <= 0:
        raise ValueError("standardised_curve needs non-negative weights with a positive sum")
    w = w / w.sum()
    curves = [kaplan_meier(t) for t, wk in zip(tables, w, strict=True) if wk > 0]
    w = w[w > 0]
    horizon = max(c.horizon for c in curves)
    times = np.unique(np.concatenate([c.times for c in curves]))
    survival = np.zeros(times.size)
    variance = np.zeros(times.size)
    for curve, wk in zip(curves, w, strict=True):
        s, v = _step(curve, times)
        survival += wk * s
        variance += wk * wk * v
    if len(curves) == 1:
        method = "Kaplan–Meier"
    else:
        method = f"Kaplan–Meier standardised over {len(curves)} strata"
    return SurvivalCurve(
        times=times,
        survival=survival,
        variance=variance,
        horizon=horizon,
        n=sum(c.n for c in curves),
        method=method,
    )


def _signed_z(
    survival: FloatArray, variance: FloatArray, target: float, how: Transform
) -> FloatArray:
    """z of S(t) − target on the transformed scale, positive when S(t) is above target."""
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.clip(survival, 0.0, 1.0)
        se = np.sqrt(variance)
        if how == "cloglog":
            h, hq, slope = -np.log(-np.log(s)), -math.log(-math.log(target)), -1 / (s * np.log(s))
        elif how == "log":
            h, hq, slope = np.log(s), math.log(target), 1 / s
        elif how == "logit":
            h, hq, slope = np.log(s / (1 - s)), math.log(target / (1 - target)), 1 / (s * (1 - s))
        elif how == "asinsqrt":
            h, hq = np.arcsin(np.sqrt(s)), math.asin(math.sqrt(target))
            slope = 1 / (2 * np.sqrt(s * (1 - s)))
        else:
            h, hq, slope = s, target, np.ones_like(s)
        z = (h - hq) / (slope * se)
    z = np.where(s <= 0.0, -np.inf, z)
    z = np.where((se <= 0) & (s > 0), np.where(s > target, np.inf, -np.inf), z)
    return np.where(np.isnan(z), np.where(s > target, np.inf, -np.inf), z)


def survival_quantile(
    curve: SurvivalCurve,
    p: float = 0.5,
    *,
    alpha: float = 0.05,
    transform: Transform = "cloglog",
) -> SurvivalQuantile:
    """The p-quantile of the time to event with its Brookmeyer–Crowley interval.

    Estimate: the first event time where S(t) ≤ 1 − p; when S(t) equals 1 − p over
    an interval, its midpoint (R's and SAS's rule, the usual median for
    uncensored data). Interval: from the first event time where S(t) is not
    significantly above 1 − p to the first where it is significantly below.
    """
    if not 0 < p < 1:
        raise ValueError("p must be between 0 and 1")
    target = 1.0 - p
    times, survival = curve.times, curve.survival
    crossed = np.flatnonzero(survival <= target + _TIE)
    value: float | None = None
    lower_bound: float | None = None
    if crossed.size:
        first = int(crossed[0])
        value = float(times[first])
        if abs(survival[first] - target) <= _TIE and first + 1 < times.size:
            value = (value + float(times[first + 1])) / 2
    else:
        lower_bound = curve.horizon
    z = norm_isf(alpha / 2)
    signed = _signed_z(survival, curve.variance, target, transform)
    not_above = np.flatnonzero(signed <= z)
    below = np.flatnonzero(signed < -z)
    ci_low = float(times[not_above[0]]) if not_above.size else curve.horizon
    ci_high = float(times[below[0]]) if below.size else None
    return SurvivalQuantile(
        p=p,
        value=value,
        lower_bound=lower_bound,
        ci_low=ci_low,
        ci_high=ci_high,
        confidence=1 - alpha,
        method=f"{curve.method}, Brookmeyer–Crowley interval ({transform})",
    )
