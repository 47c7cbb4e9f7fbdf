"""The library calls behind the commands: one function per command.

The CLI parses options, calls one of these, renders the result and maps it to
an exit code. Nothing here prints.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from parity import baseline as baselines
from parity import check as checks
from parity import (
    curves,
    errors,
    findings,
    journeys,
    kept,
    kept_weeks,
    metrics,
    periods,
    quality,
    signals,
    starter,
    weekly,
)
from parity import summary as summaries
from parity.calendar import Clock
from parity.config import Settings
from parity.errors import UserError
from parity.history import PeriodResult
from parity.importers.pipeline import FileResult, ImportOptions, import_files
from parity.importers.profile_files import builtins, resolve
from parity.importers.profiles import Profile
from parity.intervals import channel_intervals
from parity.progress import Progress, silent
from parity.report import (
    ChannelReport,
    Method,
    PeriodInfo,
    Report,
    iso,
    now_iso,
)
from parity.report_signals import CalendarInfo, ClockInfo
from parity.report_trend import WeeklyTrend
from parity.store import Store


@dataclass(frozen=True, slots=True)
class Scope:
    """Which contacts a report covers and against which channel."""

    since: datetime | None = None
    until: datetime | None = None  # exclusive
    reference: str | None = None  # None: the configured reference
    as_of: datetime | None = None
    clock: Clock | None = None  # None: the configured clock (calendar by default)


@dataclass(frozen=True, slots=True)
class Source:
    """Where the contacts come from: files read into memory, or a database file."""

    paths: Sequence[Path] = ()
    db: Path = Path("parity.duckdb")
    wait_seconds: float = 0.0
    options: ImportOptions = field(default_factory=ImportOptions)


def parse_moment(value: str, *, option: str, timezone: str, end: bool = False) -> datetime:
    """A --since/--until value: a date (a whole day) or an ISO 8601 timestamp.

    A date given as an end bound includes that whole day. Without an offset
    the configured time zone applies.
    """
    zone = ZoneInfo(timezone)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        pass
    else:
        moment = datetime.combine(day, time.min, tzinfo=zone)
        return moment + timedelta(days=1) if end else moment
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise UserError(errors.BAD_DATE.format(option=option, value=value)) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def import_paths(
    source: Source, settings: Settings, *, progress: Progress = silent
) -> list[FileResult]:
    """`parity import`: load files into the database file, all or nothing."""
    options = _with_aliases(source.options, settings)
    with Store.open(
        source.db,
        timezone=settings.timezone,
        wait_seconds=source.wait_seconds,
        key=settings.pseudonym_key,
        memory_limit=settings.memory_limit,
        default_memory_limit=None,
    ) as store:
        return import_files(
            store,
            source.paths,
            options,
            progress,
            keep=lambda s: keep_aggregates(s, settings, progress=progress),
            check=lambda s: metrics.check_store_clock(s.con, settings.clock, settings.calendars),
        )


def keep_aggregates(store: Store, settings: Settings, *, progress: Progress = silent) -> None:
    """Keep in the store the heavy aggregates of its default report (parity.kept): the
    queries `build_report` runs for Scope() on these settings, run once by the import;
    then the weeks of that report's trend, which read them (parity.kept_weeks)."""
    if store.info().contacts == 0:
        return  # no report to make (NO_DATA)
    with kept.recording() as found:
        run_kept_queries(store.con, settings)
    with store.transaction() as con:
        kept.save(con, found)
        metrics.keep_span(con)
    keep_trend(store, settings, progress=progress)


