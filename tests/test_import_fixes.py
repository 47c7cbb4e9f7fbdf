"""Regression tests for the importer bugs the polluted-input corpus found (tests/corpus)."""

from __future__ import annotations

from pathlib import Path

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
