"""What a profile does to the raw columns: each mapping feature, its rejects and its counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from parity.importers.pipeline import FileResult, ImportOptions, import_files
from parity.store import Store
from tests.conftest import contacts, write_csv

HEAD = """
name = "t"
title = "test export"
source_system = "tests"
"""


def required(contact: str, channel: str, created: str) -> str:
    """The three required columns: contact id and creation from columns, a constant channel."""
    return (
        f'[columns.contact_id]\nfrom = "{contact}"\n[columns.channel]\nvalue = "{channel}"\n'
        f'[columns.created_at]\nfrom = "{created}"\n'
    )


def run(tmp_path: Path, columns: str, export: str) -> tuple[Store, FileResult]:
    """Import the CSV text `export` with a profile made of HEAD and `columns`."""
    path = tmp_path / "export.csv"
    path.write_text(export)
    return load(tmp_path, columns, path)


def load(tmp_path: Path, columns: str, export: Path) -> tuple[Store, FileResult]:
    profile = tmp_path / "t.toml"
    profile.write_text(HEAD + columns)
    store = Store.memory(key="test-key-0123456789")
    (result,) = import_files(store, [export], ImportOptions(profile=str(profile)))
    assert result.rows_read == result.rows_loaded + result.rows_rejected + result.rows_skipped
    return store, result


def rejects(store: Store) -> list[tuple[int, str, str, str | None]]:
    return [
        (int(r[0]), str(r[1]), str(r[2]), r[3])
        for r in store.con.execute(
            "SELECT line, column_name, reason, value FROM rejects ORDER BY line"
        ).fetchall()
    ]


CREATED_UTC = "strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M')"


BASIC = """
[columns.contact_id]
from = "Ref"
[columns.channel]
from = "Medium"
map = { "Voice In" = "phone", "Tweet" = "social", "Portal" = "" }
[columns.subchannel]
from = "Medium"
[columns.created_at]
from = "Opened"
format = "%m/%d/%Y %I:%M %p"
"""


def test_value_map_keeps_the_original_as_subchannel_and_unmapped_values_as_they_are(
    tmp_path: Path,
) -> None:
    export = """Ref,Medium,Opened
1,Voice In,03/02/2026 09:05 AM
2, tweet ,03/02/2026 01:30 PM
3,Fax,03/02/2026 02:00 PM
4,Portal,03/02/2026 02:00 PM
"""
    store, result = run(tmp_path, BASIC, export)
    got = contacts(store, f"contact_id, channel, subchannel, {CREATED_UTC}")
    assert got == [
        ("1", "phone", "Voice In", "2026-03-02 09:05"),
        ("2", "social", "tweet", "2026-03-02 13:30"),
        ("3", "fax", "Fax", "2026-03-02 14:00"),
    ]
    # a value mapped to "" is empty: the required channel is missing
    assert rejects(store) == [(5, "channel", "missing_value", None)]
    assert result.columns == ["channel", "contact_id", "created_at", "subchannel"]


def test_a_value_that_does_not_fit_the_format_is_rejected_with_its_line_and_raw_value(
    tmp_path: Path,
) -> None:
    export = "Ref,Medium,Opened\n1,Voice In,03/02/2026 09:05 AM\n2,Voice In,2026-03-02 9:05\n"
    store, result = run(tmp_path, BASIC, export)
    assert (result.rows_loaded, result.rows_rejected) == (1, 1)
    assert rejects(store) == [(3, "created_at", "bad_timestamp", "2026-03-02 9:05")]


def test_joined_date_and_time_read_in_the_profiles_time_zone(tmp_path: Path) -> None:
    columns = """
timezone = "America/Chicago"
[columns.contact_id]
from = "CASE ID"
[columns.channel]
value = "phone"
[columns.created_at]
from = ["CREATION DATE", "CREATION TIME"]
format = "%m/%d/%Y %I:%M %p"
[columns.resolved_at]
from = ["CLOSED DATE", "CREATION TIME"]
format = "%m/%d/%Y %I:%M %p"
only_if = [{ column = "STATUS", in = ["resol"] }]
"""
    export = """CASE ID,CREATION DATE,CREATION TIME,CLOSED DATE,STATUS
1,11/16/2019,02:55 PM,11/22/2019,RESOL
2,11/16/2019,02:55 PM,11/18/2019,CANC
3,11/16/2019,02:55 PM,,OPEN
"""
    store, _ = run(tmp_path, columns, export)
    days = "(epoch(resolved_at) - epoch(created_at)) / 86400"
    got = contacts(store, f"contact_id, {CREATED_UTC}, {days}")
    # 14:55 in Chicago (CST, UTC-6) is 20:55 UTC; resolved six whole days later
    assert got == [
        ("1", "2019-11-16 20:55", 6.0),
        ("2", "2019-11-16 20:55", None),  # cancelled: closed, not resolved
        ("3", "2019-11-16 20:55", None),
    ]


FLAGS = (
    required("id", "phone", "start")
    + """
[columns.abandoned]
from = "outcome"
true = ["HANG"]
false = ["AGENT"]
[columns.reopened]
from = "reopens"
nonzero = true
[columns.transfers]
when_all = [{ column = "transferred_at", present = true }]
[columns.remedy]
when_all = [{ column = "action", in = ["refund", "credit"] }, { column = "amount", present = true }]
[columns.customer_id]
from = "customer"
null_values = ["0", "n/a"]
"""
)
FLAG_HEADER = "id,start,outcome,reopens,transferred_at,action,amount,customer\n"


def test_boolean_words_nonzero_counts_derived_flags_and_null_values(tmp_path: Path) -> None:
    rows = """1,2026-03-02T09:00:00Z,HANG,0,,refund,10,0
