"""The weekly trend of a report's main gaps, in the report model (docs/html-report.md).

When a report's period spans several weeks, `parity.weekly` measures each ISO
week on its own contacts — the same per-period report `parity summary` makes
— and keeps, for the report's main gaps, each week's estimate, interval and
verdict. Typed, full precision and render-agnostic like the rest of
`parity.report`; the JSON keys are documented in docs/schema.md (`weekly`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parity.report_signals import Interval, LevelSeverity


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One gap in one week: the figures its verdict rests on, as in `comparisons[]`."""

    estimate: float | None
    ci: Interval | None
    flagged: bool
    favours: str | None
    severity: LevelSeverity
    n: int = 0
    n_reference: int = 0


@dataclass(frozen=True, slots=True)
class TrendWeek:
    """An ISO week (Monday to Sunday, local midnights of the configured time zone).

    `measured_at` is the as-of time of its figures: its end plus the summary's
    follow-up, or the report's as-of time when that comes first (`partial`).
    `contacts` per channel is empty, and `measured_at` null, for a week that
    could not be measured (see the trend's notes).
    """

    label: str  # 2026-W32
    short: str  # W32
    start: str  # ISO date of the Monday
    end: str  # ISO date of the Monday after
    measured_at: str | None
    partial: bool
    contacts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GapSeries:
    """One main gap, week by week: `points[i]` belongs to `weeks[i]`, null when that
    week had no such comparison (a channel without contacts that week, say)."""

    metric: str
    channel: str
    reference: str
    points: list[TrendPoint | None]


@dataclass(frozen=True, slots=True)
class WeeklyTrend:
    weeks: list[TrendWeek]
    gaps: list[GapSeries]
    selection: str  # which gaps are the main ones, in words
    notes: list[str] = field(default_factory=list)
