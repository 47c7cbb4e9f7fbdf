"""Kept aggregates: the heavy aggregates of a report from the store, computed by the import.

A report's costliest queries group every contact of the store: the survival
table, the rate and score counts, the reply coverage (about 1.7 s of a 4 s
report on ten million contacts), and the counts per team, of apologies and of
remedy amounts (another 0.45 s). What they return depends only on the store's
contacts and on the parameters they are run with; for a report from the store
at its own as-of time, on the clock the import used, with the default coverage
marks, those parameters are fixed by the store itself, all but the window
(`--since`, `--until`). So `parity import`, once its transaction has written
the contacts, runs those queries once more, per week of the contacts'
created_at (`week_of`, queries/week.sql, weeks from Monday 00:00 UTC), and
keeps in the store both the whole result (`part` NULL) and every week's
(`kept_<name>` tables, listed with their key in `kept_aggregates`), in a
transaction of its own that only deletes and inserts rows: the tables are
created when the store opens, like the rest of its schema (a kill between the
two transactions leaves outdated results, which no report uses).

Every kept query counts: its result is keys and counts (LAYOUTS), and the
counts of a set of contacts are the sums of the counts of its parts, key by
key (docs/scaling.md). So a report with no window copies the whole result, and
a report with a window adds up the weeks wholly inside it and computes the
query afresh only for the days at its edges (before the first whole week,
after the last), which hold at most two weeks of contacts.

A query run with `materialise` or `rows` (parity.metrics) first looks for a
kept result whose key matches. The key is a digest of everything the result
depends on but the window:

- the query's name, its SQL and the bound parameters (as-of time, coverage
  marks), and parity's version;
- the definitions of the macros it is built on (`observed`, `clocked`…), and,
  for the queries that measure time, the clock (its `clock_days`): so calendar and
  business time, and every calendar, differ where they change the result,
  and a report on another clock still reads the counts that do not measure
  time;
- the state of the store: its latest import and its number of contacts, so
  a store changed by anything but a current import (an older parity, say)
  finds its kept results outdated and computes afresh.

Anything else (another as-of time, so a summary's periods; another clock, for
the survival table and reply coverage; a report on files, which has no store;
a window within one week) computes as before. Nothing here changes a figure:
a kept result is the query's own result, stored, and counts added up are the
counts of the whole.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

import duckdb

import parity
from parity import sql

# the columns of each kept query's result, as the query returns them
LAYOUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "survival_table": (
        ("channel", "VARCHAR"),
        ("stratum", "VARCHAR"),
        ("metric", "VARCHAR"),
        ("t", "DOUBLE"),
        ("events", "BIGINT"),
        ("censored", "BIGINT"),
    ),
    "rate_counts": (
        ("channel", "VARCHAR"),
        ("stratum", "VARCHAR"),
        ("metric", "VARCHAR"),
        ("successes", "BIGINT"),
        ("trials", "BIGINT"),
    ),
    "score_counts": (
        ("channel", "VARCHAR"),
        ("stratum", "VARCHAR"),
        ("value", "DOUBLE"),
        ("n", "BIGINT"),
    ),
    "coverage_counts": (
        ("channel", "VARCHAR"),
        ("stratum", "VARCHAR"),
        ("mark", "DOUBLE"),
        ("successes", "BIGINT"),
        ("trials", "BIGINT"),
        ("recent", "BIGINT"),
    ),
    "team_counts": (
        ("channel", "VARCHAR"),
        ("team", "VARCHAR"),
        ("contacts", "BIGINT"),
        ("remedied", "BIGINT"),
        ("remedy_known", "BIGINT"),
        ("resolved", "BIGINT"),
        ("resolution_known", "BIGINT"),
    ),
    "apology_counts": (
        ("channel", "VARCHAR"),
        ("stratum", "VARCHAR"),
        ("successes", "BIGINT"),
        ("trials", "BIGINT"),
    ),
    "amount_counts": (
        ("channel", "VARCHAR"),
        ("stratum", "VARCHAR"),
        ("value", "DOUBLE"),
        ("n", "BIGINT"),
    ),
}
KEPT = frozenset(LAYOUTS)
LEDGER = "kept_aggregates"  # name → key of each kept result
# what kept queries are built on
MACROS = ("scoped", "observed", "clock_at", "clocked", "clocked_reply", "week_of")
PART = ("part", "BIGINT")  # the week of a kept row (week_of), NULL for the whole result
WEEK_ZERO = datetime(1969, 12, 29, tzinfo=UTC)  # the Monday that starts week 0 of week_of
UNKEYED = frozenset({"since", "until", "parted"})  # bound values the key leaves out
ADDED = "BIGINT"  # the type of the columns that are counts, added up over parts


def table(name: str) -> str:
    return f"main.{sql.quote_identifier('kept_' + name)}"


def _pending(name: str) -> str:
    return f"temp.{sql.quote_identifier('kept_pending_' + name)}"


def _whole(name: str) -> str:
    return f"temp.{sql.quote_identifier('kept_whole_' + name)}"


def _edge(name: str, i: int) -> str:
    return f"temp.{sql.quote_identifier(f'kept_edge_{i}_' + name)}"


DDL = f"CREATE TABLE IF NOT EXISTS {LEDGER} (name VARCHAR PRIMARY KEY, key VARCHAR NOT NULL);\n"
DDL += "".join(
    f"CREATE TABLE IF NOT EXISTS {table(name)} "
    f"({', '.join(f'{c} {t}' for c, t in (*layout, PART))});\n"
    for name, layout in LAYOUTS.items()
)


def drop_outdated(con: duckdb.DuckDBPyConnection) -> None:
    """Drop kept tables of another layout (an older parity's), before DDL creates them anew.

    Run where the store's schema is made, when it opens: never in a transaction of an import.
    """
    for name, layout in LAYOUTS.items():
        sql.drop_other_layout(con, f"kept_{name}", (*layout, PART))


def source(
    con: duckdb.DuckDBPyConnection, name: str, values: dict[str, object]
) -> tuple[str, dict[str, object]]:
    """The SQL and parameters giving the result of kept query `name` for `values`: a read
    of the store's kept result where it has a current one (with the edges of a window
    computed), else the query itself."""
    query = sql.get(name)
    bound = sql.bind(query, {**values, "parted": False})
    found = _hold(con, name, bound) or _lookup(con, name, bound)
    if found is not None:
        return found, {}
    return _direct(query.sql), bound


def _direct(query: str) -> str:
    """A kept query run as itself, without its week column (NULL when not parted)."""
    return f"SELECT * EXCLUDE (part) FROM ({query})"


_recording: ContextVar[list[tuple[str, str]] | None] = ContextVar("parity_kept", default=None)


@contextmanager
def recording() -> Iterator[list[tuple[str, str]]]:
    """Within the block, every kept query that runs with no window is also held, per week,
    in a temporary table; yields the (name, key) of each, for `save`."""
    found: list[tuple[str, str]] = []
    token = _recording.set(found)
    try:
        yield found
    finally:
        _recording.reset(token)


def _asked(name: str, bound: dict[str, object]) -> str:
    """The digest of the query and its parameters alone: computed without a query."""
    params = {k: str(v) for k, v in sorted(bound.items()) if k not in UNKEYED}
    described = {"name": name, "params": params, "parts": "weeks"}
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:16]


def key(con: duckdb.DuckDBPyConnection, name: str, bound: dict[str, object]) -> str:
    """The digest of everything the result of query `name` with `bound` depends on but the
    window, after the digest of the query and parameters alone (`_lookup` compares that
    first)."""
    text = sql.get(name).sql
    macros = _built_on(con, text)
    clock = None
    # only what reads the clock keys it; clock_days is the whole clock, from which
    # install_clock derives clock_channels and clock_grid
    if "clock_grid" in text + "".join(macros.values()):
        clock = con.execute(
            "SELECT md5(string_agg(concat_ws('|', channel, day, cum, spans::VARCHAR), ',' "
            "ORDER BY channel, day)) FROM clock_days"
        ).fetchone()
    state = sql.store_state(con)
    described = {
        "name": name,
        "sql": text,
        "params": {k: str(v) for k, v in sorted(bound.items()) if k not in UNKEYED},
        "version": parity.__version__,
        "macros": macros,
        "clock": clock[0] if clock else None,
        "state": state,
    }
    full = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
    return f"{_asked(name, bound)}.{full}"


def _built_on(con: duckdb.DuckDBPyConnection, text: str) -> dict[str, str]:
    """The installed definitions of the MACROS that the SQL `text` calls, directly or
    through one another: the rate counts read `observed` and never the clock, so a
    report on the business clock reads them kept."""
    installed = {
        name: definition for name, definition in sql.installed_macros(con).items() if name in MACROS
    }
    used: dict[str, str] = {}
    pending = [text]
    while pending:
        body = pending.pop()
        for macro, definition in installed.items():
            if macro not in used and re.search(rf"\b{macro}\s*\(", body):
                used[macro] = definition
                pending.append(definition)
    return used


def _added(name: str, rows: str) -> str:
    """The SQL adding up the counts of `rows` (the query's columns, any number of parts)
    key by key: the query's result for the contacts of those parts together."""
    columns = [f"sum({c})::{t} AS {c}" if t == ADDED else c for c, t in LAYOUTS[name]]
    return f"SELECT {', '.join(columns)} FROM ({rows}) GROUP BY ALL ORDER BY ALL"


def _read(name: str, relation: str) -> str:
    """SQL reading the result columns of kept query `name` from `relation`."""
    return f"SELECT {', '.join(c for c, _ in LAYOUTS[name])} FROM {relation}"


def _hold(con: duckdb.DuckDBPyConnection, name: str, bound: dict[str, object]) -> str | None:
    """While recording, run query `name` (with no window) per week into a temporary table,
    add the weeks up into another (both for `save`) and return the SQL reading the
    latter (else None)."""
    found = _recording.get()
    if found is None or bound["since"] is not None or bound["until"] is not None:
        return None
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_pending(name)} AS {sql.get(name).sql}",
        {**bound, "parted": True},
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_whole(name)} AS "
        f"{_added(name, _read(name, _pending(name)))}"
    )
    found.append((name, key(con, name, bound)))
    return _read(name, _whole(name))


