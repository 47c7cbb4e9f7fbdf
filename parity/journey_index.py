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

The pairing needs a hash table of the customers it pairs. Where it runs out
of memory and can start again (outside a transaction: a report's temporary
index or the view of a report on files), it is done again in 4, then 16,
parts of the customer keys, each a quarter of the last: the same rows, some
seconds later. A report on a ten-million-line JSON Lines file did not fit the
default 512 MB whole. That is said on the log (shown with `--debug`), so that
`make bench` can tell a slow pairing from a slow machine.
"""

from __future__ import annotations

import logging

import duckdb

from parity import sql

MAX_CONTACTS_PER_CUSTOMER = 5_000  # more: a placeholder id, not a customer (journey_customers)
PARTS_WHEN_SHORT = (4, 16)  # the pairing split by customer key after running out of memory
TOUCHED = "journey_touched"  # temporary table of the customer keys an import touches
LOG = logging.getLogger(__name__)

COLUMNS = {
    "journey_customers": "customer_key UBIGINT NOT NULL, contacts BIGINT NOT NULL, "
    "several BOOLEAN NOT NULL",
    "journey_next": "customer_key UBIGINT NOT NULL, from_key BIGINT NOT NULL, "
    "from_created TIMESTAMPTZ NOT NULL, to_channel VARCHAR NOT NULL, to_key BIGINT NOT NULL, "
    "to_created TIMESTAMPTZ NOT NULL",
}
DDL = "".join(f"CREATE TABLE IF NOT EXISTS {t} ({c});\n" for t, c in COLUMNS.items())


def install(con: duckdb.DuckDBPyConnection) -> None:
    """The customer_key(id) macro and an empty table of touched customers."""
    sql.install_macro(con, "customer_key")
    sql.temp_table(con, TOUCHED, "customer_key UBIGINT")


def touch(con: duckdb.DuckDBPyConnection, select_keys: str, params: dict[str, object]) -> None:
    """Mark the customers whose keys `select_keys` (a query of one column) returns."""
    con.execute(
        f"INSERT INTO {TOUCHED} SELECT DISTINCT k FROM ({select_keys}) AS t(k) WHERE k IS NOT NULL",
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


def refresh(con: duckdb.DuckDBPyConnection, *, everyone: bool, in_parts: bool = False) -> int:
    """Recompute the index for the touched customers (`everyone`: all of them), in place.

    Runs inside the import's transaction, after its contacts are written and
    after `install` (which changes the schema, so never inside the transaction);
    marks the index current and empties the touched list. With `in_parts` (only
    outside a transaction, which an error would end) a pairing short of memory
    starts again in parts. Returns the number of parts the pairing took.
    """
    scope = "" if everyone else f" WHERE customer_key IN (SELECT customer_key FROM {TOUCHED})"
    customers, pairs = (sql.own_table(con, t) for t in ("journey_customers", "journey_next"))
    con.execute(f"DELETE FROM {customers}{scope}")
    _insert(con, f"INSERT INTO {customers} ", everyone, "journey_customers")
    parts = _pair(  # reads the journey_customers just written
        con, pairs, everyone, clear=f"DELETE FROM {pairs}{scope}", in_parts=in_parts
    )
    con.execute("INSERT OR REPLACE INTO parity_meta VALUES ('journey_index', $v)", {"v": version()})
    con.execute(f"DELETE FROM {TOUCHED}")
    return parts


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Make the index readable: the store's own when current, else temporary tables built now."""
    if is_current(con):
        install(con)
    else:
        build_temporary(con)


def build_temporary(con: duckdb.DuckDBPyConnection) -> int:
    """The whole index from the contacts, in temporary tables that shadow the store's.
    Returns the number of parts the pairing took."""
    install(con)
    _insert(con, "CREATE OR REPLACE TEMP TABLE journey_customers AS ", True, "journey_customers")
    empty = f"CREATE OR REPLACE TEMP TABLE journey_next ({COLUMNS['journey_next']})"
    return _pair(con, "temp.main.journey_next", True, clear=empty, in_parts=True)


def _pair(
    con: duckdb.DuckDBPyConnection, table: str, everyone: bool, *, clear: str, in_parts: bool
) -> int:
    """Fill `table` (emptied by the statement `clear`) with the pairing of journey_next: whole,
    or, with `in_parts`, after running out of memory, in PARTS_WHEN_SHORT parts. Returns the
    number of parts."""
    attempts = (1, *PARTS_WHEN_SHORT) if in_parts else (1,)
    for parts in attempts[:-1]:
        try:
            _fill(con, table, everyone, clear, parts)
            break
        except duckdb.OutOfMemoryException:
            continue  # the failed statement wrote nothing; the next attempt clears the rest
    else:
        parts = attempts[-1]
        _fill(con, table, everyone, clear, parts)
    if parts > 1:
        LOG.info(
            "the journey pairing ran out of memory whole and was done in %d parts; "
            "a higher memory_limit pairs whole, faster",
            parts,
        )
    return parts


def _fill(
    con: duckdb.DuckDBPyConnection, table: str, everyone: bool, clear: str, parts: int
) -> None:
    con.execute(clear)
    for part in range(parts):
        _insert(con, f"INSERT INTO {table} ", everyone, "journey_next", parts, part)


def _insert(
    con: duckdb.DuckDBPyConnection,
    into: str,
    everyone: bool,
    name: str,
    parts: int = 1,
    part: int = 0,
) -> None:
    query = sql.get(name)
    values: dict[str, object] = {
        "all": everyone,
        "max_contacts": MAX_CONTACTS_PER_CUSTOMER,
        "parts": parts,
        "part": part,
    }
    con.execute(into + query.sql, sql.bind(query, {k: values[k] for k in query.params}))
