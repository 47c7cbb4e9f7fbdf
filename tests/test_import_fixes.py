"""Regression tests for the importer bugs the polluted-input corpus found (tests/corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.errors import InputFileError
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


def test_windows_1252_bytes_load_instead_of_failing_the_file(tmp_path: Path) -> None:
    # DuckDB's latin-1 reader refuses 0x80–0x9F ("File is not latin-1 encoded"): exit 2
    path = tmp_path / "w.csv"
    path.write_bytes((HEAD + row("1", cat="“late” €") + row("2", cat="Café")).encode("cp1252"))
    store, result = load(path)
    assert result.encoding == "windows-1252"
    got = store.con.execute("SELECT category FROM contacts ORDER BY contact_id").fetchall()
    assert got == [("“late” €",), ("Café",)]


def test_a_transcoded_cr_only_file_keeps_its_lines(tmp_path: Path) -> None:
    # transcoding turned every lone CR into a space: the whole file became one line
    path = tmp_path / "cr.csv"
    text = (HEAD + row("1", cat="Zoë") + row("2")).replace("\n", "\r")
    path.write_bytes(text.encode("utf-16"))
    _, result = load(path)
    assert (result.rows_read, result.rows_loaded) == (2, 2)


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"PK\x03\x04" + bytes(200), "a ZIP archive, such as an Excel workbook"),
        (bytes(range(256)) * 8, "binary content"),
        ("contact_id,channel\n1,phone\n".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
    ],
)
def test_files_that_are_not_text_are_refused_saying_what_they_are(
    tmp_path: Path, data: bytes, phrase: str
) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(data)
    with pytest.raises(InputFileError, match="not a text file") as info:
        load(path)
    assert phrase in info.value.message


def test_a_second_header_refuses_the_file_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text(HEAD + row("1") + HEAD + row("2"))
    with pytest.raises(InputFileError, match=r"two\.csv:3: a second header"):
        load(path)


def test_a_nul_byte_in_a_field_rejects_the_row(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_text(HEAD + row("1", cat="a\0b") + row("2"))
    store, _ = load(path)
    assert rejects(store) == [(2, 2, "invalid_encoding")]
    assert store.con.execute("SELECT count(*) FROM contacts").fetchone() == (1,)


def test_notes_after_the_last_row_are_a_footer_unless_they_look_like_data(tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text(HEAD + row("1") + "\nTotal: 1 contact\nExported by X\n")
    _, result = load(notes)
    assert result.skipped_by_reason == {"blank_line": 1, "footer": 2}
    damaged = tmp_path / "damaged.csv"
    damaged.write_text(HEAD + row("1") + "Total: 1 contact\n2;phone;2026-03-02\n")
    store, result = load(damaged)
    assert result.skipped_by_reason == {}
    assert [r[2] for r in rejects(store)] == ["malformed_row", "malformed_row"]


def test_broken_utf16_is_refused_as_a_user_error_naming_the_place(tmp_path: Path) -> None:
    # the strict UTF-16 decoder's UnicodeDecodeError escaped as "unexpected", exit 3
    path = tmp_path / "u16.csv"
    good = (HEAD + row("1")).encode("utf-16-le")
    path.write_bytes(b"\xff\xfe" + good + b"\x00\xdc" + row("2").encode("utf-16-le"))
    with pytest.raises(InputFileError, match=r"cannot be read as UTF-16: invalid bytes near byte"):
        load(path)


def test_a_second_import_on_the_same_connection_sees_only_its_own_rejects(tmp_path: Path) -> None:
    # DuckDB appends to an existing rejects table: the second import counted the first's
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HEAD + row("1") + "2,phone\n" + row("3"))
    second.write_text(HEAD + row("4") + row("5") + "6,phone\n")
    store = Store.memory(key="k" * 20)
    import_files(store, [first])
    (result,) = import_files(store, [second])
    assert (result.rows_loaded, result.rows_rejected) == (2, 1)
    got = store.con.execute("SELECT file_name, line FROM rejects ORDER BY ALL").fetchall()
    assert got == [("a.csv", 3), ("b.csv", 4)]
    assert store.con.execute("SELECT count(*) FROM contacts").fetchone() == (4,)
