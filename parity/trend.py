"""Has a gap changed between two times, beyond noise and by enough to matter?

Used twice with one definition: `parity check --baseline` (the baseline
against now) and `parity summary` (the previous period against the latest).

Given the gap before (d0, interval [l0, h0]) and after (d1, [l1, h1]) from
independent samples, the change is measured on the gap's size, oriented by
the side of the larger of the two gaps, and its confidence interval comes from
the two intervals by MOVER (Zou & Donner 2008; Newcombe 1998), which keeps
their asymmetry:

    Δ = s·d1 − s·d0          s = sign of the larger gap
    low  = Δ − √((s·d1 − L1)² + (U0 − s·d0)²)
    high = Δ + √((U1 − s·d1)² + (s·d0 − L0)²)

with [L, U] the intervals oriented by s. Then:

- reversed: flagged both times, favouring different channels;
- widening: the later gap is the larger, the interval of Δ lies above 0 and
  the growth of the size, |d1| − |d0|, reaches the margin;
- narrowing: the later gap is the smaller, the interval lies below 0 and the
  shrinkage reaches the margin;
- stable: otherwise (the change is within noise, or too small to matter);
- unknown: a side has no estimate or no interval (insufficient data, a
  median not reached, no earlier figure).

The margin has the form of a threshold level: an absolute size (seconds,
proportion, score points) and, for times, a size relative to the later
reference figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from parity.gaps import Gap
from parity.stats import Level

Trend = Literal["widening", "narrowing", "stable", "reversed", "unknown"]

_SLACK = 1e-9  # a change equal to the margin reaches it, whatever the last bit says


@dataclass(frozen=True, slots=True)
class Change:
    trend: Trend
    before: float | None  # the earlier gap's estimate
    after: float | None
    widened_by: float | None  # |after| − |before|: positive when the gap grew
    ci: tuple[float, float] | None  # of the oriented change Δ; ±inf for an open side
    margin: Level
    beyond_noise: bool = False
    reaches_margin: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "trend": self.trend,
            "before": self.before,
            "after": self.after,
            "widened_by": self.widened_by,
            "ci": None if self.ci is None else [_finite(v) for v in self.ci],
            "beyond_noise": self.beyond_noise,
            "reaches_margin": self.reaches_margin,
            "margin": {"absolute": self.margin.absolute, "relative": self.margin.relative},
        }


def change(before: Gap | None, after: Gap, margin: Level) -> Change:
    """How the gap moved from `before` to `after` (see the module docstring)."""
    unknown = Change("unknown", None, after.estimate, None, None, margin)
    if before is None or before.estimate is None or before.ci is None:
        return unknown
    d0, d1 = before.estimate, after.estimate
    if d1 is None or after.ci is None:
        return Change("unknown", d0, None, None, None, margin)
    widened_by = abs(d1) - abs(d0)
    if before.flagged and after.flagged and before.favours != after.favours:
        return Change("reversed", d0, d1, widened_by, None, margin, True, True)
    larger = d1 if abs(d1) >= abs(d0) else d0
    sign = 1.0 if larger >= 0 else -1.0
    low, high = _mover(sign * d0, _oriented(before.ci, sign), sign * d1, _oriented(after.ci, sign))
    reaches = _reaches(abs(widened_by), margin, after.reference_value)
    if widened_by > 0 and low > 0:
        trend: Trend = "widening" if reaches else "stable"
        return Change(trend, d0, d1, widened_by, (low, high), margin, True, reaches)
    if widened_by < 0 and high < 0:
        trend = "narrowing" if reaches else "stable"
        return Change(trend, d0, d1, widened_by, (low, high), margin, True, reaches)
    return Change("stable", d0, d1, widened_by, (low, high), margin, False, reaches)


def _oriented(ci: tuple[float | None, float | None], sign: float) -> tuple[float, float]:
    low = -math.inf if ci[0] is None else ci[0]
    high = math.inf if ci[1] is None else ci[1]
    return (low, high) if sign > 0 else (-high, -low)


def _mover(
    e0: float, ci0: tuple[float, float], e1: float, ci1: tuple[float, float]
) -> tuple[float, float]:
    """MOVER interval of e1 − e0 from the intervals of two independent estimates."""
    delta = e1 - e0
    low = delta - math.hypot(e1 - ci1[0], ci0[1] - e0)
    high = delta + math.hypot(ci1[1] - e1, e0 - ci0[0])
    return low, high


def _reaches(size: float, margin: Level, reference: float | None) -> bool:
    if size < margin.absolute * (1 - _SLACK):
        return False
    if margin.relative is None or reference is None or reference <= 0:
        return True
    return size >= margin.relative * reference * (1 - _SLACK)


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
