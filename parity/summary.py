"""`parity summary`: the last complete period against the ones before, for a weekly email.

Each period is measured on its own contacts (created within it), as of its
end plus the configured follow-up: later events are not counted, so a
period's figures are the same whenever the summary runs, and stored results
(`parity.history`) stay comparable with fresh ones. A period is computed from
the database when it holds contacts of that period, else read from history.

Each gap of the latest period is compared with the period before by
`parity.trend.change` (widening / narrowing / stable / reversed / unknown),
and its flag with that period's: new, ongoing or resolved. The words of the
headline are in `parity.summary_words`; renderers are pure functions of
`Summary`.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from parity import history, journey_index, periods, summary_words, trend
from parity.config import METRICS, Settings
from parity.errors import UserError
from parity.gaps import Gap
from parity.gate import Outcome
from parity.history import PeriodResult
from parity.periods import Period, PeriodKind
from parity.progress import Progress, silent
from parity.report import SCHEMA_VERSION, Report, iso
from parity.store import Store

# (store, since, until exclusive, as_of) → the report of those contacts as of that time
ReportBuilder = Callable[[Store, datetime, datetime, datetime], Report]

Source = Literal["computed", "history", "missing"]
Flag = Literal["new", "ongoing", "resolved"]

_MISSING: Source = "missing"

NO_CONTACTS = (
    "{db}: no contacts created in {label} ({span}) and no stored result for it; "
    "import that period's exports first, or pass --as-of"
)
OTHER_SETTINGS = "{label}: the stored result was computed with other settings; not used"
NOT_COMPUTED = "{label}: {reason}"
BAD_HISTORY = "--history must be between 0 and {most}, not {value}"
MOST_HISTORY = 104
PROGRESS_TASK = "Measuring periods"
# periods measured at once at most, each on a connection of its own: their statements
# share DuckDB's threads, and each holds its own temporary tables in DuckDB's memory
MOST_AT_ONCE = 4


@dataclass(frozen=True, slots=True)
class PeriodColumn:
    label: str  # 2026-W44
    short: str  # W44
    span: str  # 26 Oct – 1 Nov 2026
    start: str  # first day, ISO date
    end: str  # first day after, ISO date
    measured_at: str | None
    source: Source
    reference: str | None
    contacts: dict[str, int]


@dataclass(frozen=True, slots=True)
class GapTrend:
    metric: str
    channel: str
    reference: str
    current: Gap
    history: list[Gap | None]  # the earlier periods, oldest first
    change: trend.Change  # from the period just before to the latest
    flag: Flag | None

    @property
    def previous(self) -> Gap | None:
        return self.history[-1] if self.history else None

    @property
    def noteworthy(self) -> bool:
        moved = self.change.trend in ("widening", "narrowing", "reversed")
        return self.current.flagged or self.flag is not None or moved

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "channel": self.channel,
            "reference": self.reference,
            "trend": self.change.trend,
            "flag": self.flag,
            "current": self.current.to_dict(),
            "history": [None if g is None else g.to_dict() for g in self.history],
            "change": self.change.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Summary:
    period: PeriodKind
    as_of: str
    current: PeriodColumn
    previous: list[PeriodColumn]  # oldest first
    reference: str
    gaps: list[GapTrend]
    headline: str
    highlights: list[str]
    alpha: float
    min_contacts: int
    follow_up_days: int
    notes: list[str] = field(default_factory=list)
    generated_at: str | None = None

    def outcomes(self) -> list[Outcome]:
        """The latest period's verdicts, for `--fail-on`."""
        names: dict[str, Outcome] = {"fail": "fail", "warn": "warn", "insufficient_data": "skipped"}
        return [names.get(g.current.severity, "pass") for g in self.gaps]

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        if self.generated_at is not None:
            doc["generated_at"] = self.generated_at
        doc |= {
            "period": self.period,
            "as_of": self.as_of,
            "headline": self.headline,
            "highlights": list(self.highlights),
            "reference_channel": self.reference,
            "current": _column(self.current),
            "previous": [_column(c) for c in self.previous],
            "gaps": [g.to_dict() for g in self.gaps],
            "method": {
                "alpha": self.alpha,
                "confidence": 1 - self.alpha,
                "min_contacts": self.min_contacts,
                "follow_up_days": self.follow_up_days,
                "trend": "latest period against the one before: MOVER interval of the change "
                "beyond zero and the change at least the metric's margin (docs/summary.md)",
            },
            "notes": list(self.notes),
        }
        return doc


