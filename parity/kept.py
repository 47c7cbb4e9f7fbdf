"""Kept aggregates: the heavy aggregates of a default report, computed by the import.

A report's costliest queries group every contact of the store: the survival
table, the rate and score counts, the reply coverage (about 1.7 s of a 4 s
report on ten million contacts). What they return depends only on the store's
contacts and on the parameters they are run with; for the report an analyst
or a CI job runs most often, `parity report --db` / `parity check --db` with no
window and the default as-of time, those parameters are fixed by the store
itself. So `parity import`, once its transaction has written the contacts,
runs those queries once more and keeps their results in the store
(`kept_<name>` tables, listed with their key in `kept_aggregates`), in a
transaction of its own that only deletes and inserts rows: the tables are
created when the store opens, like the rest of its schema (a kill between
the two transactions leaves outdated results, which no report uses).

A query run with `materialise` or `rows` (parity.metrics) first looks for a
kept result whose key matches. The key is a digest of everything the result
depends on:

- the query's name, its SQL and the bound parameters (window, as-of time,
  coverage marks), and parity's version;
- the report's clock (the installed table macros and the `clock_days` table,
  so calendar and business time, and every calendar, differ);
- the state of the store: its latest import and its number of contacts, so
  a store changed by anything but a current import (an older parity, say)
  finds its kept results outdated and computes afresh.

Anything else (a window, another as-of time, a summary's periods, a report on
files, which has no store) computes as before. Nothing here changes a figure:
a kept result is the query's own result, stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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
}
KEPT = frozenset(LAYOUTS)
LEDGER = "kept_aggregates"  # name → key of each kept result
MACROS = ("scoped", "observed", "clock_at", "clocked")  # what the kept queries are built on


def table(name: str) -> str:
    return f"main.{sql.quote_identifier('kept_' + name)}"


def _pending(name: str) -> str:
    return f"temp.{sql.quote_identifier('kept_pending_' + name)}"


DDL = f"CREATE TABLE IF NOT EXISTS {LEDGER} (name VARCHAR PRIMARY KEY, key VARCHAR NOT NULL);\n"
DDL += "".join(
    f"CREATE TABLE IF NOT EXISTS {table(name)} ({', '.join(f'{c} {t}' for c, t in layout)});\n"
    for name, layout in LAYOUTS.items()
)


def drop_outdated(con: duckdb.DuckDBPyConnection) -> None:
    """Drop kept tables of another layout (an older parity's), before DDL creates them anew.

    Run where the store's schema is made, when it opens: never in a transaction of an import.
    """
    for name, layout in LAYOUTS.items():
        found = con.execute(
            "SELECT list(column_name || ' ' || data_type ORDER BY column_index) "
            "FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = $t",
            {"t": f"kept_{name}"},
        ).fetchone()
        if found and found[0] is not None and found[0] != [f"{c} {t}" for c, t in layout]:
            con.execute(f"DROP TABLE {table(name)}")


_recording: ContextVar[list[tuple[str, str]] | None] = ContextVar("parity_kept", default=None)


@contextmanager
def recording() -> Iterator[list[tuple[str, str]]]:
    """Within the block, every kept query that runs is also held in a temporary table;
    yields the (name, key) of each, for `save`."""
    found: list[tuple[str, str]] = []
    token = _recording.set(found)
    try:
        yield found
    finally:
        _recording.reset(token)


def _asked(name: str, bound: dict[str, object]) -> str:
    """The digest of the query and its parameters alone: computed without a query."""
    described = {"name": name, "params": {k: str(v) for k, v in sorted(bound.items())}}
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:16]


def key(con: duckdb.DuckDBPyConnection, name: str, bound: dict[str, object]) -> str:
    """The digest of everything the result of query `name` with `bound` depends on, after
    the digest of the query and parameters alone (`lookup` compares that first)."""
    macros = con.execute(
        "SELECT string_agg(function_name || ':' || coalesce(macro_definition, ''), ';' "
        "ORDER BY function_name) FROM duckdb_functions() "
        "WHERE database_name = 'temp' AND list_contains($m, function_name)",
        {"m": list(MACROS)},
    ).fetchone()
    clock = con.execute(
        "SELECT md5(string_agg(concat_ws('|', channel, day, cum, spans::VARCHAR), ',' "
        "ORDER BY channel, day)) FROM clock_days"
    ).fetchone()
    state = con.execute(
        "SELECT (SELECT max(import_id) FROM main.imports), (SELECT count(*) FROM main.contacts)"
    ).fetchone()
    described = {
        "name": name,
        "sql": sql.get(name).sql,
        "params": {k: str(v) for k, v in sorted(bound.items())},
        "version": parity.__version__,
        "macros": macros[0] if macros else None,
        "clock": clock[0] if clock else None,
        "state": list(state) if state else None,
    }
    full = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
    return f"{_asked(name, bound)}.{full}"


def lookup(con: duckdb.DuckDBPyConnection, name: str, bound: dict[str, object]) -> str | None:
    """The table holding the kept result of `name` with `bound`, if the store has a current one.

    The full digest reads the installed macros and the clock (about 15 ms), so it is
    computed only where the store keeps a result of `name` for these very parameters:
    not in a report on files, a store written before kept aggregates, nor a report with a
    window or a summary's period, which ask with other parameters than the import did.
    """
    if name not in KEPT or not sql.has_table(con, LEDGER):
        return None
    row = con.execute(
        "SELECT key FROM main.kept_aggregates WHERE name = $n", {"n": name}
    ).fetchone()
    if not row or not str(row[0]).startswith(f"{_asked(name, bound)}."):
        return None
    return table(name) if row[0] == key(con, name, bound) else None


def hold(con: duckdb.DuckDBPyConnection, name: str, bound: dict[str, object]) -> str | None:
    """While recording, run query `name` into a temporary table and return it (else None)."""
    found = _recording.get()
    if name not in KEPT or found is None:
        return None
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_pending(name)} AS {sql.get(name).sql}", bound)
    found.append((name, key(con, name, bound)))
    return _pending(name)


def save(con: duckdb.DuckDBPyConnection, found: list[tuple[str, str]]) -> None:
    """Replace the store's kept results by those recorded (inside the caller's transaction)."""
    for name, digest in found:
        con.execute(f"DELETE FROM {table(name)}")
        con.execute(f"INSERT INTO {table(name)} SELECT * FROM {_pending(name)}")
        con.execute(
            "INSERT OR REPLACE INTO main.kept_aggregates VALUES ($n, $k)", {"n": name, "k": digest}
        )
