"""Contacts of an in-memory report as a view over the staged files, not a copy.

`parity report FILE…` stages every file into a temporary table (typed rows with
their verdicts), as an import into a database does. A database then copies
the valid rows into `contacts`; an in-memory store that starts empty need not:
a temporary view named `contacts` (it shadows the empty table) shows the valid
rows of the staged tables as they are. At ten million contacts that saves a
copy of every row: several seconds, and half the memory.

The copy remains for anything else: a store that already holds contacts, or
files that could hold the same contacts (two files of one source and channel,
where the later file's rows must replace the earlier ones').
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import duckdb

from parity import schema
from parity.sql import own_table
from parity.sql import quote_identifier as qi

KEY_STRIDE = 1 << 40  # contact_key = import_id * KEY_STRIDE + the row's number in its file


def row_number(alias: str = "") -> str:
    """SQL of a staged row's number: the record's number among the rows DuckDB returned.

    Staging through a profile stores it in `__row`. Canonical staging reads the file
    directly and leaves `__row` NULL: its table is filled in file order (DuckDB keeps
    insertion order), so the number is `rowid + 1`. DuckDB keeps that order only through a
    statement without a join, so the canonical staging (validate.staging_select) must
    plan none: DuckDB 2.0 plans a list of constants (`IN (…)`, `list_contains`) as one,
    and a parallel read then numbered rows, and reported rejects' lines, out of order
    (test_rows_of_a_file_read_in_parallel_keep_their_numbers_and_lines). Setting `__row`
    from the rowid instead would cost an UPDATE of every row, whose change records DuckDB
    holds in memory it cannot spill (164 MB at ten million rows): a report then ran out
    of memory under limits it had fitted before.
    """
    a = f"{alias}." if alias else ""
    return f"coalesce({a}__row, {a}rowid + 1)"


_names = itertools.count()


def staged_name() -> str:
    """A staging table name not used before in this process."""
    return f"__staged_{next(_names)}"


def applies(con: duckdb.DuckDBPyConnection, tables: Sequence[tuple[str, str]]) -> bool:
    """True when no two staged files can hold the same contact (source, channel, id)."""
    seen: set[tuple[str, str]] = set()
    for source, table in tables:
        for (channel,) in con.execute(
            f"SELECT DISTINCT channel FROM {qi(table)} WHERE __verdict IS NULL AND __skip IS NULL"
        ).fetchall():
            key = (source, str(channel))
            if key in seen:
                return False
            seen.add(key)
    return True


def expose(
    con: duckdb.DuckDBPyConnection, files: Sequence[tuple[int, str, dict[str, bool]]]
) -> None:
    """Create the temporary view `contacts` over the staged tables of `files`.

    Each file is (import_id, staged table, the three "column present" flags).
    The import id and the flags are parity's own integers and booleans; the
    source is a column of the staged table, so nothing from data or
    configuration is written into the SQL.
    """
    names = ", ".join(c.name for c in schema.COLUMNS)
    parts = []
    for import_id, table, known in files:
        flags = ", ".join(
            f"{'true' if known[k] else 'false'} AS {k}"
            for k in ("response_known", "resolution_known", "amount_known")
        )
        parts.append(
            f"SELECT {int(import_id)} * {KEY_STRIDE} + {row_number()} AS contact_key, "
            f"{int(import_id)} AS import_id, __source AS source, {flags}, {names}, "
            # computed as read, not staged: a column more crowded the pairing out of the
            # memory limit at ten million contacts (docs/performance.md)
            "customer_key(customer_id) AS customer_key "
            f"FROM {qi(table)} WHERE __verdict IS NULL AND __skip IS NULL"
        )
    con.execute("CREATE OR REPLACE TEMP VIEW contacts AS " + " UNION ALL ".join(parts))


def fold(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Turn the view back into rows of the contacts table, before another import.

    A later import may replace contacts of earlier files, which a view over
    their staged tables cannot show; so the rows are copied after all, once.
    """
    if not tables:
        return
    table = own_table(con, "contacts")  # the view shadows the bare name
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM temp.main.contacts")
    con.execute("DROP VIEW temp.main.contacts")
    for table in tables:
        con.execute(f"DROP TABLE IF EXISTS {qi(table)}")
    tables.clear()