def _column(c: PeriodColumn) -> dict[str, Any]:
    return {
        "label": c.label,
        "start": c.start,
        "end": c.end,
        "measured_at": c.measured_at,
        "source": c.source,
        "reference": c.reference,
        "contacts": c.contacts,
    }


def build(
    store: Store,
    settings: Settings,
    report: ReportBuilder,
    *,
    kind: PeriodKind,
    as_of: datetime,
    history_periods: int = 4,
    generated_at: str | None = None,
    progress: Progress = silent,
) -> Summary:
    """Summarise the last period complete at `as_of` against `history_periods` before it."""
    if not 0 <= history_periods <= MOST_HISTORY:
        raise UserError(BAD_HISTORY.format(most=MOST_HISTORY, value=history_periods))
    current = periods.last_complete(
        kind, as_of, timezone=settings.timezone, follow_up_days=settings.follow_up_days
    )
    wanted = periods.window(current, history_periods)
    settings_fp = history.fingerprint(settings)
    stored = history.load(store, wanted)
    notes: list[str] = []
    results: dict[Period, tuple[PeriodResult, Source]] = {}
    present = [p for p in wanted if _has_contacts(store, p, settings)]
    measured = dict(
        zip(present, measure_each(store, present, settings, report, progress=progress), strict=True)
    )
    for period in wanted:
        outcome = measured.get(period)
        if isinstance(outcome, PeriodResult):
            results[period] = (outcome, "computed")
            continue
        if outcome is not None:
            if period == current:
                raise outcome
            notes.append(NOT_COMPUTED.format(label=period.label, reason=outcome.message))
        saved = stored.get(period)
        if saved is not None and saved.fingerprint == settings_fp:
            results[period] = (saved.result, "history")
        elif saved is not None:
            notes.append(OTHER_SETTINGS.format(label=period.label))
    if current not in results:
        raise UserError(NO_CONTACTS.format(db=store.path, label=current.label, span=current.span))
    computed = [r for r, source in results.values() if source == "computed"]
    history.save(store, computed, settings_fp)
    latest = results[current][0]
    earlier = [results[p][0] if p in results else None for p in wanted[:-1]]
    gaps = [_trend(g, earlier, settings) for g in latest.gaps]
    gaps.sort(key=lambda g: (list(METRICS).index(g.metric), g.channel))
    columns = [_to_column(p, results.get(p)) for p in wanted]
    words = summary_words.words(gaps, columns[-1], columns[:-1], latest.reference)
    return Summary(
        period=kind,
        as_of=as_of.astimezone(ZoneInfo(settings.timezone)).date().isoformat(),
        current=columns[-1],
        previous=columns[:-1],
        reference=latest.reference,
        gaps=gaps,
        headline=words.headline,
        highlights=words.highlights,
        alpha=settings.alpha,
        min_contacts=settings.min_contacts,
        follow_up_days=settings.follow_up_days,
        notes=notes,
        generated_at=generated_at,
    )


def measure(
    store: Store,
    period: Period,
    settings: Settings,
    report: ReportBuilder,
    *,
    until: datetime | None = None,
) -> PeriodResult:
    """A period's report: its own contacts, as of its end plus the follow-up.

    `until` caps the as-of time: a report's last week is measured no later than
    the report's own as-of time, whatever came after is not known to it.
    """
    start, end = period.bounds(settings.timezone)
    measured_at = period_as_of(period, settings, until=until)
    built = report(store, start, end, measured_at)
    return PeriodResult(
        period=period,
        measured_at=iso(measured_at) or "",
        reference=built.reference_channel,
        contacts={c.channel: int(c.metrics["contacts"] or 0) for c in built.channels},
        gaps=[Gap.from_comparison(c) for c in built.comparisons],
    )


