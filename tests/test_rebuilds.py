"""Formats that are not one contact per row: reply threads, repeated records, call-log clocks."""

from __future__ import annotations

import json
from pathlib import Path

from parity.importers.pipeline import FileResult, ImportOptions, import_files
from parity.store import Store
from tests.conftest import contacts, write_csv

TWCS_HEADER = ["", "tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
               "in_response_to_tweet_id"]  # fmt: skip


def tweet(
    n: int, author: str, inbound: bool, at: str, text: str, parent: int | None = None
) -> list[object]:
    stamp = f"Tue Oct 31 {at} +0000 2017" if ":" in at else at
    return [n, n, author, str(inbound), stamp, text, "", "" if parent is None else f"{parent}.0"]


TWEETS = [
    tweet(11, "sprintcare", False, "10:05:00", "@115712 Sorry! DM us.", 10),  # before its parent
    tweet(10, "115712", True, "10:00:00", "@sprintcare my bill is wrong"),
    tweet(12, "115712", True, "10:07:00", "@sprintcare done", 11),
    tweet(13, "sprintcare", False, "10:09:00", "@115712 Fixed.", 12),
    tweet(20, "223344", True, "11:00:00", "@AppleSupport @sprintcare phone dead"),  # unanswered
    tweet(30, "556677", True, "12:00:00", "@applesupport help"),
    tweet(31, "AppleSupport", False, "12:20:00", "@556677 Try a restart.", 30),
    tweet(32, "AppleSupport", False, "12:30:00", "@556677 Any luck?", 31),
    tweet(40, "sprintcare", False, "13:00:00", "Outage in Kansas, we are on it"),
    tweet(41, "778899", True, "13:05:00", "@sprintcare finally", 40),
    tweet(50, "990011", True, "14:00:00", "@sprintcare as I said", 999),  # its start is missing
    tweet(51, "sprintcare", False, "14:02:00", "@990011 Sorry", 50),
    tweet(60, "121212", True, "15:00:00", "@AppleSupport screen broken"),
    tweet(61, "121212", True, "15:10:00", "@AppleSupport hello??", 60),
    tweet(62, "AppleSupport", False, "15:40:00", "@121212 Sorry for the wait", 61),
    tweet(70, "343434", True, "yesterday", "@sprintcare bad clock"),
]


def load(path: Path, **options: object) -> tuple[Store, FileResult]:
    store = Store.memory(key="test-key-0123456789")
    (result,) = import_files(store, [path], ImportOptions(**options))  # type: ignore[arg-type]
    assert result.rows_read == result.rows_loaded + result.rows_rejected + result.rows_skipped
    return store, result


def outcome(result: FileResult) -> tuple[object, ...]:
    """Profile, rows read / loaded / rejected, and the skipped rows by reason."""
    return (
        result.profile,
        result.rows_read,
        result.rows_loaded,
        result.rows_rejected,
        result.skipped_by_reason,
    )


def test_twcs_threads_become_conversations_and_every_tweet_is_accounted_for(
    tmp_path: Path,
) -> None:
    store, result = load(write_csv(tmp_path / "twcs.csv", TWCS_HEADER, TWEETS))
    skipped = {"company_initiated": 2, "merged_into_conversation": 7, "thread_start_missing": 2}
    assert outcome(result) == ("twcs", 16, 4, 1, skipped)
    wait = "epoch(first_response_at) - epoch(created_at)"
    got = contacts(store, f"contact_id, channel, subchannel, agent_team, {wait}")
    assert got == [
        ("10", "social", "twitter", "sprintcare", 300.0),
        ("20", "social", "twitter", "AppleSupport", None),  # unanswered: first company @handle
        ("30", "social", "twitter", "AppleSupport", 1200.0),  # the first of two replies
        ("60", "social", "twitter", "AppleSupport", 2400.0),  # replied to the follow-up
    ]
    assert store.con.execute("SELECT line, column_name, reason, value FROM rejects").fetchall() == [
        (17, "created_at", "bad_timestamp", "yesterday")
    ]


