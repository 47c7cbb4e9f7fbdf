"""Parquet and JSON Lines exports go through the same validation as CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from parity.errors import InputFileError
from parity.importers.pipeline import import_files
from parity.store import Store


def test_parquet_rows_validate_like_csv(tmp_path: Path) -> None:
    table = pa.table(
        {
            "contact_id": ["1", "2", "3"],
            "channel": ["phone", "chat", "chat"],
            "created_at": pa.array(
                ["2026-03-02T09:00:00Z", "2026-03-02T09:00:00Z", "2026-03-02T09:00:00Z"]
            ),
            "first_response_at": ["2026-03-02T09:02:00Z", None, "2026-03-02T08:00:00Z"],
            "hold_seconds": pa.array([30.0, None, None]),
            "abandoned": pa.array([False, True, None]),
        }
    )
    path = tmp_path / "c.parquet"
    pq.write_table(table, path)
    store = Store.memory()
    (r,) = import_files(store, [path])
    assert (r.fmt, r.rows_read, r.rows_loaded, r.rows_rejected) == ("parquet", 3, 2, 1)
    assert store.con.execute("SELECT line, reason FROM rejects").fetchall() == [
        (3, "response_before_creation")
    ]
    got = store.con.execute(
        "SELECT contact_id, hold_seconds, abandoned FROM contacts ORDER BY contact_id"
    ).fetchall()
    assert got == [("1", 30.0, False), ("2", None, True)]


def test_parquet_native_timestamps(tmp_path: Path) -> None:
    import datetime as dt

    table = pa.table(
        {
            "contact_id": ["1"],
            "channel": ["phone"],
            "created_at": pa.array([dt.datetime(2026, 3, 2, 9, 0)], type=pa.timestamp("us")),
            "first_response_at": pa.array(
                [dt.datetime(2026, 3, 2, 9, 1, tzinfo=dt.UTC)], type=pa.timestamp("us", tz="UTC")
            ),
        }
    )
    path = tmp_path / "t.parquet"
    pq.write_table(table, path)
    store = Store.memory()
    import_files(store, [path])
    (wait,) = store.con.execute(
        "SELECT epoch(first_response_at) - epoch(created_at) FROM contacts"
    ).fetchone()  # type: ignore[misc]
    assert wait == 60.0


def test_a_file_named_parquet_that_is_not_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_text("contact_id,channel\n")
    with pytest.raises(InputFileError, match="Parquet"):
        import_files(Store.memory(), [path])


def test_jsonl_lines_blank_and_malformed(tmp_path: Path) -> None:
    lines = [
        json.dumps({"contact_id": "1", "channel": "social", "created_at": "2026-03-02T09:00:00Z"}),
        "",
        "{not json",
        json.dumps(
            {
                "contact_id": 2,
                "channel": "social",
                "created_at": "2026-03-02T09:00:00Z",
                "csat": 5,
                "remedy": True,
                "category": 'a "quoted", comma',
            }
        ),
        json.dumps([1, 2, 3]),
        json.dumps({"contact_id": "3", "channel": "social", "created_at": "nope"}),
    ]
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(lines) + "\n")
    store = Store.memory()
    (r,) = import_files(store, [path])
    assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_skipped) == (6, 2, 3, 1)
    assert store.con.execute("SELECT line, reason FROM rejects ORDER BY line").fetchall() == [
        (3, "malformed_row"),
        (5, "malformed_row"),
        (6, "bad_timestamp"),
    ]
    got = store.con.execute(
        "SELECT contact_id, csat, remedy, category FROM contacts ORDER BY contact_id"
    ).fetchall()
    assert got == [("1", None, None, None), ("2", 5.0, True, 'a "quoted", comma')]


def test_jsonl_lines_read_in_parallel_keep_their_numbers_and_lines(tmp_path: Path) -> None:
    """Large enough (about 50 MB) for DuckDB to split the file between threads: the lines
    are numbered by the table they are read into, in file order, so contact keys and the
    rejects' lines still follow the file, with blank and malformed lines among them."""
    n, bad, blank, broken = 200_000, {5, 98_765, 199_999}, 150_000, 42_000
    wide = "billing " * 20
    lines = []
    for i in range(1, n + 1):
        if i == blank:
            lines.append("")
            continue
        if i == broken:
            lines.append('{"contact_id": "oops"')
            continue
        created = "not-a-time" if i in bad else "2026-03-02T09:00:00Z"
        lines.append(
            json.dumps(
                {"contact_id": str(i), "channel": "phone" if i % 2 else "chat",
                 "created_at": created, "agent": {"team": "t1", "name": wide}}
            )
        )  # fmt: skip
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n")
    store = Store.memory()
    (r,) = import_files(store, [path])
    assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_skipped) == (n, n - 5, 4, 1)
    found = store.con.execute("SELECT line, reason FROM rejects ORDER BY line").fetchall()
    assert found == sorted([*((i, "bad_timestamp") for i in bad), (broken, "malformed_row")])
    (misnumbered,) = store.con.execute(
        "SELECT count(*) FROM contacts WHERE contact_key % $stride <> CAST(contact_id AS BIGINT)",
        {"stride": 1 << 40},
    ).fetchone()  # type: ignore[misc]
    assert misnumbered == 0  # a record's number is its line: the blank line is counted too
