"""The library calls behind the commands: one function per command.

The CLI parses options, calls one of these, renders the result and maps it to
an exit code. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from parity import errors, findings, journeys, metrics, signals
from parity.calendar import Clock
from parity.config import Settings
from parity.errors import UserError
from parity.importers.pipeline import FileResult, ImportOptions, import_files
from parity.intervals import channel_intervals
from parity.report import (
    ChannelReport,
    DataQuality,
    Method,
    PeriodInfo,
    Report,
    SourceInfo,
    iso,
    now_iso,
)
from parity.report_signals import CalendarInfo, ClockInfo
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


def import_paths(source: Source, settings: Settings) -> list[FileResult]:
    """`parity import`: load files into the database file, all or nothing."""
    options = _with_aliases(source.options, settings)
    store = Store.open(source.db, timezone=settings.timezone, wait_seconds=source.wait_seconds)
    try:
        return import_files(store, source.paths, options)
    finally:
        store.close()


@contextmanager
def opened(source: Source, settings: Settings) -> Iterator[tuple[Store, list[FileResult]]]:
    """A store holding the report's contacts: the files in memory, or the database read-only."""
    if source.paths:
        store = Store.memory(timezone=settings.timezone, key=settings.pseudonym_key)
        try:
            results = import_files(store, source.paths, _with_aliases(source.options, settings))
            yield store, results
        finally:
            store.close()
        return
    store = Store.open(
        source.db, read_only=True, timezone=settings.timezone, wait_seconds=source.wait_seconds
    )
    try:
        yield store, []
    finally:
        store.close()


def report(source: Source, scope: Scope, settings: Settings) -> Report:
    """`parity report`: per-channel metrics and the gaps between channels."""
    with opened(source, settings) as (store, _):
        return build_report(store, scope, settings)


def build_report(store: Store, scope: Scope, settings: Settings) -> Report:
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
    journey_data = journeys.compute(
        store.con,
        since=scope.since,
        until=scope.until,
        as_of=span.as_of,
        window_days=settings.signals.window_days,
        alpha=settings.alpha,
        min_contacts=settings.min_contacts,
        level=settings.thresholds.get("escalation_rate"),
    )
    signal_data = signals.compute(
        store.con,
        since=scope.since,
        until=scope.until,
        as_of=span.as_of,
        settings=settings.signals,
        alpha=settings.alpha,
        amount_means={c: v["remedy_amount_mean"] for c, v in result.channels.items()},
    )
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
    return Report(
        generated_at=now_iso(),
        as_of=iso(result.period.as_of),
        period=PeriodInfo(iso(result.period.start), iso(result.period.end)),
        reference_channel=reference,
        channels=channels,
        comparisons=comparisons,
        data_quality=data_quality(store),
        method=Method(
            alpha=settings.alpha,
            min_contacts=settings.min_contacts,
            multiplicity=findings.MULTIPLICITY,
            confidence=1 - settings.alpha,
        ),
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


def data_quality(store: Store) -> DataQuality:
    con = store.con
    rows = con.execute(
        "SELECT file_name, format, profile, rows_read, rows_loaded, rows_rejected, rows_skipped, "
        "encoding, delimiter FROM imports ORDER BY import_id"
    ).fetchall()
    sources = [
        SourceInfo(
            file=str(r[0]),
            status="imported",
            format=str(r[1]),
            profile=str(r[2]),
            rows_read=int(r[3]),
            rows_loaded=int(r[4]),
            rows_rejected=int(r[5]),
            rows_skipped=int(r[6]),
            encoding=r[7],
            delimiter=r[8],
        )
        for r in rows
    ]
    by_reason = dict(
        con.execute(
            "SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY count(*) DESC, reason"
        ).fetchall()
    )
    return DataQuality(
        rows_read=sum(s.rows_read for s in sources),
        rows_loaded=sum(s.rows_loaded for s in sources),
        rows_rejected=sum(s.rows_rejected for s in sources),
        rows_skipped=sum(s.rows_skipped for s in sources),
        sources=sources,
        rejects_by_reason={str(k): int(v) for k, v in by_reason.items()},
    )


def _with_aliases(options: ImportOptions, settings: Settings) -> ImportOptions:
    aliases = {**settings.aliases, **options.aliases}
    return ImportOptions(channel=options.channel, source=options.source, aliases=aliases)
