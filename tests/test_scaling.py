"""The statistics need only per-partition aggregates (docs/scaling.md), shown on Parquet.

The sample data is written as Parquet partitioned by week. The aggregate
queries of queries/ (survival table, rate counts, score counts) run on each
partition alone, the per-partition tables are merged by adding counts with
the same key, and the result — and every figure and test computed from it —
equals what one run over all the data gives. That is what lets the same SQL
run partition by partition on a distributed engine (Spark, Trino) or over
files on object storage, with only small tables travelling.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from parity import sql
from parity.importers.pipeline import import_files
from parity.store import Store
from tests.conftest import SAMPLE_DATA

AGGREGATES = {
    "survival_table": (["channel", "stratum", "metric", "t"], ["events", "censored"]),
    "rate_counts": (["channel", "stratum", "metric"], ["successes", "trials"]),
    "score_counts": (["channel", "stratum", "value"], ["n"]),
}


def _install(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("week", "scope", "observed", "clocked_reply_calendar", "clocked_calendar"):
        con.execute(sql.get(name).sql)


def _aggregate(
    con: duckdb.DuckDBPyConnection, name: str, as_of: object
) -> list[tuple[object, ...]]:
    query = sql.get(name)
    values = {"since": None, "until": None, "as_of": as_of, "parted": False}
    keys, counts = AGGREGATES[name]
    cols = ", ".join(keys + counts)
    return con.execute(
        f"SELECT {cols} FROM ({query.sql})", {k: values[k] for k in query.params}
    ).fetchall()


def _merge(
    parts: list[list[tuple[object, ...]]], width: int
) -> dict[tuple[object, ...], list[int]]:
    merged: dict[tuple[object, ...], list[int]] = {}
    for part in parts:
        for row in part:
            key, counts = row[:width], row[width:]
            total = merged.setdefault(key, [0] * len(counts))
            for i, c in enumerate(counts):
                total[i] += int(c)  # type: ignore[call-overload]
    return merged


@pytest.fixture(scope="module")
def partitions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    store = Store.memory(key="scaling-test-key-0000")
    import_files(store, [SAMPLE_DATA])
    out = tmp_path_factory.mktemp("parquet")
    store.con.execute(
        "COPY (SELECT *, strftime(created_at, '%G-W%V') AS week FROM contacts) "
        "TO $dir (FORMAT parquet, PARTITION_BY (week))",
        {"dir": str(out)},
    )
    return out, store


@pytest.mark.parametrize("name", sorted(AGGREGATES))
def test_aggregates_of_partitions_add_up_to_the_whole(
    partitions: tuple[Path, Store], name: str
) -> None:
    root, store = partitions
    _install(store.con)
    seconds = store.con.execute(
        "SELECT epoch(max(greatest(created_at, first_response_at, resolved_at, abandoned_at))) "
        "FROM contacts"
    ).fetchone()[0]  # type: ignore[index]
    as_of = datetime.fromtimestamp(seconds, tz=UTC)
    whole = _merge([_aggregate(store.con, name, as_of)], len(AGGREGATES[name][0]))

    files = sorted(root.glob("week=*/*.parquet"))
    assert len(files) >= 10  # thirteen weeks of sample data
    parts = []
    for file in files:
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        con.read_parquet(str(file)).create_view("contacts")  # one partition alone
        _install(con)
        parts.append(_aggregate(con, name, as_of))
    merged = _merge(parts, len(AGGREGATES[name][0]))
    assert merged == whole
    assert sum(c[-1] for c in merged.values()) > 0
