"""Regression tests for the importer bugs the polluted-input corpus found (tests/corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.importers.pipeline import FileResult, import_files
from parity.importers.scan import index_records
from parity.store import Store

HEAD = "contact_id,channel,created_at,category,transfers,hold_seconds,resolved_at\n"
ROW = "{id},phone,2026-03-02T09:00:00Z,{cat},{transfers},{hold},{resolved}\n"


def row(id: str, cat: str = "x", transfers: str = "0", hold: str = "", resolved: str = "") -> str:
    return ROW.format(id=id, cat=cat, transfers=transfers, hold=hold, resolved=resolved)


def load(path: Path) -> tuple[Store, FileResult]:
    store = Store.memory(key="k" * 20)
    (result,) = import_files(store, [path])
    return store, result


def rejects(store: Store) -> list[tuple[int, int, str]]:
    rows = store.con.execute("SELECT line, line_end, reason FROM rejects ORDER BY line").fetchall()
    return [(int(a), int(b), str(c)) for a, b, c in rows]


def test_an_unclosed_quote_ends_on_the_files_last_line_not_one_after(tmp_path: Path) -> None:
    # scan.py counted a line after the final line break when that break was inside the quote
    path = tmp_path / "q.csv"
    path.write_text(HEAD + row("1") + row("2", cat='"open') + row("3"))
    index = index_records(path, delimiter=",")
    assert (index.physical_lines, index.count, index.unterminated_quote) == (4, 3, True)
    assert index.span(3) == (3, 4)
    store, _ = load(path)
    assert rejects(store) == [(3, 4, "unterminated_quote")]


def test_a_count_beyond_any_integer_rejects_its_row_not_the_file(tmp_path: Path) -> None:
    # the final CAST to INTEGER ran on rejected rows too and failed the whole import
    path = tmp_path / "n.csv"
    path.write_text(HEAD + row("1") + row("2", transfers="99999999999999999999"))
    store, result = load(path)
    assert (result.rows_loaded, result.rows_rejected) == (1, 1)
    assert rejects(store) == [(3, 3, "bad_count")]


@pytest.mark.parametrize("word", ["epoch", "infinity", "-infinity", "Infinity"])
def test_words_duckdb_casts_to_timestamps_are_not_timestamps(tmp_path: Path, word: str) -> None:
    # TRY_CAST('epoch' AS TIMESTAMPTZ) is 1970-01-01: it loaded as a contact from 1970
    path = tmp_path / "t.csv"
    path.write_text(HEAD + row("1") + row("2", resolved=word))
    store, _ = load(path)
    assert rejects(store) == [(3, 3, "bad_timestamp")]


@pytest.mark.parametrize(
    ("clock", "seconds"),
    [("1:75:00", None), ("0:05:60", None), ("75:30", 4530.0), ("1:02:03", 3723.0), ("9:59", 599.0)],
)
def test_clock_minutes_and_seconds_stay_below_sixty(tmp_path: Path, clock, seconds) -> None:
    # "1:75:00" was read as 1 h 75 min
    path = tmp_path / "d.csv"
    path.write_text(HEAD + row("1", hold=clock))
    store, _ = load(path)
    if seconds is None:
        assert rejects(store) == [(2, 2, "bad_duration")]
    else:
        assert store.con.execute("SELECT hold_seconds FROM contacts").fetchall() == [(seconds,)]
