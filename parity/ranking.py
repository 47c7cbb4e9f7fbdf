"""Which gaps to put first: the most material flagged comparisons.

Flagged gaps are ranked by severity (`fail` before `warn`), then by size in
multiples of the default practical threshold of their metric (SPEC §5: for
times the larger of 60 s and 25 % of the reference median; 5 points for
rates; 0.3 for csat), which puts minutes, percentage points and score points
on one scale. The thresholds of a custom config change the verdicts, not this
order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from parity.report import Comparison
from parity.stats import METRICS, Thresholds

_DEFAULTS = Thresholds()
_SEVERITY = {"fail": 0, "warn": 1, "ok": 2, "insufficient_data": 3}


def size(c: Comparison) -> float:
    """|gap| in multiples of its metric's default threshold; inf when a median is not reached."""
    gap = c.estimate if c.estimate is not None else c.difference
    if gap is None:
        return math.inf if c.flagged else 0.0
    kind = METRICS[c.metric].kind if c.metric in METRICS else "score"
    level = _DEFAULTS.for_kind(kind).warn
    threshold = level.absolute
    if level.relative is not None and c.reference_value is not None:
        threshold = max(threshold, level.relative * abs(c.reference_value))
    return abs(gap) / threshold if threshold > 0 else abs(gap)


def most_material(comparisons: Sequence[Comparison], count: int = 3) -> list[Comparison]:
    """Up to `count` flagged comparisons, most material first."""
    flagged = [c for c in comparisons if c.flagged]
    flagged.sort(key=lambda c: (_SEVERITY.get(c.severity, 9), -size(c), c.metric, c.channel))
    return flagged[:count]
