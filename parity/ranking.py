"""Which gaps to put first: the most material flagged comparisons.

Flagged gaps are ranked by severity (`fail` before `warn`), then by size in
multiples of the default practical threshold of their metric (SPEC §5: for
times the larger of 60 s and 25 % of the reference median; 5 points for
rates; 0.3 for csat), which puts minutes, percentage points and score points
on one scale. The thresholds of a custom config change the verdicts, not this
order. The report's headline shows `most_material`; its weekly trend follows
`main_gaps` (parity.weekly), and the summary page ranks its gaps with
`rank_key`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from parity.report import Comparison
from parity.stats import METRICS, Thresholds

_DEFAULTS = Thresholds()
_SEVERITY = {"fail": 0, "warn": 1, "ok": 2, "insufficient_data": 3}


def gap_size(metric: str, gap: float | None, reference_value: float | None, flagged: bool) -> float:
    """|gap| in multiples of its metric's default threshold; inf when a flagged gap has no
    estimate (a median not reached)."""
    if gap is None:
        return math.inf if flagged else 0.0
    kind = METRICS[metric].kind if metric in METRICS else "score"
    level = _DEFAULTS.for_kind(kind).warn
    threshold = level.absolute
    if level.relative is not None and reference_value is not None:
        threshold = max(threshold, level.relative * abs(reference_value))
    return abs(gap) / threshold if threshold > 0 else abs(gap)


def size(c: Comparison) -> float:
    """|gap| in multiples of its metric's default threshold; inf when a median is not reached."""
    gap = c.estimate if c.estimate is not None else c.difference
    return gap_size(c.metric, gap, c.reference_value, c.flagged)


def rank_key(severity: str, size_: float, metric: str, channel: str) -> tuple[int, float, str, str]:
    """Most material first: fail, warn, then the rest; larger before smaller."""
    return (_SEVERITY.get(severity, 9), -size_, metric, channel)


def most_material(comparisons: Sequence[Comparison], count: int = 3) -> list[Comparison]:
    """Up to `count` flagged comparisons, most material first."""
    flagged = [c for c in comparisons if c.flagged]
    flagged.sort(key=lambda c: rank_key(c.severity, size(c), c.metric, c.channel))
    return flagged[:count]


def main_gaps(comparisons: Sequence[Comparison], count: int = 3) -> list[Comparison]:
    """The gaps a trend follows: the headline's (`most_material`); when no gap is flagged,
    the `count` largest comparisons that have a verdict, so a trend still shows what moved."""
    top = most_material(comparisons, count)
    if top:
        return top
    judged = [c for c in comparisons if c.severity != "insufficient_data"]
    judged.sort(key=lambda c: rank_key(c.severity, size(c), c.metric, c.channel))
    return judged[:count]
