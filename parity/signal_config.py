"""The configuration of the two-tier signals: journeys, reply coverage, empowerment.

```toml
[journeys]
window_days = 7              # a later contact on another channel within this many days

[coverage]
marks = ["1h", "24h", "7d"]  # reply coverage: share answered within each mark

[empowerment]
min_group_size = 5           # teams with fewer contacts are suppressed (privacy)
```

Calendars (`[calendars.<channel>]`) are parsed by `parity.calendar`; the
thresholds of the signals live with the others under `[thresholds.<metric>]`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_MARKS: tuple[float, ...] = (3600.0, 86400.0, 7 * 86400.0)
_MARK = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|min|m|h|d)$")
_UNIT = {"s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0}
SECTIONS = ("journeys", "coverage", "empowerment")


@dataclass(frozen=True, slots=True)
class SignalSettings:
    window_days: float = 7.0
    coverage_marks: tuple[float, ...] = DEFAULT_MARKS  # seconds, ascending
    min_group_size: int = 5


def mark_label(seconds: float) -> str:
    """3600 → "1h", 86400 → "24h", 604800 → "7d", 90 → "90s": a key-safe name."""
    if seconds % 86400 == 0 and seconds >= 2 * 86400:
        return f"{seconds / 86400:g}d"
    if seconds % 3600 == 0:
        return f"{seconds / 3600:g}h"
    if seconds % 60 == 0:
        return f"{seconds / 60:g}min"
    return f"{seconds:g}s"


def parse_mark(value: object) -> float:
    """ "1h", "30min", "7d", "90s" or a number of seconds → seconds (> 0)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and (m := _MARK.match(value.strip().lower())):
        seconds = float(m.group(1)) * _UNIT[m.group(2)]
    else:
        raise ValueError(f'\'{value}\' is not a duration such as "1h", "24h" or "7d"')
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"'{value}' must be a positive duration")
    return seconds


def parse(data: Mapping[str, Any], fail: Any) -> SignalSettings:
    """The signal sections of a configuration table (absent ones keep their defaults)."""
    journeys = _table(data, "journeys", {"window_days"}, fail)
    coverage = _table(data, "coverage", {"marks"}, fail)
    empowerment = _table(data, "empowerment", {"min_group_size"}, fail)
    window = journeys.get("window_days", 7)
    if isinstance(window, bool) or not isinstance(window, int | float) or not 0 < window <= 365:
        raise fail("journeys.window_days", "must be a number of days between 0 and 365, e.g. 7")
    raw_marks = coverage.get("marks", list(DEFAULT_MARKS))
    if not isinstance(raw_marks, list) or not raw_marks:
        raise fail("coverage.marks", 'must be a list such as ["1h", "24h", "7d"]')
    try:
        marks = tuple(sorted({parse_mark(m) for m in raw_marks}))
    except ValueError as exc:
        raise fail("coverage.marks", str(exc)) from None
    k = empowerment.get("min_group_size", 5)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise fail("empowerment.min_group_size", "must be a whole number ≥ 1")
    return SignalSettings(window_days=float(window), coverage_marks=marks, min_group_size=k)


def _table(data: Mapping[str, Any], name: str, known: set[str], fail: Any) -> Mapping[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise fail(name, f"must be a table with {', '.join(sorted(known))}")
    for key in table:
        if key not in known:
            raise fail(f"{name}.{key}", f"unknown key; use {', '.join(sorted(known))}")
    return table