def run_kept_queries(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Run every query of parity.kept as the default report on these settings runs it."""
    result = metrics.compute(con, clock=settings.clock, calendars=settings.calendars)
    signals.coverage_counts(
        con, since=None, until=None, as_of=result.period.as_of, settings=settings.signals
    )
    for name in ("team_counts", "apology_counts", "amount_counts"):
        metrics.run_query(con, name, since=None, until=None)


@contextmanager
def opened(
    source: Source, settings: Settings, *, progress: Progress = silent
) -> Iterator[tuple[Store, list[FileResult]]]:
    """A store holding the report's contacts: the files in memory, or the database read-only."""
    if source.paths:
        store = Store.memory(
            timezone=settings.timezone,
            key=settings.pseudonym_key,
            memory_limit=settings.memory_limit,
        )
        try:
            options = _with_aliases(source.options, settings)
            results = import_files(store, source.paths, options, progress)
            yield store, results
        finally:
            store.close()
        return
    store = Store.open(
        source.db,
        read_only=True,
        timezone=settings.timezone,
        wait_seconds=source.wait_seconds,
        memory_limit=settings.memory_limit,
    )
    try:
        yield store, []
    finally:
        store.close()


def report(
    source: Source,
    scope: Scope,
    settings: Settings,
    *,
    trend: bool = True,
    progress: Progress = silent,
) -> Report:
    """`parity report`: per-channel metrics and the gaps between channels.

    With `trend`, a period of several weeks also gets the weekly trend of its
    main gaps (`parity.weekly`; a report of its own per week, so it costs time:
    formats that do not show it pass False).
    """
    with opened(source, settings, progress=progress) as (store, _):
        built = build_report(store, scope, settings, progress=progress)
        if not trend:
            return built
        found = _trend(store, built, scope, settings, progress=progress)
        return replace(built, weekly=found)


def _trend(
    store: Store,
    built: Report,
    scope: Scope,
    settings: Settings,
    *,
    keep: list[tuple[str, PeriodResult]] | None = None,
    progress: Progress = silent,
) -> WeeklyTrend | None:
    """The weekly trend of `built`, the report of `scope`: its weeks read where the store
    kept them (parity.kept_weeks), else measured; with `keep`, collected for keeping."""
    return weekly.compute(
        store,
        built,
        settings,
        _period_builder(settings, scope, reference=built.reference_channel),
        since=scope.since,
        until=scope.until,
        basis=kept_weeks.Basis(settings, built.clock.clock, built.reference_channel),
        keep=keep,
        progress=progress,
    )


def keep_trend(store: Store, settings: Settings, *, progress: Progress = silent) -> None:
    """Keep in the store the weeks of its default report's trend (parity.kept_weeks):
    what `report` draws for the page on these settings, measured once by the import."""
    found: list[tuple[str, PeriodResult]] = []
    # no default report to draw (the report says why): no week to keep
    with contextlib.suppress(UserError):
        built = build_report(store, Scope(), settings)
        _trend(store, built, Scope(), settings, keep=found, progress=progress)
    with store.transaction() as con:
        kept_weeks.save(con, found)


def check(
    source: Source,
    settings: Settings,
    *,
    baseline: Path | None = None,
    progress: Progress = silent,
) -> checks.CheckResult:
    """`parity check`: every gap against its thresholds and, with `baseline`, its margin."""
    saved = baselines.load(baseline) if baseline is not None else None
    built = report(source, Scope(), settings, trend=False, progress=progress)
    return checks.evaluate(built, settings, saved)


def _period_builder(
    settings: Settings, scope: Scope = Scope(), *, reference: str | None = None
) -> summaries.ReportBuilder:
    """How one period's report is built — a week of a report's trend, a period of a
    summary: that period's contacts as of `at`, on the scope's clock."""

    def period_report(store: Store, since: datetime, until: datetime, at: datetime) -> Report:
        period_scope = Scope(since=since, until=until, as_of=at, reference=reference)
        return build_report(store, replace(period_scope, clock=scope.clock), settings)

    return period_report


def summary(
    db: Path,
    settings: Settings,
    *,
    kind: periods.PeriodKind = "week",
    as_of: datetime | None = None,
    history: int = 4,
    wait_seconds: float = 0.0,
    timestamp: bool = False,
    progress: Progress = silent,
) -> summaries.Summary:
    """`parity summary`: the last complete period against the ones before; keeps history.

    `as_of` defaults to the start of today in the configured time zone.
    """
    moment = as_of or periods.today(settings.timezone)
    history_store = Store.open(
        db,
        create=False,
        timezone=settings.timezone,
        wait_seconds=wait_seconds,
        pseudonymise=False,
        memory_limit=settings.memory_limit,
    )
    with history_store as store:
        return summaries.build(
            store,
            settings,
            _period_builder(settings),
            kind=kind,
            as_of=moment,
            history_periods=history,
            generated_at=iso(periods.now().replace(microsecond=0)) if timestamp else None,
            progress=progress,
        )


REPORT_TASK = "Computing the report"
REPORT_STEPS = 4  # metrics, journeys, signals, comparisons


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
        raise UserError(errors.NO_DATA)
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


def _with_aliases(options: ImportOptions, settings: Settings) -> ImportOptions:
    return replace(options, aliases={**settings.aliases, **options.aliases})


def init(path: Path, *, force: bool = False) -> Path:
    """`parity init`: write the starter parity.toml; refuse to overwrite unless `force`."""
    return starter.write(path, force=force)


def starter_text() -> str:
    return starter.text()


def profiles() -> list[Profile]:
    """`parity profiles`: every built-in profile."""
    return builtins()


def profile(name_or_path: str) -> Profile:
    """`parity profiles NAME`: one profile, built-in or from a file."""
    return resolve(name_or_path)
