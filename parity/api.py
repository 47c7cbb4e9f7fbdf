"""The library calls behind the commands: one function per command.

The CLI parses options, calls one of these, renders the result and maps it to
an exit code. Nothing here prints. A report is built by parity.report_build;
what an import keeps for the reports after it, by parity.keeping.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from parity import baseline as baselines
from parity import check as checks
from parity import errors, keeping, metrics, periods, starter
from parity import summary as summaries
from parity.config import Settings
from parity.errors import UserError
from parity.importers.pipeline import FileResult, ImportOptions, import_files
from parity.importers.profile_files import builtins, resolve
from parity.importers.profiles import Profile
from parity.progress import Progress, silent
from parity.report import Report, iso
from parity.report_build import Scope as Scope  # the commands' scope, built by the CLI
from parity.report_build import build_report, draw_trend, period_builder
from parity.store import Store


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
            keep=lambda s: keeping.keep_aggregates(s, settings, progress=progress),
            check=lambda s: metrics.check_store_clock(s.con, settings.clock, settings.calendars),
        )


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
        found = draw_trend(store, built, scope, settings, progress=progress)
        return replace(built, weekly=found)


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
            period_builder(settings),
            kind=kind,
            as_of=moment,
            history_periods=history,
            generated_at=iso(periods.now().replace(microsecond=0)) if timestamp else None,
            progress=progress,
        )


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
