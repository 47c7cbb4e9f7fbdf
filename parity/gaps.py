"""A gap at one point in time: what a baseline file or the summary history keeps of a
comparison, and what trends are computed from.

`value` and `reference_value` are the figures the verdict rests on: for times
adjusted for case mix, the standardised medians; otherwise the raw figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, cast, get_args

from parity.config import TIME_METRICS
from parity.report import Comparison, Severity

_SEVERITIES = frozenset(get_args(Severity))

Interval = tuple[float | None, float | None]


class GapFormatError(ValueError):
    """A stored gap (baseline file, history row) is not of the expected shape."""


@dataclass(frozen=True, slots=True)
class Gap:
    metric: str
    channel: str
    reference: str
    estimate: float | None
    ci: Interval | None
    value: float | None
    reference_value: float | None
    adjusted_for: tuple[str, ...]
    flagged: bool
    favours: str | None
    severity: Severity
    n: int = 0
    n_reference: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        """What a gap is the same gap as at another time: its metric, channel and
        reference (the signals of escalated journeys have several references)."""
        return (self.metric, self.channel, self.reference)

    @property
    def is_time(self) -> bool:
        return self.metric in TIME_METRICS

    @property
    def ratio(self) -> float | None:
        """value / reference_value, when both are known and the reference is positive."""
        if self.value is None or self.reference_value is None or self.reference_value <= 0:
            return None
        return self.value / self.reference_value

    @classmethod
    def from_comparison(cls, c: Comparison) -> Gap:
        return from_item(asdict(c))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ci"] = None if self.ci is None else list(self.ci)
        out["adjusted_for"] = list(self.adjusted_for)
        return out


def from_item(item: Mapping[str, Any]) -> Gap:
    """A gap from a report's `comparisons[]` item or a stored `Gap.to_dict()`."""
    metric = _text(item, "metric")
    adjusted_for = item.get("adjusted_for") or []
    if not isinstance(adjusted_for, list) or not all(isinstance(a, str) for a in adjusted_for):
        raise GapFormatError("adjusted_for: expected a list of column names")
    value, reference_value = _number(item, "value"), _number(item, "reference_value")
    if metric in TIME_METRICS and adjusted_for and "adjusted_value" in item:
        value = _number(item, "adjusted_value")
        reference_value = _number(item, "adjusted_reference_value")
    severity = item.get("severity")
    if severity not in _SEVERITIES:
        raise GapFormatError(f"severity: expected one of {', '.join(sorted(_SEVERITIES))}")
    flagged = item.get("flagged")
    if not isinstance(flagged, bool):
        raise GapFormatError("flagged: expected true or false")
    favours = item.get("favours")
    if favours is not None and not isinstance(favours, str):
        raise GapFormatError("favours: expected a channel name or null")
    return Gap(
        metric=metric,
        channel=_text(item, "channel"),
        reference=_text(item, "reference"),
        estimate=_number(item, "estimate"),
        ci=_interval(item.get("ci")),
        value=value,
        reference_value=reference_value,
        adjusted_for=tuple(adjusted_for),
        flagged=flagged,
        favours=favours,
        severity=cast(Severity, severity),
        n=_count(item, "n"),
        n_reference=_count(item, "n_reference"),
    )


def _text(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise GapFormatError(f"{key}: expected a name")
    return value


def _number(item: Mapping[str, Any], key: str) -> float | None:
    return _finite(item.get(key), key)


def _finite(value: object, key: str) -> float | None:
    """A number; None for null and for ±inf or NaN (unbounded, as JSON writes them)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GapFormatError(f"{key}: expected a number or null")
    return float(value) if math.isfinite(value) else None


def _count(item: Mapping[str, Any], key: str) -> int:
    value = item.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise GapFormatError(f"{key}: expected a whole number")
    return value


def _interval(value: object) -> Interval | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise GapFormatError("ci: expected [low, high]")
    return (_finite(value[0], "ci"), _finite(value[1], "ci"))