def _lookup(con: duckdb.DuckDBPyConnection, name: str, bound: dict[str, object]) -> str | None:
    """The SQL reading the kept result of `name` with `bound`, if the store has a current one.

    The full digest reads the installed macros and the clock (about 15 ms), so it is
    computed only where the store keeps a result of `name` for these very parameters:
    not in a report on files, a store written before kept aggregates, nor a report with
    another as-of time (a summary's period) or other marks, which ask with other
    parameters than the import did. A window computes its edges here (`_window`).
    """
    if not sql.has_table(con, LEDGER):
        return None
    row = con.execute(
        "SELECT key FROM main.kept_aggregates WHERE name = $n", {"n": name}
    ).fetchone()
    if not row or not str(row[0]).startswith(f"{_asked(name, bound)}."):
        return None
    if row[0] != key(con, name, bound):
        return None
    if bound["since"] is None and bound["until"] is None:
        return f"{_read(name, table(name))} WHERE part IS NULL ORDER BY ALL"
    return _window(con, name, bound)


def _window(con: duckdb.DuckDBPyConnection, name: str, bound: dict[str, object]) -> str | None:
    """The SQL of the result for a window: the kept weeks wholly inside it, added up with
    the query's own result for the days before the first of them and after the last.
    None when no whole week lies inside (the query alone costs no more then)."""
    first, end = con.execute(  # the first whole week from since; the week holding until
        "SELECT week_of($since::TIMESTAMPTZ - INTERVAL 1 MICROSECOND) + 1, "
        "week_of($until::TIMESTAMPTZ)",
        {"since": bound["since"], "until": bound["until"]},
    ).fetchone() or (None, None)
    if first is not None and end is not None and first >= end:
        return None
    weeks = ["part IS NOT NULL"]
    edges: list[tuple[object, object]] = []
    if first is not None:
        weeks.append(f"part >= {int(first)}")
        edges.append((bound["since"], WEEK_ZERO + timedelta(weeks=int(first))))
    if end is not None:
        weeks.append(f"part < {int(end)}")
        edges.append((WEEK_ZERO + timedelta(weeks=int(end)), bound["until"]))
    parts = [f"{_read(name, table(name))} WHERE {' AND '.join(weeks)}"]
    query = sql.get(name)
    for i, (since, until) in enumerate(edges):
        if since == until:
            continue  # the window starts or ends where a week does: an edge of no time
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {_edge(name, i)} AS {_direct(query.sql)}",
            {**bound, "since": since, "until": until},
        )
        parts.append(_read(name, _edge(name, i)))
    return _added(name, " UNION ALL ".join(parts))


def save(con: duckdb.DuckDBPyConnection, found: list[tuple[str, str]]) -> None:
    """Replace the store's kept results by those recorded (inside the caller's transaction):
    the whole result, then the weeks in order (so a window's read skips the others)."""
    for name, digest in found:
        con.execute(f"DELETE FROM {table(name)}")
        con.execute(f"INSERT INTO {table(name)} SELECT *, NULL FROM {_whole(name)}")
        con.execute(f"INSERT INTO {table(name)} SELECT * FROM {_pending(name)} ORDER BY part")
        con.execute(
            "INSERT OR REPLACE INTO main.kept_aggregates VALUES ($n, $k)", {"n": name, "k": digest}
        )
