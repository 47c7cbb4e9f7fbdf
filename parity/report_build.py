"""How one report is made from the contacts of a store: the one place a report is built.

`build_report` runs the metrics, journeys and signals over a scope (a window,
an as-of time, a clock, a reference channel) and compares the channels;
`period_builder` builds one period's report (a week of a trend, a period of a
summary); `draw_trend` draws a report's weekly trend, its weeks read where the
store kept them (parity.kept_weeks), else measured. The commands
(parity.api) and the import's keeping steps (parity.keeping) call these.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from parity import (
    curves,
    errors,
    findings,
    journeys,
    kept_weeks,
    metrics,
    quality,
    signals,
    weekly,
)
from parity import summary as summaries
from parity.calendar import Clock
from parity.config import Settings
from parity.errors import UserError
from parity.intervals import channel_intervals
from parity.progress import Progress, silent
from parity.report import ChannelReport, Method, PeriodInfo, Report, iso, now_iso
from parity.report_signals import CalendarInfo, ClockInfo
from parity.report_trend import WeeklyTrend
from parity.store import Store

REPORT_TASK = "Computing the report"
REPORT_STEPS = 4  # metrics, journeys, signals, comparisons


@dataclass(frozen=True, slots=True)
class Scope:
    """Which contacts a report covers and against which channel."""

    since: datetime | None = None
    until: datetime | None = None  # exclusive
    reference: str | None = None  # None: the configured reference
    as_of: datetime | None = None
    clock: Clock | None = None  # None: the configured clock (calendar by default)


def build_report(
    store: Store, scope: Scope, settings: Settings, *, progress: Progress = silent
) -> Report:
    """The report of the contacts in `store` within `scope`: the one place a report is made."""
    progress(REPORT_TASK, 0, REPORT_STEPS)
    result = metrics.compute(
        store.con,
        since=scope.since,
        until=scope.until,
        as_of=scope.as_of,
        clock=scope.clock or settings.clock,
        calendars=settings.calendars,
    )
    if not result.channels:
        raise errors.NoData
    reference = _reference(result.channels, scope.reference, settings)
    span = result.period
    progress(REPORT_TASK, 1, REPORT_STEPS)
    journey_data = journeys.compute(
        store.con,
        since=scope.since,
        until=scope.until,
        as_of=span.as_of,
        window_days=settings.signals.window_days,
        alpha=settings.alpha,
        min_contacts=settings.min_contacts,
        level=lambda to_channel: settings.level("escalation_rate", to_channel),
    )
    progress(REPORT_TASK, 2, REPORT_STEPS)
    signal_data = signals.compute(
        store.con,
        since=scope.since,
        until=scope.until,
        as_of=span.as_of,
        settings=settings.signals,
        alpha=settings.alpha,
        amount_means={c: v["remedy_amount_mean"] for c, v in result.channels.items()},
    )
    progress(REPORT_TASK, 3, REPORT_STEPS)
    comparisons, verdicts = findings.compare_report(
        result,
        reference=reference,
        settings=settings,
        journey_data=journey_data,
        signal_data=signal_data,
    )
    channels = [
        ChannelReport(
            name,
            name == reference,
            values,
            result.not_reached(name),
            channel_intervals(result, name, alpha=settings.alpha),
        )
        for name, values in result.channels.items()
    ]
    progress(REPORT_TASK, REPORT_STEPS, REPORT_STEPS)
    return Report(
        generated_at=now_iso(),
        as_of=iso(result.period.as_of),
        period=PeriodInfo(iso(result.period.start), iso(result.period.end)),
        reference_channel=reference,
        channels=channels,
        comparisons=comparisons,
        data_quality=quality.data_quality(store),
        method=Method(
            alpha=settings.alpha,
            min_contacts=settings.min_contacts,
            multiplicity=findings.MULTIPLICITY,
            confidence=1 - settings.alpha,
        ),
        curves=curves.waiting_curves(result),
        clock=ClockInfo(
            result.clock,
            [
                CalendarInfo(name, cal.timezone, cal.describe())
                for name, cal in result.calendars.items()
            ],
        ),
        journeys=journey_data.journeys,
        remedies=signal_data.remedies,
        coverage=signal_data.coverage,
        empowerment=signal_data.empowerment,
        signals=verdicts,
    )


def period_builder(
    settings: Settings, scope: Scope = Scope(), *, reference: str | None = None
) -> summaries.ReportBuilder:
    """How one period's report is built — a week of a report's trend, a period of a
    summary: that period's contacts as of `at`, on the scope's clock."""

    def period_report(store: Store, since: datetime, until: datetime, at: datetime) -> Report:
        period_scope = Scope(since=since, until=until, as_of=at, reference=reference)
        return build_report(store, replace(period_scope, clock=scope.clock), settings)

    return period_report


def draw_trend(
    store: Store,
    built: Report,
    scope: Scope,
    settings: Settings,
    *,
    keep: list[kept_weeks.Kept] | None = None,
    progress: Progress = silent,
) -> WeeklyTrend | None:
    """The weekly trend of `built`, the report of `scope`: its weeks read where the store
    kept them (parity.kept_weeks), else measured; with `keep`, collected for keeping."""
    return weekly.compute(
        store,
        built,
        settings,
        period_builder(settings, scope, reference=built.reference_channel),
        since=scope.since,
        until=scope.until,
        basis=kept_weeks.Basis(settings, built.clock.clock, built.reference_channel),
        keep=keep,
        progress=progress,
    )


def _reference(
    channels: dict[str, dict[str, float | int | None]], requested: str | None, settings: Settings
) -> str:
    """The reference channel: as asked; else as configured, falling back to the largest."""
    wanted = (requested or settings.reference).strip().lower()
    if wanted in channels:
        return wanted
    explicit = requested is not None or settings.source is not None
    if explicit:
        raise UserError(
            errors.UNKNOWN_REFERENCE.format(reference=wanted, channels=", ".join(channels))
        )
    return max(channels, key=lambda c: (int(channels[c]["contacts"] or 0), c))
