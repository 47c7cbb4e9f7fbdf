"""The weekly trend of a report's main gaps: how they moved week by week.

One period machinery: the weeks are `parity.periods` ISO weeks, and each is
measured by `parity.summary.measure` — the per-period report of `parity
summary`, built by `parity.report_build.build_report` from aggregate SQL over that
week's contacts (no file is read again). So a week in the report's trend has
the figures and verdicts the summary gives that week: its own contacts, as
of its end plus the follow-up (capped at the report's as-of time), with its
own Holm family. From a database file the weeks are measured at once, each
on a connection of its own (`parity.summary.measure_each`).

Which weeks: every ISO week that overlaps the report's period and lies whole
within its --since/--until, the latest `MAX_WEEKS` of them; no trend below
`MIN_WEEKS`. Which gaps: `parity.ranking.main_gaps` — the headline's most
material flagged gaps, or the largest ones when none is flagged.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from parity import errors, kept_weeks, periods, ranking
from parity.config import Settings
from parity.errors import UserError
from parity.gaps import Gap
from parity.history import PeriodResult
from parity.periods import Period
from parity.progress import Progress, silent
from parity.report import Comparison, Report, iso
from parity.report_trend import GapSeries, TrendPoint, TrendWeek, WeeklyTrend
from parity.store import Store
from parity.summary import ReportBuilder, measure_each, period_as_of

MIN_WEEKS = 3  # "several weeks": fewer is not a trend
MAX_WEEKS = 26  # half a year of weeks is readable; longer periods: parity summary --period month
MAIN_GAPS = 3
TASK = "Weekly trend"

SELECTED_FLAGGED = (
    "the headline's gaps: the {count} most material flagged gaps of the whole period "
    "(fail before warn, then the largest in multiples of the metric's threshold)"
)
SELECTED_LARGEST = (
    "no gap is flagged over the whole period: the {count} largest gaps that have a verdict "
    "(in multiples of the metric's threshold)"
)
NOT_MEASURED = "{label}: not measured ({reason})"
NO_CONTACTS = "no contacts that week"  # a week's NO_DATA: the store has contacts, not in it
CUT = "only the latest {most} of the period's {weeks} weeks are shown"


def weeks_in(
    start: datetime | None,
    end: datetime | None,
    *,
    since: datetime | None,
    until: datetime | None,
    timezone: str,
) -> list[Period]:
    """The ISO weeks overlapping [start, end] that lie whole within [since, until)."""
    if start is None or end is None:
        return []
    zone = ZoneInfo(timezone)
    week = periods.containing("week", start.astimezone(zone).date())
    last = end.astimezone(zone).date()
    found: list[Period] = []
    while week.start <= last:
        first, after = week.bounds(timezone)
        if (since is None or first >= since) and (until is None or after <= until):
            found.append(week)
        week = periods.containing("week", week.end)
    return found


def compute(
    store: Store,
    report: Report,
    settings: Settings,
    builder: ReportBuilder,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    basis: kept_weeks.Basis | None = None,
    keep: list[kept_weeks.Kept] | None = None,
    progress: Progress = silent,
) -> WeeklyTrend | None:
    """The main gaps of `report` week by week; None when the period spans too few weeks.

    `builder` makes a week's report with the report's reference and clock;
    `since`/`until` are the report's scope. With `basis` (what `builder` builds on), a
    week the import kept is read (parity.kept_weeks), and with `keep`, each week
    measured is added to it with its key, for `kept_weeks.save`.
    """
    as_of = _instant(report.as_of)
    weeks = weeks_in(
        _instant(report.period.start),
        _instant(report.period.end),
        since=since,
        until=until,
        timezone=settings.timezone,
    )
    if len(weeks) < MIN_WEEKS:
        return None
    notes = [CUT.format(most=MAX_WEEKS, weeks=len(weeks))] if len(weeks) > MAX_WEEKS else []
    weeks = weeks[-MAX_WEEKS:]
    results: list[PeriodResult | None] = []
    measured = _measured(store, weeks, settings, builder, as_of, basis, keep, progress)
    for week, outcome in zip(weeks, measured, strict=True):
        if isinstance(outcome, UserError):
            results.append(None)
            reason = NO_CONTACTS if isinstance(outcome, errors.NoData) else outcome.message
            notes.append(NOT_MEASURED.format(label=week.label, reason=reason))
        else:
            results.append(outcome)
    main = ranking.main_gaps(report.comparisons, MAIN_GAPS)
    wording = SELECTED_FLAGGED if any(c.flagged for c in main) else SELECTED_LARGEST
    return WeeklyTrend(
        weeks=[_week(w, r, settings) for w, r in zip(weeks, results, strict=True)],
        gaps=[_series(c, results) for c in main],
        selection=wording.format(count=len(main)),
        notes=notes,
    )


def _measured(
    store: Store,
    weeks: list[Period],
    settings: Settings,
    builder: ReportBuilder,
    as_of: datetime | None,
    basis: kept_weeks.Basis | None,
    keep: list[kept_weeks.Kept] | None,
    progress: Progress,
) -> list[PeriodResult | UserError]:
    """Each week's result: kept where the store has it (and `basis` says what its key
    holds), else measured. With `keep` (the import), a week is looked up by its week key,
    so only the weeks whose contacts changed since the last import are measured."""
    known: list[PeriodResult | None] = [None] * len(weeks)
    keys: list[str] = []
    week_keys: list[str] = []
    if basis is not None:
        at = [iso(period_as_of(w, settings, until=as_of)) or "" for w in weeks]
        dated = list(zip(weeks, at, strict=True))
        keys = kept_weeks.keys(store.con, basis, dated)
        by_week = keep is not None
        if by_week:
            week_keys = kept_weeks.keys(store.con, basis, dated, per_week=True)
        wanted = week_keys if by_week else keys
        found = kept_weeks.load(store.con, dict(zip(wanted, weeks, strict=True)), by_week=by_week)
        known = [found.get(k) for k in wanted]
    missing = [w for w, r in zip(weeks, known, strict=True) if r is None]
    fresh = iter(
        measure_each(store, missing, settings, builder, until=as_of, progress=progress, task=TASK)
        if missing
        else []
    )
    outcomes = [r if r is not None else next(fresh) for r in known]
    if keep is not None and week_keys:
        rows = zip(keys, week_keys, outcomes, strict=True)
        keep.extend((k, w, o) for k, w, o in rows if isinstance(o, PeriodResult))
    return outcomes


def _series(c: Comparison, results: list[PeriodResult | None]) -> GapSeries:
    key = (c.metric, c.channel, c.reference)
    points: list[TrendPoint | None] = []
    for result in results:
        found = None if result is None else next((g for g in result.gaps if g.key == key), None)
        points.append(None if found is None else point(found))
    return GapSeries(c.metric, c.channel, c.reference, points)


def point(g: Gap) -> TrendPoint:
    """A gap as a point of a trend: the figures its verdict rests on."""
    return TrendPoint(g.estimate, g.ci, g.flagged, g.favours, g.severity, g.n, g.n_reference)


def _week(week: Period, result: PeriodResult | None, settings: Settings) -> TrendWeek:
    nominal = week.measured_at(settings.timezone, settings.follow_up_days)
    measured = _instant(result.measured_at) if result is not None else None
    return TrendWeek(
        label=week.label,
        short=week.short,
        start=week.start.isoformat(),
        end=week.end.isoformat(),
        measured_at=result.measured_at if result is not None else None,
        partial=measured is not None and measured < nominal,
        contacts=dict(sorted(result.contacts.items())) if result is not None else {},
    )


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text.replace("Z", "+00:00"))
