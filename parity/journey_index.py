"""The journey index: each contact's first later contact on every other channel, kept in the store.

Finding escalations means pairing every contact with the same customer's
later contacts on other channels: a self-join of the contacts, the costliest
step of a report (about 4.5 s of a 9 s report on ten million contacts). The
pairing does not depend on what a report asks (period, as-of time, window,
clock), so it is done where the contacts change, by the import, and kept in
two tables (queries/journey_customers.sql, queries/journey_next.sql). A
report only filters the index by its window and reads the outcomes of the
linked contacts (queries/journey_links.sql).

An import recomputes the customers it touched: those of the rows it adds and
of the rows it replaces; the first import into a store, everyone. The index
is current when `parity_meta` holds `journey_index` = `version()`; a
store written before the index existed (or with another placeholder limit)
is brought up to date by its next import, and a report on it builds the
index for itself in temporary tables, as every report did before.
"""

from __future__ import annotations

import duckdb

from parity import sql

MAX_CONTACTS_PER_CUSTOMER = 5_000  # more: a placeholder id, not a customer (journey_customers)
TOUCHED = "journey_touched"  # temporary table of the customer keys an import touches

DDL = """
CREATE TABLE IF NOT EXISTS journey_customers (
    customer_key UBIGINT NOT NULL,
    contacts BIGINT NOT NULL,
    several BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS journey_next (
    customer_key UBIGINT NOT NULL,
    from_key BIGINT NOT NULL,
    from_created TIMESTAMPTZ NOT NULL,
    to_channel VARCHAR NOT NULL,
    to_key BIGINT NOT NULL,
    to_created TIMESTAMPTZ NOT NULL
);
"""

_TABLES = ("journey_customers", "journey_next")


def install(con: duckdb.DuckDBPyConnection) -> None:
    """The customer_key(id) macro and an empty table of touched customers."""
    con.execute(sql.get("customer_key").sql)
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (customer_key UBIGINT)")


def touch(con: duckdb.DuckDBPyConnection, select_ids: str, params: dict[str, object]) -> None:
    """Mark the customers whose ids `select_ids` (a query of one column) returns."""
    con.execute(
        f"INSERT INTO {TOUCHED} SELECT DISTINCT customer_key(id) FROM ({select_ids}) AS t(id) "
        "WHERE id IS NOT NULL",
        params,
    )


def version() -> str:
    """What the index kept in a store must have been built by: its layout and placeholder limit."""
    return f"1;max_contacts={MAX_CONTACTS_PER_CUSTOMER}"


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store's index matches its contacts (kept by every import since its first)."""
    row = con.execute(
        "SELECT count(*) FROM parity_meta WHERE key = 'journey_index' AND value = $v",
        {"v": version()},
    ).fetchone()
    return bool(row and row[0])


def refresh(con: duckdb.DuckDBPyConnection, *, everyone: bool) -> None:
    """Recompute the index for the touched customers (`everyone`: all of them), in place.

    Runs inside the import's transaction, after its contacts are written and
    after `install` (which changes the schema, so never inside the transaction);
    marks the index current and empties the touched list.
    """
    scope = "" if everyone else f" WHERE customer_key IN (SELECT customer_key FROM {TOUCHED})"
    for table in _TABLES:  # journey_next reads the journey_customers just written
        con.execute(f"DELETE FROM main.{table}{scope}")
        _insert(con, f"INSERT INTO main.{table} ", everyone, table)
    con.execute("INSERT OR REPLACE INTO parity_meta VALUES ('journey_index', $v)", {"v": version()})
    con.execute(f"DELETE FROM {TOUCHED}")


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Make the index readable: the store's own when current, else temporary tables built now."""
    if is_current(con):
        install(con)
    else:
        build_temporary(con)


def build_temporary(con: duckdb.DuckDBPyConnection) -> None:
    """The whole index from the contacts, in temporary tables that shadow the store's."""
    install(con)
    for table in _TABLES:
        _insert(con, f"CREATE OR REPLACE TEMP TABLE {table} AS ", True, table)


def _insert(con: duckdb.DuckDBPyConnection, into: str, everyone: bool, name: str) -> None:
    query = sql.get(name)
    values: dict[str, object] = {"all": everyone, "max_contacts": MAX_CONTACTS_PER_CUSTOMER}
    con.execute(into + query.sql, sql.bind(query, {k: values[k] for k in query.params}))
