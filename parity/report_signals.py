"""The two-tier signals in the report model (docs/signals.md; JSON keys in docs/schema.md).

Typed, full precision and render-agnostic like the rest of `parity.report`:
the terminal, Markdown and JSON renderers read these, and an HTML renderer can
too. The verdicts on the signals (tests, intervals, Holm-adjusted p-values,
severities) are ordinary `Comparison`s in `Report.signals`; the classes here
hold the figures behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Interval = tuple[float | None, float | None]
LevelSeverity = Literal["ok", "warn", "fail", "insufficient_data"]


@dataclass(frozen=True, slots=True)
class CalendarInfo:
    """The calendar a channel's times were measured on ("always open" for calendar time)."""

    channel: str
    timezone: str
    description: str


@dataclass(frozen=True, slots=True)
class ClockInfo:
    """`calendar` (elapsed time) or `business` (open hours of each channel's calendar)."""

    clock: Literal["calendar", "business"]
    calendars: list[CalendarInfo] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Escalation:
    """A → B: `contacts` A contacts with a customer id, `escalated` of them to B.

    `ci` is the rate's Wilson interval. `severity` judges the rate against
    `thresholds.escalation_rate` when one is configured (None otherwise).
    """

    from_channel: str
    to_channel: str
    contacts: int
    escalated: int
    rate: float | None
    ci: Interval | None = None
    severity: LevelSeverity | None = None


@dataclass(frozen=True, slots=True)
class Journeys:
    """Escalation journeys; `pairs` escalated journeys paired one to one for outcomes."""

    window_days: float
    escalations: list[Escalation]
    pairs: dict[str, int] = field(default_factory=dict)  # "phone→social" → paired journeys
    excluded_contacts: int = 0  # of customer ids with too many contacts to pair
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RemedyParity:
    """One channel's remedies beyond the rate.

    `amount_mean` is over all contacts (an empty amount counts 0, SPEC §4);
    `amount_mean_remedied` and `amount_quantiles` (p25, p50, p75, p90) are over
    the remedied contacts with an amount. `apology_only_rate` is the share of
    contacts resolved without a concrete remedy, among `apology_only_known`
    contacts whose file had resolved_at and whose remedy value is known.
    """

    channel: str
    remedied: int
    amount_known: int
    amount_mean: float | None
    amount_mean_remedied: float | None
    amount_quantiles: dict[str, float | None]
    apology_only_rate: float | None
    apology_only_known: int
    apology_only_ci: Interval | None = None


@dataclass(frozen=True, slots=True)
class CoverageMark:
    """Share answered within `mark_s` among the `eligible` contacts (see Coverage)."""

    mark_s: float
    label: str
    eligible: int
    answered: int
    rate: float | None
    ci: Interval | None = None


@dataclass(frozen=True, slots=True)
class ChannelCoverage:
    channel: str
    marks: list[CoverageMark]


@dataclass(frozen=True, slots=True)
class Coverage:
    """Reply coverage: contacts answered within each mark, unanswered ones included.

    A contact counts towards a mark only when it was created at least that long
    (on the report's clock) before the as-of time: only then is it known
    whether it was answered in time. `excluded_recent[label]` counts the others.
    """

    marks_s: list[float]
    channels: list[ChannelCoverage]
    excluded_recent: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TeamRates:
    """Remedy and resolution rates of one team within one channel (Wilson intervals).

    A `suppressed` team has fewer contacts than the minimum group size: its
    figures are None and only the fact is reported.
    """

    channel: str
    team: str
    contacts: int | None
    remedy_rate: float | None
    resolution_rate: float | None
    remedy_ci: Interval | None = None
    resolution_ci: Interval | None = None
    suppressed: bool = False


@dataclass(frozen=True, slots=True)
class Empowerment:
    """Rates by agent_team within channel; teams smaller than `min_group_size` suppressed."""

    min_group_size: int
    teams: list[TeamRates]
    suppressed_groups: int = 0
    notes: list[str] = field(default_factory=list)
