"""The journey index kept by imports (parity/journey_index.py).

Checked two ways on random customers with ties, categories and replaced
contacts: after every import the index equals one rebuilt from scratch, and
the escalation links a report reads from it are those of a brute-force
reading of the definition (queries/journey_links.sql) in plain Python.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from parity import journey_index, journeys, metrics
from parity.importers.pipeline import ImportOptions, import_files
from parity.store import Store
from tests.conftest import write_csv

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
WINDOW = timedelta(days=7)
HEADER = ["contact_id", "channel", "created_at", "category", "customer_id"]
CHANNELS = ("phone", "email", "chat", "social")


@dataclass(frozen=True)
class Row:
    contact_id: str
    channel: str
    created: datetime
    category: str  # "" for none
    customer: str
    order: tuple[int, int] = (0, 0)  # (file, row): the order of contact keys

    def cells(self) -> list[str]:
        at = self.created.isoformat().replace("+00:00", "Z")
        return [self.contact_id, self.channel, at, self.category, self.customer]


def random_rows(rng: random.Random, prefix: str, customers: int) -> list[Row]:
    rows = []
    for c in range(customers):
        for k in range(rng.randint(1, 7)):
            rows.append(
                Row(
                    f"{prefix}{c}-{k}",
                    rng.choice(CHANNELS),
                    # whole hours over four weeks: same-customer ties happen
                    T0 + timedelta(hours=rng.randrange(24 * 28)),
                    rng.choice(("billing", "billing", "delivery", "")),
                    "" if rng.random() < 0.1 else f"cust-{c}",  # no id: in no journey
                )
            )
    return rows


def numbered(rows: list[Row], file: int) -> list[Row]:
    return [replace(r, order=(file, i)) for i, r in enumerate(rows)]


def brute_force(contacts: list[Row], as_of: datetime) -> set[tuple[str, str, str]]:
    """(from contact_id, to channel, to contact_id) straight from the definition."""
    found = set()
    for a in contacts:
        if not a.customer or a.created > as_of - WINDOW:
            continue  # no customer to follow, or its window had not passed
        for channel in CHANNELS:
            later = [
                b
                for b in contacts
                if b.customer == a.customer
                and b.channel == channel != a.channel
                and a.created < b.created <= a.created + WINDOW
                and (not a.category or not b.category or a.category == b.category)
            ]
            if later:
                first = min(later, key=lambda b: (b.created, b.order))
                found.add((a.contact_id, channel, first.contact_id))
    return found


def links(con: duckdb.DuckDBPyConnection) -> tuple[set[tuple[str, str, str]], datetime]:
    result = metrics.compute(con)
    assert result.period.as_of is not None
    journeys.compute(con, since=None, until=None, as_of=result.period.as_of, window_days=7)
    got = con.execute(
        "SELECT a.contact_id, l.to_channel, b.contact_id FROM journey_links l "
        "JOIN contacts a ON a.contact_key = l.from_key "
        "JOIN contacts b ON b.contact_key = l.to_key"
    ).fetchall()
    return {(str(a), str(ch), str(b)) for a, ch, b in got}, result.period.as_of


def index_tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[list[tuple[object, ...]]]:
    return [
        con.execute(f"SELECT COLUMNS(*)::VARCHAR FROM {schema}.{t} ORDER BY ALL").fetchall()
        for t in ("journey_customers", "journey_next")
    ]


def assert_index_is_whole(con: duckdb.DuckDBPyConnection) -> None:
    assert journey_index.is_current(con)
    kept = index_tables(con, "main")
    journey_index.build_temporary(con)
    assert kept == index_tables(con, "temp.main")
    assert kept[1], "the scenario must produce links"
    for table in ("journey_customers", "journey_next"):
        con.execute(f"DROP TABLE temp.main.{table}")


def test_index_kept_by_imports_equals_a_rebuild_and_the_definition(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    first = numbered(random_rows(rng, "a", 60), 1)
    second = numbered(random_rows(rng, "b", 60), 2)  # the same customer ids: journeys across files
    # a re-export of 15 of the first file's contacts: moved in time, some to other customers
    changed = [
        replace(r, created=r.created + timedelta(hours=rng.randint(-72, 72)), customer=f"cust-{c}")
        for r, c in zip(rng.sample(first, 15), rng.choices(range(60), k=15), strict=True)
    ]
    third = numbered(changed, 3)
    db = tmp_path / "p.duckdb"
    contacts: dict[tuple[str, str], Row] = {}
    for n, (rows, source) in enumerate([(first, "s1"), (second, "s2"), (third, "s1")], 1):
        path = write_csv(tmp_path / f"f{n}.csv", HEADER, [r.cells() for r in rows])
        with Store.open(db) as store:
            import_files(store, [path], ImportOptions(source=source))
        for r in rows:  # a later file's contact replaces the same (source, channel, id)
            contacts[(source, r.channel + "/" + r.contact_id)] = r
        with Store.open(db) as store:
            assert_index_is_whole(store.con)
            got, as_of = links(store.con)
        assert got == brute_force(list(contacts.values()), as_of), f"after import {n}"


# what a store written by an earlier parity lacks: the index, or the contacts' customer keys
OLDER_STORES = {
    "without the index": [
        "DELETE FROM parity_meta WHERE key = 'journey_index'",
        "DELETE FROM journey_next",
        "DELETE FROM journey_customers",
    ],
    "without customer keys": [
        "ALTER TABLE contacts DROP COLUMN customer_key",
        "DELETE FROM parity_meta WHERE key = 'journey_index'",  # so a report pairs its contacts
    ],
}


@pytest.mark.parametrize("older", OLDER_STORES)
def test_an_older_store_is_read_right_and_brought_up_to_date_by_its_next_import(
    tmp_path: Path, older: str
) -> None:
    rng = random.Random(7)
    rows = numbered(random_rows(rng, "a", 80), 1)
    db = tmp_path / "p.duckdb"
    with Store.open(db) as store:
        import_files(store, [write_csv(tmp_path / "a.csv", HEADER, [r.cells() for r in rows])])
        expected, as_of = links(store.con)
        for statement in OLDER_STORES[older]:
            store.con.execute(statement)
    assert expected == brute_force(rows, as_of)
    with Store.open(db, read_only=True) as store:
        assert not journey_index.is_current(store.con)
        assert links(store.con)[0] == expected
    more = numbered(random_rows(rng, "b", 80), 2)
    with Store.open(db) as store:
        import_files(store, [write_csv(tmp_path / "b.csv", HEADER, [r.cells() for r in more])])
        assert_index_is_whole(store.con)
        got, as_of = links(store.con)
        keys = store.con.execute(
            "SELECT count(*), count(customer_key), "
            "count(*) FILTER (WHERE customer_key IS DISTINCT FROM customer_key(customer_id)) "
            "FROM main.contacts"
        ).fetchone()
    assert got == brute_force(rows + more, as_of)
    identified = sum(1 for r in rows + more if r.customer)
    assert keys == (len(rows) + len(more), identified, 0)


def test_a_report_on_files_reads_the_same_links(tmp_path: Path) -> None:
    rng = random.Random(11)
    rows = numbered(random_rows(rng, "a", 80), 1)
    store = Store.memory()
    import_files(store, [write_csv(tmp_path / "a.csv", HEADER, [r.cells() for r in rows])])
    assert store.staged_tables, "the contacts stay a view over the staged file"
    assert_index_is_whole(store.con)
    got, as_of = links(store.con)
    assert got == brute_force(rows, as_of)


@pytest.mark.parametrize(
    ("pseudonym", "key"),
    [
        ("0123456789abcdef01234567", 0x0123456789ABCDEF),
        ("ffffffffffffffff00000000", 2**64 - 1),
        (None, None),
    ],
)
def test_customer_key_is_the_pseudonyms_leading_64_bits(
    pseudonym: str | None, key: int | None
) -> None:
    con = duckdb.connect()
    journey_index.install(con)
    assert con.execute("SELECT customer_key($p)", {"p": pseudonym}).fetchone() == (key,)


def synthetic_contacts(con: duckdb.DuckDBPyConnection, n: int) -> None:
    """`n` contacts of n/4 customers (pseudonyms as hex digests) on random channels, times
    and categories: the columns the journey index reads, in a bare connection."""
    journey_index.install(con)
    con.execute(
        "CREATE TABLE contacts AS SELECT *, customer_key(customer_id) AS customer_key FROM ("
        "SELECT md5((i // 4)::VARCHAR) AS customer_id, i AS contact_key, "
        "(['phone', 'email', 'chat', 'social'])[1 + (hash(i) % 4)::INT] AS channel, "
        "(['billing', 'delivery', NULL])[1 + (hash(i * 3) % 3)::INT] AS category, "
        "TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds((hash(i * 7) % 8000000)::BIGINT) "
        "AS created_at FROM range($n) AS r(i))",
        {"n": n},
    )
    con.execute(journey_index.DDL)
    con.execute("CREATE TABLE parity_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")


def test_a_pairing_short_of_memory_is_done_in_parts_with_the_same_rows(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("SET threads = 2; SET temp_directory = $d", {"d": str(tmp_path / "spill")})
    synthetic_contacts(con, 400_000)
    journey_index.install(con)
    # a limit under which the whole pairing runs out of memory (DuckDB 2.0.0, two threads:
    # 38 MB, where 4 parts fit), searched, as the figure moves with the version
    parts, parted = 1, []
    for mb in (64, 52, 44, 38, 33, 29, 26, 23, 20, 17, 14, 12):
        con.execute(f"SET memory_limit = '{mb}MB'")
        try:
            journey_index.refresh(con, everyone=True)  # whole, as inside an import's transaction
        except duckdb.OutOfMemoryException:
            parts = journey_index.build_temporary(con)  # starts again in parts when short
            con.execute("SET memory_limit = '1GB'")  # to read it
            parted = index_tables(con, "temp.main")
            for table in ("journey_customers", "journey_next"):  # they shadow main.<table>
                con.execute(f"DROP TABLE temp.main.{table}")
            if parts > 1:
                break
    else:
        pytest.fail("no limit made the pairing start again in parts: the scenario tests nothing")
    assert parts in journey_index.PARTS_WHEN_SHORT
    journey_index.refresh(con, everyone=True)
    whole = index_tables(con, "main")
    assert len(whole[1]) > 300_000
    assert parted == whole
