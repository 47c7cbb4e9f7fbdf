"""Practical (materiality) thresholds: how large a gap must be to matter.

A statistically significant gap is a finding only when it is also at least this
large (SPEC §5). Each metric has a `warn` level (the gap is flagged) and a `fail`
level (a flagged gap this large has severity "fail"; `parity check` exits 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from parity.stats.metrics import Kind

__all__ = ["Level", "MetricThresholds", "Thresholds"]


@dataclass(frozen=True, slots=True)
class Level:
    """A gap matters from `absolute` on — seconds for times, proportion for rates
    (0.05 = 5 percentage points), score points for csat — and, for times, only if
    it is also at least `relative` of the reference (0.25 = 25 %)."""

    absolute: float
    relative: float | None = None

    def __post_init__(self) -> None:
        if not self.absolute >= 0 or (self.relative is not None and not self.relative >= 0):
            raise ValueError("threshold levels must be non-negative numbers")


@dataclass(frozen=True, slots=True)
class MetricThresholds:
    """The warn and fail levels of one metric."""

    warn: Level
    fail: Level

    def __post_init__(self) -> None:
        if self.fail.absolute < self.warn.absolute or (
            self.fail.relative is not None
            and self.warn.relative is not None
            and self.fail.relative < self.warn.relative
        ):
            raise ValueError("a fail level must not be below its warn level")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """SPEC defaults; fail levels default to twice the warn levels."""

    time_relative: float = 0.25
    time_absolute_s: float = 60.0
    rate_points: float = 0.05
    csat_points: float = 0.3
    time_relative_fail: float | None = None
    time_absolute_s_fail: float | None = None
    rate_points_fail: float | None = None
    csat_points_fail: float | None = None
    amount_relative: float = 0.25  # remedy amounts: 25 % of the reference's mean …
    amount_absolute: float = 1.0  # … and at least one unit of currency

    def __post_init__(self) -> None:
        for kind in ("time", "rate", "score", "amount"):
            self.for_kind(kind)  # raises on a negative level or a fail level below warn

    def for_kind(self, kind: Kind) -> MetricThresholds:
        """The levels that apply to every metric of a kind."""
        if kind == "time":
            return MetricThresholds(
                warn=Level(self.time_absolute_s, self.time_relative),
                fail=Level(
                    _or_double(self.time_absolute_s_fail, self.time_absolute_s),
                    _or_double(self.time_relative_fail, self.time_relative),
                ),
            )
        if kind == "amount":
            return MetricThresholds(
                warn=Level(self.amount_absolute, self.amount_relative),
                fail=Level(2 * self.amount_absolute, 2 * self.amount_relative),
            )
        if kind == "rate":
            return MetricThresholds(
                Level(self.rate_points), Level(_or_double(self.rate_points_fail, self.rate_points))
            )
        return MetricThresholds(
            Level(self.csat_points), Level(_or_double(self.csat_points_fail, self.csat_points))
        )


def _or_double(value: float | None, warn: float) -> float:
    return 2 * warn if value is None else value
