"""Kept weeks: the weekly reports of the page's trend, measured by the import.

The HTML page draws the weekly trend of the report's main gaps (parity.weekly):
a report of its own for each week, as of the week's end plus the follow-up.
Nothing the import keeps in parity.kept is as of those times, so each week
computes its survival table, rate counts and reply coverage from the contacts:
13 weeks were 3.4 s of a 4.8 s page on ten million contacts, where the same
report without its trend takes 1.3 s.

So `parity import`, once it has kept the aggregates, draws the trend of the
default report (no window, the store's as-of time, the import's settings) and
keeps each week's result (a history.PeriodResult, as JSON) in `kept_weeks`,
in a transaction of its own that first deletes the weeks kept before. The key
of a week is a digest of everything its result depends on:

- the week and its as-of time (its end plus the follow-up, no later than the
  report's own as-of time: the last weeks of a store are as of the store's);
- the store's state (its latest import and number of contacts): a week's
  report counts placeholder customers over the whole store and pairs its
  contacts with later ones, so any import may change it;
- the settings that shape a period's result, as `parity summary` keeps one
  (history.fingerprint), on the report's clock, and its reference channel,
  which every week of its trend shares;
- parity's version and the format of a stored result.

A report looks up its weeks by that key and measures those it does not find,
so a report with other settings, another clock, another reference or another
as-of time, a store changed since, or an older store without the table,
measures as before. What is read is what the import measured with the same
code on the same contacts: the page is the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import duckdb

import parity
from parity import history, sql
from parity.calendar import Clock
from parity.config import Settings
from parity.history import PeriodResult
from parity.periods import Period

TABLE = "kept_weeks"
DDL = f"CREATE TABLE IF NOT EXISTS {TABLE} (key VARCHAR PRIMARY KEY, result VARCHAR NOT NULL);\n"


@dataclass(frozen=True, slots=True)
class Basis:
    """What every week of one report's trend shares: settings, clock and reference."""

    settings: Settings
    clock: Clock
    reference: str


def keys(
    con: duckdb.DuckDBPyConnection, basis: Basis, weeks: Iterable[tuple[Period, str]]
) -> list[str]:
    """The key of each (week, as-of time in ISO 8601) of a trend on `basis`."""
    shared = {
        "version": parity.__version__,
        "format": history.FORMAT_VERSION,
        "state": sql.store_state(con),
        "settings": history.fingerprint(dataclasses.replace(basis.settings, clock=basis.clock)),
        "reference": basis.reference,
    }
    found = []
    for week, measured_at in weeks:
        described = {**shared, "week": [week.kind, week.start.isoformat()], "as_of": measured_at}
        text = json.dumps(described, sort_keys=True)
        found.append(hashlib.sha256(text.encode()).hexdigest())
    return found


def load(con: duckdb.DuckDBPyConnection, wanted: Mapping[str, Period]) -> dict[str, PeriodResult]:
    """The kept results of the weeks `wanted` (by key); a row this version cannot read
    counts as absent, and so does every week of a store without the table."""
    if not wanted or not sql.has_table(con, TABLE):
        return {}
    rows = con.execute(
        "SELECT key, result FROM main.kept_weeks WHERE list_contains($keys, key)",
        {"keys": list(wanted)},
    ).fetchall()
    found: dict[str, PeriodResult] = {}
    for key, text in rows:
        result = history.readable(wanted[key], str(text))
        if result is not None:
            found[key] = result
    return found


def save(con: duckdb.DuckDBPyConnection, results: Iterable[tuple[str, PeriodResult]]) -> None:
    """Replace the kept weeks by `results` (inside the caller's transaction)."""
    con.execute("DELETE FROM main.kept_weeks")
    rows = [(key, result.to_json()) for key, result in results]
    if rows:
        con.executemany("INSERT OR REPLACE INTO main.kept_weeks VALUES (?, ?)", rows)