2,2026-03-02T09:00:00Z,agent,2,2026-03-02T09:10:00Z,refund,,N/A
3,2026-03-02T09:00:00Z,AGENT,,,apology,5,c-7
"""
    store, _ = run(tmp_path, FLAGS, FLAG_HEADER + rows)
    got = contacts(
        store,
        "contact_id, abandoned, reopened, transfers, remedy, customer_id IS NULL",
    )
    assert got == [
        ("1", True, False, 0, True, True),
        ("2", False, True, 1, False, True),
        ("3", False, None, 0, False, False),
    ]


def test_an_unknown_boolean_word_or_non_number_is_rejected_not_guessed(tmp_path: Path) -> None:
    rows = "1,2026-03-02T09:00:00Z,PHANTOM,0,,,,\n2,2026-03-02T09:00:00Z,AGENT,lots,,,,\n"
    store, result = run(tmp_path, FLAGS, FLAG_HEADER + rows)
    assert result.rows_rejected == 2
    assert rejects(store) == [
        (2, "abandoned", "bad_boolean", "PHANTOM"),
        (3, "reopened", "bad_boolean", "lots"),
    ]


def test_durations_in_milliseconds_and_timestamps_counted_from_another(tmp_path: Path) -> None:
    columns = (
        required("id", "chat", "created")
        + """
format = ["%Y-%m-%d %H:%M:%S %z", "iso8601"]
[columns.first_response_at]
from = "reply_min"
after = "created_at"
unit = "minutes"
[columns.handle_seconds]
from = "talk_ms"
unit = "milliseconds"
[columns.hold_seconds]
from = "hold"
"""
    )
    export = """id,created,reply_min,talk_ms,hold
1,2026-03-02 10:00:00 +0100,2.5,90500,0:01:30
2,2026-03-02T09:00:00Z,,1000,45
3,2026-03-02T09:00:00Z,soon,,
"""
    store, _ = run(tmp_path, columns, export)
    got = contacts(
        store,
        "contact_id, strftime(created_at AT TIME ZONE 'UTC', '%H:%M'), "
        "epoch(first_response_at) - epoch(created_at), handle_seconds, hold_seconds",
    )
    assert got == [("1", "09:00", 150.0, 90.5, 90.0), ("2", "09:00", None, 1.0, 45.0)]
    assert rejects(store) == [(4, "first_response_at", "bad_timestamp", "soon")]


def test_skip_rules_count_rows_by_reason_and_only_contacts_are_loaded(tmp_path: Path) -> None:
    columns = (
        required("id", "phone", "start")
        + """
[[skip]]
reason = "outbound_call"
why = "the agent called"
when = [{ column = "direction", in = ["out"] }]

[[skip]]
reason = "test_call"
why = "a test"
when = [{ column = "direction", not_in = ["out", "in"] }, { column = "id", present = true }]
"""
    )
    export = """id,start,direction
1,2026-03-02T09:00:00Z,in
2,not a time,out
3,2026-03-02T09:00:00Z,test
4,2026-03-02T09:00:00Z,in
,,
"""
    store, result = run(tmp_path, columns, export)  # row 2 is skipped, so never validated
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (5, 2, 1)
    assert result.skipped_by_reason == {"outbound_call": 1, "test_call": 1}
    assert rejects(store) == [(6, "contact_id", "missing_value", None)]
    ledger = store.con.execute("SELECT reason, rows, why FROM import_skips ORDER BY 1").fetchall()
    assert ledger == [("outbound_call", 1, "the agent called"), ("test_call", 1, "a test")]


def test_optional_columns_absent_from_the_header_are_left_out_never_zero(tmp_path: Path) -> None:
    columns = (
        BASIC
        + """
[columns.csat]
from = "Rating"
map = { "good" = "5", "bad" = "1", "offered" = "" }
optional = true
"""
    )
    store, result = run(tmp_path, columns, "Ref,Medium,Opened\n1,Tweet,03/02/2026 09:05 AM\n")
    assert "csat" not in result.columns
    with_rating = tmp_path / "rated.csv"
    with_rating.write_text(
        "Ref,Medium,Opened,Rating\n2,Tweet,03/02/2026 09:05 AM,Good\n3,Tweet,03/02/2026 09:06 AM,\n"
    )
    (rated,) = import_files(store, [with_rating], ImportOptions(profile=str(tmp_path / "t.toml")))
    assert "csat" in rated.columns
    got = store.con.execute("SELECT contact_id, csat FROM contacts ORDER BY 1").fetchall()
    assert got == [("1", None), ("2", 5.0), ("3", None)]


@pytest.mark.parametrize("hostile", ["x'); DROP TABLE contacts; --", '" OR 1=1 --', "$p0_"])
def test_values_and_names_from_a_profile_never_become_sql(tmp_path: Path, hostile: str) -> None:
    escaped = hostile.replace("\\", "\\\\").replace('"', '\\"')
    columns = f"""
[columns.contact_id]
from = "{escaped}"
[columns.channel]
from = "Medium"
map = {{ "{escaped}" = "{escaped}" }}
[columns.created_at]
from = "Opened"
"""
    export = write_csv(
        tmp_path / "x.csv", [hostile, "Medium", "Opened"], [["1", hostile, "2026-03-02T09:00:00Z"]]
    )
    store, result = load(tmp_path, columns, export)
    assert result.rows_loaded == 1
    assert store.con.execute("SELECT contact_id, channel FROM contacts").fetchall() == [
        ("1", hostile.lower())
    ]
