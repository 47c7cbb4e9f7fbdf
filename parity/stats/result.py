"""One comparison of a channel with the reference channel on one metric (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from parity.stats.metrics import Better, Kind
from parity.stats.thresholds import MetricThresholds

__all__ = ["ComparisonResult", "Severity"]

Severity = Literal["ok", "warn", "fail", "insufficient_data"]


@dataclass(frozen=True, slots=True)
class ComparisonResult:
    """A gap between `channel` and `reference` on `metric`, with its verdict.

    Raw figures (never adjusted): `value`, `reference_value` — Kaplan–Meier
    medians in seconds for times, proportions (0–1) for rates, mean scores for
    csat — and `difference` = value − reference_value, `ratio` = value /
    reference_value. A median that is not reached is None, with
    `value_lower_bound` (or `reference_value_lower_bound`): it lies beyond that.

    The verdict uses `estimate`: the difference adjusted for `adjusted_for`
    when the data were stratified (then also in `adjusted_difference`, and for
    times the standardised medians `adjusted_value`, `adjusted_reference_value`
    and their `adjusted_ratio`), else the raw difference. When a median is not
    reached the estimate is only a bound: `estimate_at_least` /
    `estimate_at_most`. `ci` is the interval of the estimate (None for an
    unbounded side); `p_value` is from `test`, `p_adjusted` is Holm-adjusted over
    every comparison of the report.

    `flagged` = significant after adjustment AND at least the warn threshold AND
    the test points the same way as the estimate. `favours` names the
    better-treated channel of a flagged gap. Full precision: renderers round.
    """

    metric: str
    kind: Kind
    better: Better
    channel: str
    reference: str
    n: int
    n_reference: int
    value: float | None
    reference_value: float | None
    value_lower_bound: float | None
    reference_value_lower_bound: float | None
    difference: float | None
    ratio: float | None
    estimate: float | None
    estimate_at_least: float | None
    estimate_at_most: float | None
    adjusted_difference: float | None
    adjusted_value: float | None
    adjusted_reference_value: float | None
    adjusted_ratio: float | None
    ci: tuple[float | None, float | None] | None
    confidence: float
    interval: str | None
    test: str | None
    statistic: float | None
    p_value: float | None
    p_adjusted: float | None
    adjusted_for: tuple[str, ...]
    significant: bool
    material: bool
    flagged: bool
    favours: str | None
    severity: Severity
    thresholds: MetricThresholds
    note: str | None

    @property
    def adjusted(self) -> bool:
        return bool(self.adjusted_for)