def test_twcs_by_company_makes_each_brand_an_analysis_group(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "twcs.csv", TWCS_HEADER, TWEETS)
    store, result = load(path, profile="twcs-by-company")
    assert (result.profile, result.rows_loaded) == ("twcs-by-company", 4)
    got = store.con.execute(
        "SELECT channel, count(*), count(first_response_at), any_value(agent_team) "
        "FROM contacts GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert got == [("applesupport", 3, 2, None), ("sprintcare", 1, 1, None)]


BANK_HEADER = ["vru+line", "call_id", "customer_id", "priority", "type", "date", "vru_entry",
               "vru_exit", "vru_time", "q_start", "q_exit", "q_time", "outcome", "ser_start",
               "ser_exit", "ser_time", "server"]  # fmt: skip
CALLS = [
    ["AA0101", "1", "0", "0", "PS", "990201", "7:02:47", "7:02:56", "9", "0:00:00", "0:00:00",
     "0", "AGENT", "7:02:55", "7:05:41", "166", "DORIT"],
    ["AA0101", "2", "48178511", "2", "IN", "990201", "8:19:42", "8:19:47", "5", "8:19:47",
     "8:20:21", "34", "AGENT", "8:20:20", "8:22:04", "104", "MICHAL"],
    ["AA0102", "2", "0", "1", "NW", "990201", "9:00:00", "9:00:10", "10", "9:00:10", "9:01:10",
     "60", "HANG", "0:00:00", "0:00:00", "0", "NO_SERVER"],
    ["AA0101", "3", "0", "0", "PS", "990201", "17:16:03", "17:17:16", "73", "0:00:00",
     "0:00:00", "0", "HANG", "0:00:00", "0:00:00", "0", "NO_SERVER"],
    ["AA0101", "4", "24442634", "2", "PS", "990202", "13:13:33", "13:13:42", "9", "13:13:42",
     "13:14:12", "30", "PHANTOM", "13:13:40", "13:14:18", "38", "NO_SERVER"],
    ["AA0103", "5", "0", "0", "TT", "990202", "23:59:50", "0:00:05", "15", "0:00:05", "0:01:00",
     "55", "AGENT", "0:00:59", "0:04:00", "181", "TOVA"],
    ["AA0101", "6", "0", "0", "PS", "990231", "7:02:47", "7:02:56", "9", "0:00:00", "0:00:00",
     "0", "AGENT", "7:02:55", "7:05:41", "166", "DORIT"],
]  # fmt: skip


def test_call_log_clock_times_become_timestamps_across_midnight(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bank.txt", BANK_HEADER, CALLS, delimiter="\t")
    store, result = load(path)
    assert outcome(result) == ("anonymous-bank", 7, 5, 1, {"phantom_call": 1})
    got = store.con.execute(
        "SELECT contact_id, strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S'), "
        "epoch(first_response_at) - epoch(created_at), abandoned, "
        "epoch(abandoned_at) - epoch(created_at), handle_seconds, category, segment, "
        "customer_id IS NULL FROM contacts ORDER BY created_at"
    ).fetchall()
    # Israel is UTC+2 in February
    assert got == [
        ("AA0101 1", "1999-02-01 05:02:56", 0.0, False, None, 166.0, "regular", "unidentified",
         True),
        ("AA0101 2", "1999-02-01 06:19:47", 34.0, False, None, 104.0, "internet", "priority",
         False),
        ("AA0102 2", "1999-02-01 07:00:10", None, True, 60.0, None, "prospect", "regular", True),
        ("AA0101 3", "1999-02-01 15:17:16", None, True, 0.0, None, "regular", "unidentified",
         True),
        ("AA0103 5", "1999-02-02 22:00:05", 55.0, False, None, 181.0, "callback", "unidentified",
         True),
    ]  # fmt: skip
    assert store.con.execute("SELECT line, column_name, reason, value FROM rejects").fetchall() == [
        (8, "created_at", "bad_timestamp", "990231 7:02:56")
    ]


def ctr(contact: str, updated: str, **fields: object) -> str:
    record: dict[str, object] = {
        "ContactId": contact,
        "Channel": "VOICE",
        "InitiationMethod": "INBOUND",
        "InitiationTimestamp": "2026-03-02T09:00:00Z",
        "DisconnectTimestamp": "2026-03-02T09:20:00Z",
        "LastUpdateTimestamp": updated,
        "Queue": {"Name": "Billing", "EnqueueTimestamp": "2026-03-02T09:00:30Z", "Duration": 90},
        "Agent": {
            "ConnectedToAgentTimestamp": "2026-03-02T09:02:00Z",
            "CustomerHoldDuration": 30,
            "AgentInteractionDuration": 600,
        },
        "TransferCompletedTimestamp": None,
        "CustomerEndpoint": {"Address": "+442079460000", "Type": "TELEPHONE_NUMBER"},
    }
    record.update(fields)
    return json.dumps(record)


def test_the_latest_copy_of_a_contact_record_wins_whatever_its_place_in_the_file(
    tmp_path: Path,
) -> None:
    lines = [
        ctr("a", "2026-03-02T09:05:00Z", Agent=None),  # sent while still queued
        ctr("a", "2026-03-02T09:25:00Z"),
        ctr(
            "b",
            "2026-03-02T09:30:00Z",
            Agent={"ConnectedToAgentTimestamp": "2026-03-02T09:01:00Z", "CustomerHoldDuration": 45},
        ),
        ctr("b", "2026-03-02T09:21:00Z"),  # older, later in the file
        ctr(
            "c",
            "2026-03-02T09:25:00Z",
            Queue={"Name": "Sales", "EnqueueTimestamp": "2026-03-02T09:00:30Z"},
        ),
        ctr("c", "2026-03-02T09:25:00Z"),  # same time: the later line wins
        ctr("d", "2026-03-02T09:25:00Z", InitiationMethod="OUTBOUND"),
        ctr("e", "2026-03-02T09:25:00Z", InitiationMethod="TRANSFER"),
        "",
    ]
    path = tmp_path / "ctr.jsonl"
    path.write_text("\n".join(lines) + "\n")
    store, result = load(path)
    skipped = {"blank_line": 1, "superseded_record": 3, "outbound_contact": 1, "transfer_leg": 1}
    assert outcome(result) == ("amazon-connect", 9, 3, 0, skipped)
    wait = "epoch(first_response_at) - epoch(created_at)"
    got = contacts(store, f"contact_id, {wait}, hold_seconds, agent_team, abandoned")
    assert got == [
        ("a", 90.0, 30.0, "Billing", False),
        ("b", 30.0, 45.0, "Billing", False),
        ("c", 90.0, 30.0, "Billing", False),
    ]
