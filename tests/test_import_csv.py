"""The canonical CSV importer: dialects, encodings, validation, line numbers, counts."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from parity import errors, schema
from parity.errors import InputFileError
from parity.importers.pipeline import FileResult, ImportOptions, import_files
from parity.store import Store

HEADER = ["contact_id", "channel", "created_at", "first_response_at", "resolved_at"]
GOOD = [
    ["1", "phone", "2026-03-02T09:00:00Z", "2026-03-02T09:05:00Z", "2026-03-02T10:00:00Z"],
    ["2", "email", "2026-03-02T09:00:00Z", "", ""],
    ["3", "social", "2026-03-02T09:00:00Z", "2026-03-02T09:01:00Z", ""],
]


def load(path: Path, **options: object) -> tuple[Store, FileResult]:
    store = Store.memory(key="test-key-0123456789")
    (result,) = import_files(store, [path], ImportOptions(**options))  # type: ignore[arg-type]
    return store, result


def rejects(store: Store) -> list[tuple[int, int, str, str]]:
    return [
        (int(r[0]), int(r[1]), str(r[2]), str(r[3]))
        for r in store.con.execute(
            "SELECT line, line_end, column_name, reason FROM rejects ORDER BY line"
        ).fetchall()
    ]


def accounted(result: FileResult) -> bool:
    return result.rows_read == result.rows_loaded + result.rows_rejected + result.rows_skipped


def test_good_rows_load_with_typed_values(make_csv):
    store, result = load(make_csv("a.csv", HEADER, GOOD))
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 3, 0)
    rows = store.con.execute(
        "SELECT contact_id, channel, epoch(first_response_at) - epoch(created_at) "
        "FROM contacts ORDER BY contact_id"
    ).fetchall()
    assert rows == [("1", "phone", 300.0), ("2", "email", None), ("3", "social", 60.0)]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("created_at", "yesterday", "bad_timestamp"),
        ("created_at", "1901-01-01", "timestamp_out_of_range"),
        ("first_response_at", "2026-03-02T08:00:00Z", "response_before_creation"),
        ("resolved_at", "2026-03-01T09:00:00Z", "resolution_before_creation"),
        ("hold_seconds", "-3", "negative_duration"),
        ("hold_seconds", "abc", "bad_duration"),
        ("handle_seconds", "-0:05:00", "negative_duration"),
        ("transfers", "1.5", "bad_count"),
        ("abandoned", "maybe", "bad_boolean"),
        ("remedy_amount", "-2", "negative_number"),
        ("remedy_amount", "inf", "bad_number"),
        ("csat", "7", "score_out_of_range"),
        ("contact_id", "", "missing_value"),
        ("channel", "", "missing_value"),
    ],
)
def test_each_rule_rejects_with_its_reason_and_line(make_csv, column, value, reason):
    header = [*HEADER, "hold_seconds", "handle_seconds", "transfers", "abandoned"]
    header += ["remedy_amount", "csat"]
    good = [*GOOD[0], "", "", "", "", "", ""]
    bad = dict(
        zip(
            header,
            ["9", "chat", "2026-03-02T09:00:00Z", "", "", "", "", "", "", "", ""],
            strict=False,
        )
    )
    bad[column] = value
    store, result = load(make_csv("a.csv", header, [good, [bad[h] for h in header], good[:]]))
    # the third row repeats contact 1 on phone: a duplicate
    assert accounted(result)
    assert result.rows_loaded == 1
    found = rejects(store)
    assert found[0] == (3, 3, column, reason)
    assert found[1][3] == "duplicate_contact"


def test_durations_accept_seconds_and_clock_formats(make_csv):
    header = ["contact_id", "channel", "created_at", "hold_seconds", "handle_seconds"]
    rows = [
        ["1", "phone", "2026-03-02T09:00:00Z", "1:02:03", "02:30"],
        ["2", "phone", "2026-03-02T09:00:00Z", "75.5", "0"],
    ]
    store, _ = load(make_csv("d.csv", header, rows))
    got = store.con.execute(
        "SELECT hold_seconds, handle_seconds FROM contacts ORDER BY contact_id"
    ).fetchall()
    assert got == [(3723.0, 150.0), (75.5, 0.0)]


@pytest.mark.parametrize("word", ["true", "TRUE", "1", "yes", "Y", "t"])
def test_boolean_words(make_csv, word):
    header = ["contact_id", "channel", "created_at", "abandoned", "remedy"]
    rows = [["1", "phone", "2026-03-02T09:00:00Z", word, "no"]]
    store, _ = load(make_csv("b.csv", header, rows))
    assert store.con.execute("SELECT abandoned, remedy FROM contacts").fetchall() == [(True, False)]


def test_timestamps_without_offset_use_the_configured_time_zone(tmp_path, make_csv):
    path = make_csv(
        "tz.csv", ["contact_id", "channel", "created_at"], [["1", "phone", "2026-07-01 10:00"]]
    )
    store = Store.memory(timezone="Europe/London", key="k" * 20)
    import_files(store, [path])
    (epoch,) = store.con.execute("SELECT epoch(created_at) FROM contacts").fetchone()  # type: ignore[misc]
    assert epoch == 1782896400.0  # 09:00 UTC: London is on BST in July


def test_multiline_quoted_fields_keep_physical_line_numbers(tmp_path):
    text = (
        "contact_id,channel,created_at,category\n"
        '1,phone,2026-03-02T09:00:00Z,"billing\nsecond line\nthird"\n'
        "2,phone,not-a-time,billing\n"
        '3,chat,2026-03-02T09:00:00Z,"a ""quoted"" word"\n'
        "4,chat,2026-13-40,x\n"
    )
    path = tmp_path / "m.csv"
    path.write_text(text)
    store, result = load(path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 2, 2)
    assert [(r[0], r[3]) for r in rejects(store)] == [(5, "bad_timestamp"), (7, "bad_timestamp")]
    categories = store.con.execute("SELECT category FROM contacts ORDER BY contact_id").fetchall()
    assert categories == [("billing\nsecond line\nthird",), ('a "quoted" word',)]


def test_malformed_rows_are_rejected_with_their_lines_and_the_rest_loads(tmp_path):
    text = (
        "contact_id,channel,created_at\n"
        "1,phone,2026-03-02T09:00:00Z\n"
        "2,phone,2026-03-02T09:00:00Z,extra\n"
        "3,phone\n"
        "4,phone,2026-03-02T09:00:00Z\n"
    )
    path = tmp_path / "bad.csv"
    path.write_text(text)
    store, result = load(path)
    assert (result.rows_loaded, result.rows_rejected) == (2, 2)
    assert [(r[0], r[3]) for r in rejects(store)] == [(3, "malformed_row"), (4, "malformed_row")]


def test_blank_lines_are_skipped_and_counted(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text(
        "contact_id,channel,created_at\n\n1,phone,2026-03-02T09:00:00Z\n\n\nx,phone,bad\n"
    )
    store, result = load(path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected, result.rows_skipped) == (
        5,
        1,
        1,
        3,
    )
    assert rejects(store)[0][0] == 6


def test_preamble_lines_before_the_header_are_skipped(tmp_path):
    path = tmp_path / "pre.csv"
    path.write_text(
        "Contact export\nGenerated 2026-03-03\n"
        "contact_id,channel,created_at\n1,phone,2026-03-02T09:00:00Z\n2,chat,bad\n"
    )
    store, result = load(path)
    assert (result.rows_read, result.rows_loaded, result.rows_skipped) == (4, 1, 2)
    assert rejects(store)[0][:1] == (5,)
    assert any("preamble" in n for n in result.notes)


@pytest.mark.parametrize(
    ("delimiter", "newline", "encoding", "bom"),
    [
        (";", "\n", "utf-8", b""),
        ("\t", "\r\n", "utf-8", b""),
        ("|", "\n", "utf-8", codecs.BOM_UTF8),
        (",", "\r\n", "utf-8", codecs.BOM_UTF8),
        (",", "\n", "latin-1", b""),
        (",", "\r", "utf-8", b""),
    ],
)
def test_dialects_encodings_and_line_endings(tmp_path, delimiter, newline, encoding, bom):
    rows = [["1", "phone", "2026-03-02T09:00:00Z", "Café crème"], ["2", "chat", "bad", "x"]]
    lines = [delimiter.join(["contact_id", "channel", "created_at", "category"])]
    lines += [delimiter.join(r) for r in rows]
    path = tmp_path / "d.csv"
    path.write_bytes(bom + (newline.join(lines) + newline).encode(encoding))
    store, result = load(path)
    assert (result.rows_loaded, result.rows_rejected, result.delimiter) == (1, 1, delimiter)
    assert store.con.execute("SELECT category FROM contacts").fetchall() == [("Café crème",)]
    assert rejects(store)[0][0] == 3


def test_utf16_is_transcoded(tmp_path):
    text = "contact_id,channel,created_at,category\r\n1,phone,2026-03-02T09:00:00Z,Ünïcode\r\n"
    path = tmp_path / "u16.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    store, result = load(path)
    assert result.rows_loaded == 1
    assert store.con.execute("SELECT category FROM contacts").fetchall() == [("Ünïcode",)]


def test_mixed_line_endings_are_normalised_not_lost(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b"contact_id,channel,created_at\r\n1,phone,2026-03-02T09:00:00Z\n2,chat,bad\r\n"
        b"3,chat,2026-03-02T09:00:00Z\n"
    )
    store, result = load(path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
    assert rejects(store)[0][0] == 3


def test_invalid_utf8_row_is_rejected_not_the_file(tmp_path):
    path = tmp_path / "enc.csv"
    path.write_bytes(
        "contact_id,channel,created_at,category\n1,phone,2026-03-02T09:00:00Z,Zoë\n".encode()
        + b"2,phone,2026-03-02T09:00:00Z,bad\xff\xfebyte\n"
    )
    store, result = load(path)
    assert (result.rows_loaded, result.rows_rejected) == (1, 1)
    assert rejects(store)[0][0] == 3
    assert rejects(store)[0][3] == "invalid_encoding"


def test_customer_ids_are_pseudonymised_with_a_keyed_sha256(make_csv):
    path = make_csv(
        "c.csv",
        ["contact_id", "channel", "created_at", "customer_id"],
        [["1", "phone", "2026-03-02T09:00:00Z", "alice@example.com"]],
    )
    store, _ = load(path)
    (stored,) = store.con.execute("SELECT customer_id FROM contacts").fetchone()  # type: ignore[misc]
    # SHA-256 over the 64-byte key block (key XOR 0x36, HMAC's inner pad) and the id
    block = bytes(b ^ 0x36 for b in b"test-key-0123456789".ljust(64, b"\0"))
    expected = hashlib.sha256(block + b"alice@example.com").hexdigest()
    assert stored == expected[:24]
    assert "alice" not in stored


def test_channel_option_and_aliases(make_csv):
    path = make_csv("x.csv", ["contact_id", "created_at"], [["1", "2026-03-02T09:00:00Z"]])
    store, _ = load(path, channel="Phone")
    assert store.con.execute("SELECT channel FROM contacts").fetchall() == [("phone",)]
    path2 = make_csv(
        "y.csv", ["contact_id", "channel", "created_at"], [["1", "Twitter", "2026-03-02T09:00:00Z"]]
    )
    store2, _ = load(path2, aliases={"twitter": "social"})
    assert store2.con.execute("SELECT channel FROM contacts").fetchall() == [("social",)]


def test_header_names_match_leniently_and_unknown_columns_are_noted(make_csv):
    path = make_csv(
        "h.csv",
        ["Contact ID", "CHANNEL", " created-at ", "notes"],
        [["1", "phone", "2026-03-02T09:00:00Z", "hello"]],
    )
    _, result = load(path)
    assert result.rows_loaded == 1
    assert any("notes" in n for n in result.notes)


def test_missing_required_column_is_one_clear_error(make_csv):
    path = make_csv("m.csv", ["contact_id", "channel", "first_response_at"], [["1", "phone", ""]])
    with pytest.raises(InputFileError) as info:
        load(path)
    assert info.value.message == errors.MISSING_COLUMN.format(
        file=path, line=1, column="created_at"
    )


def test_duplicate_header_column_is_an_error(make_csv):
    path = make_csv(
        "dup.csv",
        ["contact_id", "channel", "created_at", "Channel"],
        [["1", "phone", "2026-03-02T09:00:00Z", "x"]],
    )
    with pytest.raises(InputFileError, match="appears twice"):
        load(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"contact_id,channel,created_at\n", "no data rows"),
        (b"\n\n\n", "the file is empty"),
        (b"foo,bar\n1,2\n", "no header found"),
    ],
)
def test_empty_or_headerless_files_are_user_errors(tmp_path, content, expected):
    path = tmp_path / "e.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=expected):
        load(path)


def test_every_record_is_accounted_for_on_the_sample_data():
    from tests.conftest import SAMPLE_DATA

    store = Store.memory()
    results = import_files(store, [SAMPLE_DATA])
    assert {r.path.name for r in results} == {"chat.csv", "email.csv", "phone.csv", "social.csv"}
    for r in results:
        lines = r.path.read_bytes().count(b"\n")
        assert r.rows_read == lines - 1  # no multi-line fields in the sample
        assert accounted(r)
        assert r.rows_rejected == 0


def test_rows_of_a_file_read_in_parallel_keep_their_numbers_and_lines(tmp_path):
    # Large enough (60 MB) for DuckDB to split the file between threads, which without
    # preserve_insertion_order returns most rows out of file order: the staged table's
    # row numbers (contact keys) and the rejects' physical lines still follow the file.
    # Every canonical column, so every parsing expression is in the staging: DuckDB 2.0
    # planned the booleans' word lists as joins, which lost the order (lines misreported).
    n, bad, multiline = 300_000, {7, 123_457, 299_999}, 200_000
    lines = [",".join(c.name for c in schema.COLUMNS)]
    wide = "billing " * 12
    words = ("true", "no", "1", "F", "yes", "")
    for i in range(1, n + 1):
        created = "not-a-time" if i in bad else "2026-03-02T09:00:00Z"
        category = '"two\nlines\nthree"' if i == multiline else wide
        flags = [words[(i + k) % len(words)] for k in range(3)]
        lines.append(
            f"{i},{'phone' if i % 2 else 'chat'},{created},2026-03-02T09:05:00Z,"
            f"2026-03-02T10:00:00Z,{i % 600},1:{i % 60:02d}:05,{i % 3},{flags[0]},{flags[1]},"
            f"{flags[2]},{i % 50}.5,{1 + i % 5},{category},C{i % 997},web,consumer,tier1,"
        )
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    store, result = load(path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (n, n - 3, 3)
    expected = [i + 1 + (2 if i > multiline else 0) for i in sorted(bad)]
    assert [r[0] for r in rejects(store)] == expected
    (misnumbered,) = store.con.execute(
        "SELECT count(*) FROM contacts WHERE contact_key % $stride <> CAST(contact_id AS BIGINT)",
        {"stride": 1 << 40},
    ).fetchone()  # type: ignore[misc]
    assert misnumbered == 0
