"""The staged table of one file: what its rows turned out to be, before the commit.

After validation every staged row is a contact, a rejected row (with a reason)
or a row skipped by the profile (with a reason). These helpers count the
skipped ones, reject repeated contacts, and gather the rejects, engine ones
included, with their physical lines.
"""

from __future__ import annotations

import duckdb
import numpy as np

from parity.importers.memory_view import row_number
from parity.importers.readers import RawRelation
from parity.sql import quote_identifier as qi


def count_skipped(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    """Rows a profile or rebuild says are not contacts, by reason: counted, never dropped."""
    rows = con.execute(
        f"SELECT __skip, count(*) FROM {qi(table)} WHERE __skip IS NOT NULL "
        "GROUP BY __skip ORDER BY __skip"
    ).fetchall()
    return {str(reason): int(count) for reason, count in rows}


def mark_duplicates(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Reject later rows repeating a (channel, contact_id) of the same file.

    Grouping 64-bit hashes of the keys is three times faster than grouping
    the keys, and proves there is no duplicate when no hash comes twice
    (equal keys hash alike). Only when one does — a duplicate, or two keys
    that share a hash — does the exact search below run. A GROUP BY, not
    count(DISTINCT …): DuckDB's distinct aggregate could not spill and ran
    out of memory under a 448 MB limit at ten million rows.
    """
    t = qi(table)
    n = row_number()
    row = con.execute(
        f"SELECT count(*) FROM (SELECT hash(channel, contact_id) AS h FROM {t} "
        "WHERE __verdict IS NULL AND __skip IS NULL GROUP BY h HAVING count(*) > 1)"
    ).fetchone()
    if not row or int(row[0]) == 0:
        return
    con.execute(
        f"UPDATE {t} SET __verdict = {{'reason': 'duplicate_contact', 'column': 'contact_id', "
        f"'value': contact_id, 'detail': NULL}} "
        f"WHERE {n} IN (SELECT n FROM (SELECT {n} AS n, row_number() "
        f"OVER (PARTITION BY channel, contact_id ORDER BY {n}) AS k FROM {t} "
        f"WHERE __verdict IS NULL AND __skip IS NULL) WHERE k > 1)"
    )


def stage_rejects(con: duckdb.DuckDBPyConnection, raw: RawRelation, table: str) -> int:
    """Collect engine and validation rejects with their lines into `<table>_rejects`; how many."""
    t = qi(table)
    rows = con.execute(
        f"SELECT {row_number()} AS __row FROM {t} WHERE __verdict IS NOT NULL ORDER BY __row"
    ).fetchnumpy()
    bad = np.asarray(rows["__row"], dtype=np.int64)
    if not bad.size and not raw.rejects:
        # none: no Arrow tables to register, whose first registration imports pandas (0.4 s);
        # the columns of the store's rejects table, less the two the commit fills in
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {qi(table + '_rejects')} AS "
            "SELECT * EXCLUDE (import_id, file_name) FROM rejects LIMIT 0"
        )
        return 0
    import pyarrow as pa  # here, not at the top: a report from a database never needs it

    starts, ends = raw.lines_of(bad) if bad.size else (bad, bad)
    lines = pa.table({"__row": bad, "line": starts, "line_end": ends})
    engine = pa.table(
        {
            "line": [r.line for r in raw.rejects],
            "line_end": [r.line_end for r in raw.rejects],
            "reason": [r.reason for r in raw.rejects],
            "value": [r.value for r in raw.rejects],
            "detail": [r.detail for r in raw.rejects],
        },
        schema=pa.schema(
            [
                ("line", pa.int64()),
                ("line_end", pa.int64()),
                ("reason", pa.string()),
                ("value", pa.string()),
                ("detail", pa.string()),
            ]
        ),
    )
    con.register("__lines", lines)
    con.register("__engine", engine)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {qi(table + '_rejects')} AS "
            f"SELECT l.line, l.line_end, s.__verdict.column AS column_name, "
            f"s.__verdict.reason AS reason, s.__verdict.value AS value, "
            f"s.__verdict.detail AS detail FROM {t} s "
            f"JOIN __lines l ON l.__row = {row_number('s')} "
            "UNION ALL SELECT line, line_end, 'row', reason, value, detail FROM __engine"
        )
    finally:
        con.unregister("__lines")
        con.unregister("__engine")
    return int(bad.size) + len(raw.rejects)
