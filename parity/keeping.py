"""What an import keeps for the reports after it: the heavy aggregates of the default
report (parity.kept) and the weeks of its trend (parity.kept_weeks).

Once its contacts are committed, `parity import` builds the default report's
heavy aggregates once more and keeps them, with the store's span, in a second
transaction; then it draws that report's trend and keeps its weeks in a third.
A report on the same settings reads them instead of computing them
(docs/performance.md).
"""

from __future__ import annotations

import contextlib

import duckdb

from parity import kept, kept_weeks, metrics, signals
from parity.config import Settings
from parity.errors import UserError
from parity.progress import Progress, silent
from parity.report_build import Scope, build_report, draw_trend
from parity.store import Store


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


def keep_trend(store: Store, settings: Settings, *, progress: Progress = silent) -> None:
    """Keep in the store the weeks of its default report's trend (parity.kept_weeks):
    what `parity report` draws for the page on these settings, measured once by the import."""
    found: list[kept_weeks.Kept] = []
    # no default report to draw (the report says why): no week to keep
    with contextlib.suppress(UserError):
        built = build_report(store, Scope(), settings)
        draw_trend(store, built, Scope(), settings, keep=found, progress=progress)
    with store.transaction() as con:
        kept_weeks.save(con, found)
