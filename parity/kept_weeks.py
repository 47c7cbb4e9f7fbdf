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
in a transaction of its own that first deletes the weeks kept before. A week
has two keys, each a digest of everything its result depends on:

- the week and its as-of time (its end plus the follow-up, no later than the
  report's own as-of time: the last weeks of a store are as of the store's);
- the settings that shape a period's result, as `parity summary` keeps one
  (history.fingerprint), on the report's clock, and its reference channel,
  which every week of its trend shares;
- parity's version and the format of a stored result;
- and the contacts: for `key`, the store's state (its latest import and
  number of contacts), which a report reads in a millisecond; for
  `week_key`, the week's own state: how many contacts were created by its
  as-of time and the latest import among them, and the placeholder customers
  of the whole store (journey_customers). Nothing created later enters a
  week's report: its contacts, the outcomes it sees and the later contacts
  its escalations link to were all created by then. An import replaces a
  contact by a row of its own import, so it changes the state of every week
  whose contacts it touches; and a customer becoming a placeholder, or
  ceasing to be one, changes every week.

A report looks up its weeks by `key` and measures those it does not find,
so a report with other settings, another clock, another reference or another
as-of time, a store changed since, or an older store without the table,
measures as before. The import looks its weeks up by `week_key` (a scan of
the contacts' creation times, 0.15 s at ten million) and measures only the
weeks whose contacts changed: an import of the latest week's exports
measures the last week or two, not thirteen. What is read is what an import
measured with the same code on the same contacts: the page is the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import duckdb

import parity
from parity import history, journey_index, sql
from parity.calendar import Clock
from parity.config import Settings
from parity.history import PeriodResult
from parity.periods import Period

TABLE = "kept_weeks"
COLUMNS = (("key", "VARCHAR"), ("week_key", "VARCHAR"), ("result", "VARCHAR"))
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} "
    "(key VARCHAR PRIMARY KEY, week_key VARCHAR NOT NULL, result VARCHAR NOT NULL);\n"
)

Kept = tuple[str, str, PeriodResult]  # a week's key, its week key and its result


@dataclass(frozen=True, slots=True)
class Basis:
    """What every week of one report's trend shares: settings, clock and reference."""

    settings: Settings
    clock: Clock
    reference: str


def keys(
    con: duckdb.DuckDBPyConnection,
    basis: Basis,
    weeks: Iterable[tuple[Period, str]],
    *,
    per_week: bool = False,
) -> list[str]:
    """The key of each (week, as-of time in ISO 8601) of a trend on `basis`: on the
    store's state, or with `per_week`, the week key, on each week's own state."""
    weeks = list(weeks)
    shared = {
        "version": parity.__version__,
        "format": history.FORMAT_VERSION,
        "settings": history.fingerprint(dataclasses.replace(basis.settings, clock=basis.clock)),
        "reference": basis.reference,
    }
    if per_week:
        placeholders = _placeholders(con)
        states = [
            {"week": state, "placeholders": placeholders}
            for state in _week_states(con, [at for _, at in weeks])
        ]
    else:
        states = [{"store": sql.store_state(con)}] * len(weeks)
    found = []
    for (week, measured_at), state in zip(weeks, states, strict=True):
        described = {
            **shared,
            "state": state,
            "week": [week.kind, week.start.isoformat()],
            "as_of": measured_at,
        }
        text = json.dumps(described, sort_keys=True)
        found.append(hashlib.sha256(text.encode()).hexdigest())
    return found


def _week_states(con: duckdb.DuckDBPyConnection, moments: list[str]) -> list[list[int | None]]:
    """For each as-of time: how many contacts were created by then, and the latest import
    among them (one scan of the creation times)."""
    rows = con.execute(
        "WITH moments AS (SELECT unnest($at)::TIMESTAMPTZ AS moment, "
        "generate_subscripts($at, 1) AS i) "
        "SELECT i, count(*), max(import_id) FROM contacts "
        "JOIN moments ON created_at <= moment GROUP BY i",
        {"at": moments},
    ).fetchall()
    found = {int(i): [int(n), None if last is None else int(last)] for i, n, last in rows}
    return [found.get(i, [0, None]) for i in range(1, len(moments) + 1)]


def _placeholders(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of the store's placeholder customers (journey_customers: more contacts
    than the limit), whose contacts every week's escalations leave out."""
    row = con.execute(
        "SELECT md5(coalesce(string_agg(customer_key::VARCHAR, ',' ORDER BY customer_key), '')) "
        "FROM journey_customers WHERE contacts > $most",
        {"most": journey_index.MAX_CONTACTS_PER_CUSTOMER},
    ).fetchone()
    assert row is not None
    return str(row[0])


def load(
    con: duckdb.DuckDBPyConnection, wanted: Mapping[str, Period], *, by_week: bool = False
) -> dict[str, PeriodResult]:
    """The kept results of the weeks `wanted` by key (`by_week`: by week key); a row this
    version cannot read counts as absent, and so does every week of a store without the
    table."""
    if not wanted or not sql.has_table(con, TABLE):
        return {}
    query = (
        "SELECT week_key, result FROM main.kept_weeks WHERE list_contains($keys, week_key)"
        if by_week
        else "SELECT key, result FROM main.kept_weeks WHERE list_contains($keys, key)"
    )
    found: dict[str, PeriodResult] = {}
    for key, text in con.execute(query, {"keys": list(wanted)}).fetchall():
        result = history.readable(wanted[key], str(text))
        if result is not None:
            found[key] = result
    return found


def save(con: duckdb.DuckDBPyConnection, weeks: Iterable[Kept]) -> None:
    """Replace the kept weeks by `weeks` (inside the caller's transaction)."""
    con.execute("DELETE FROM main.kept_weeks")
    rows = [(key, week_key, result.to_json()) for key, week_key, result in weeks]
    if rows:
        con.executemany("INSERT OR REPLACE INTO main.kept_weeks VALUES (?, ?, ?)", rows)


def drop_outdated(con: duckdb.DuckDBPyConnection) -> None:
    """Drop a kept_weeks table of another layout (an older parity's), before DDL creates it
    anew: its weeks are measured again by the next import."""
    sql.drop_other_layout(con, TABLE, COLUMNS)
