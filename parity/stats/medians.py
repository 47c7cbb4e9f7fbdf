"""Difference of two survival quantiles (medians) with a MOVER interval.

The interval combines the two Brookmeyer–Crowley intervals by the "method of
variance estimates recovery" (MOVER; Zou & Donner 2008, the general form of
Newcombe's 1998 hybrid interval): each side of the difference borrows the
distance from estimate to limit of the relevant single-median interval. It needs
no density estimate at the median (the weak point of the delta method, which
depends on a bandwidth) and no resampling, so it is exact arithmetic on what the
aggregated tables already give, and it inherits the asymmetry of skewed times.

When a median is not reached only a bound is known: the difference is then
reported as "at least" (or "at most") a number, and the interval keeps only the
side that can be bounded, from the two single-median limits (each at the
1 − α/2 one-sided level, so the bound holds with at least 1 − α confidence).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from parity.stats.survival import (
    SurvivalCurve,
    SurvivalQuantile,
    Transform,
    survival_quantile,
)

__all__ = ["QuantileDifference", "mover_interval", "quantile_difference"]


@dataclass(frozen=True, slots=True)
class QuantileDifference:
    """`value − reference` of a survival quantile (seconds), or a bound on it."""

    interval: str
    value: SurvivalQuantile
    reference: SurvivalQuantile
    difference: float | None
    at_least: float | None  # difference ≥ this, when only `value`'s bound is known
    at_most: float | None  # difference ≤ this, when only `reference`'s bound is known
    ratio: float | None
    ratio_at_least: float | None
    ratio_at_most: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float


def mover_interval(
    estimate_x: float,
    limits_x: tuple[float | None, float | None],
    estimate_y: float,
    limits_y: tuple[float | None, float | None],
) -> tuple[float | None, float | None]:
    """MOVER limits for θx − θy from each parameter's own interval (None = unbounded)."""
    low_x, high_x = limits_x
    low_y, high_y = limits_y
    difference = estimate_x - estimate_y
    low = (
        None
        if low_x is None or high_y is None
        else difference - math.hypot(estimate_x - low_x, high_y - estimate_y)
    )
    high = (
        None
        if high_x is None or low_y is None
        else difference + math.hypot(high_x - estimate_x, estimate_y - low_y)
    )
    return low, high


def _ratio(numerator: float, denominator: float) -> float | None:
    if denominator > 0:
        return numerator / denominator
    return None


def quantile_difference(
    curve: SurvivalCurve,
    reference: SurvivalCurve,
    *,
    p: float = 0.5,
    alpha: float = 0.05,
    transform: Transform = "cloglog",
) -> QuantileDifference:
    """Difference (and ratio) of the p-quantiles of two curves, with a MOVER interval."""
    qx = survival_quantile(curve, p, alpha=alpha, transform=transform)
    qy = survival_quantile(reference, p, alpha=alpha, transform=transform)
    difference = at_least = at_most = None
    ratio = ratio_at_least = ratio_at_most = None
    ci_low: float | None = None
    ci_high: float | None = None
    if qx.value is not None and qy.value is not None:
        difference = qx.value - qy.value
        ratio = _ratio(qx.value, qy.value)
        ci_low, ci_high = mover_interval(
            qx.value, (qx.ci_low, qx.ci_high), qy.value, (qy.ci_low, qy.ci_high)
        )
    elif qx.lower_bound is not None and qy.value is not None:
        at_least = qx.lower_bound - qy.value
        ratio_at_least = _ratio(qx.lower_bound, qy.value)
        if qx.ci_low is not None and qy.ci_high is not None:
            ci_low = qx.ci_low - qy.ci_high
    elif qy.lower_bound is not None and qx.value is not None:
        at_most = qx.value - qy.lower_bound
        ratio_at_most = _ratio(qx.value, qy.lower_bound)
        if qx.ci_high is not None and qy.ci_low is not None:
            ci_high = qx.ci_high - qy.ci_low
    return QuantileDifference(
        interval=f"difference of {_quantile_name(p)}s, MOVER from Brookmeyer–Crowley limits",
        value=qx,
        reference=qy,
        difference=difference,
        at_least=at_least,
        at_most=at_most,
        ratio=ratio,
        ratio_at_least=ratio_at_least,
        ratio_at_most=ratio_at_most,
        ci_low=ci_low,
        ci_high=ci_high,
        confidence=1 - alpha,
    )


def _quantile_name(p: float) -> str:
    if p == 0.5:
        return "median"
    return f"{p * 100:g}th percentile"