def period_as_of(period: Period, settings: Settings, *, until: datetime | None = None) -> datetime:
    """The as-of time of a period's report: its end plus the follow-up, capped at `until`."""
    measured_at = period.measured_at(settings.timezone, settings.follow_up_days)
    return measured_at if until is None else min(measured_at, until)


def measure_each(
    store: Store,
    wanted: Sequence[Period],
    settings: Settings,
    report: ReportBuilder,
    *,
    until: datetime | None = None,
    progress: Progress = silent,
    task: str = PROGRESS_TASK,
) -> list[PeriodResult | UserError]:
    """`measure` for each period of `wanted`, in order; a period that cannot be measured
    gives the UserError that says why.

    A period's report is a hundred small statements and its statistics, which one
    connection runs one after another while DuckDB's other threads mostly wait. So
    where every table a period reads is in the database file (its contacts and a
    current journey index), the periods are measured at once, each on a connection
    of its own (`Store.twin`), as many as the machine has cores, at most
    MOST_AT_ONCE. A report on files keeps its contacts in temporary tables of its
    connection, which no other connection sees, and measures one period at a time.
    """

    def one(on: Store, period: Period) -> PeriodResult | UserError:
        try:
            return measure(on, period, settings, report, until=until)
        except UserError as exc:
            return exc

    shared = store.path is not None and journey_index.is_current(store.con)
    at_once = min(len(wanted), cores(), MOST_AT_ONCE) if shared else 1
    if at_once <= 1:
        found = []
        for done, period in enumerate(wanted):
            progress(task, done, len(wanted))
            found.append(one(store, period))
        progress(task, len(wanted), len(wanted))
        return found
    twins = [store.twin() for _ in range(at_once)]
    idle: queue.SimpleQueue[Store] = queue.SimpleQueue()
    for twin in twins:
        idle.put(twin)

    def on_a_twin(period: Period) -> PeriodResult | UserError:
        twin = idle.get()
        try:
            return one(twin, period)
        finally:
            idle.put(twin)

    pool = ThreadPoolExecutor(at_once, thread_name_prefix="parity-period")
    try:
        progress(task, 0, len(wanted))
        futures: list[Future[PeriodResult | UserError]] = [
            pool.submit(on_a_twin, period) for period in wanted
        ]
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in finished:
                future.result()  # an engine failure (out of memory…) ends the run here
            progress(task, len(wanted) - len(pending), len(wanted))
        return [future.result() for future in futures]
    except BaseException:
        for twin in twins:  # stop the statements still running (Ctrl-C, a failed period)
            twin.con.interrupt()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for twin in twins:
            twin.close()


def cores() -> int:
    """The cores this process may run on (its affinity, where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _has_contacts(store: Store, period: Period, settings: Settings) -> bool:
    start, end = period.bounds(settings.timezone)
    row = store.con.execute(
        "SELECT count(*) FROM contacts WHERE created_at >= $start AND created_at < $end",
        {"start": start, "end": end},
    ).fetchone()
    return bool(row and row[0])


def _trend(current: Gap, earlier: list[PeriodResult | None], settings: Settings) -> GapTrend:
    past: list[Gap | None] = []
    for result in earlier:
        found = None
        if result is not None and result.reference == current.reference:
            found = next((g for g in result.gaps if g.key == current.key), None)
        past.append(found)
    before = past[-1] if past else None
    margin = settings.margin(current.metric, current.channel)
    return GapTrend(
        metric=current.metric,
        channel=current.channel,
        reference=current.reference,
        current=current,
        history=past,
        change=trend.change(before, current, margin),
        flag=_flag(before, current),
    )


def _flag(before: Gap | None, now: Gap) -> Flag | None:
    if before is None or before.severity == "insufficient_data":
        return None
    if now.flagged:
        return "ongoing" if before.flagged else "new"
    if before.flagged and now.severity != "insufficient_data":
        return "resolved"
    return None


def _to_column(period: Period, found: tuple[PeriodResult, Source] | None) -> PeriodColumn:
    result, source = found if found is not None else (None, _MISSING)
    return PeriodColumn(
        label=period.label,
        short=period.short,
        span=period.span,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        measured_at=result.measured_at if result else None,
        source=source,
        reference=result.reference if result else None,
        contacts=dict(sorted(result.contacts.items())) if result else {},
    )
