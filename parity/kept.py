"""Kept aggregates: the heavy aggregates of a default report, computed by the import.

A report's costliest queries group every contact of the store: the survival
table, the rate and score counts, the reply coverage (about 1.7 s of a 4 s
report on ten million contacts). What they return depends only on the store's
contacts and on the parameters they are run with; for the report an analyst
or a CI job runs most often, `parity report --db` / `parity check --db` with no
window and the default as-of time, those parameters are fixed by the store
itself. So `parity import`, in the transaction that writes the contacts,
runs those queries once more and keeps their results in the store
(`kept_<name>` tables, listed with their key in `kept_aggregates`).

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

KEPT = frozenset({"survival_table", "rate_counts", "score_counts", "coverage_counts"})
LEDGER = "kept_aggregates"  # name → key of each kept result

MACROS = ("scoped", "observed", "clock_at", "clocked")  # what the kept queries are built on

DDL = f"CREATE TABLE IF NOT EXISTS main.{LEDGER} (name VARCHAR PRIMARY KEY, key VARCHAR NOT NULL)"

_recording: ContextVar[bool] = ContextVar("parity_kept_recording", default=False)


@contextmanager
def recording() -> Iterator[None]:
    """Within the block, every kept query that runs is also stored (by an import)."""
    token = _recording.set(True)
    try:
        yield
    finally:
        _recording.reset(token)


def table(name: str) -> str:
    return f"main.{sql.quote_identifier('kept_' + name)}"


def key(con: duckdb.DuckDBPyConnection, name: str, bound: dict[str, object]) -> str:
    """The digest of everything the result of query `name` with `bound` depends on."""
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
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


def _has_ledger(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = $t",
        {"t": LEDGER},
    ).fetchone()
    return bool(row and row[0])


def lookup(con: duckdb.DuckDBPyConnection, name: str, bound: dict[str, object]) -> str | None:
    """The table holding the kept result of `name` with `bound`, if the store has a current one."""
    if name not in KEPT or not _has_ledger(con):
        return None
    row = con.execute(
        "SELECT count(*) FROM main.kept_aggregates WHERE name = $n AND key = $k",
        {"n": name, "k": key(con, name, bound)},
    ).fetchone()
    return table(name) if row and row[0] else None


def keep(con: duckdb.DuckDBPyConnection, name: str, bound: dict[str, object]) -> str | None:
    """While recording, run query `name` into its kept table; return the table (else None)."""
    if name not in KEPT or not _recording.get():
        return None
    con.execute(DDL)
    con.execute(f"CREATE OR REPLACE TABLE {table(name)} AS {sql.get(name).sql}", bound)
    con.execute(
        "INSERT OR REPLACE INTO main.kept_aggregates VALUES ($n, $k)",
        {"n": name, "k": key(con, name, bound)},
    )
    return table(name)
