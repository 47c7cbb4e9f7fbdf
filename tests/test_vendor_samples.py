"""The vendor sample exports (tests/data/profiles, written by scripts/make_profile_samples.py).

Each figure parity produces is checked against the same figure computed here
from the raw file with plain DuckDB, following the vendor's documented
meaning of its fields, without any of parity's importer code.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from parity.importers.pipeline import FileResult, import_files
from parity.store import Store
from tests.conftest import ROOT

SAMPLES = ROOT / "tests" / "data" / "profiles"
CONNECT = SAMPLES / "amazon_connect_ctr.jsonl"
ZENDESK = SAMPLES / "zendesk_tickets.csv"
ZAMMAD = SAMPLES / "zammad_tickets.jsonl"


@pytest.fixture(scope="module")
def imported() -> tuple[Store, dict[str, FileResult]]:
    store = Store.memory(key="test-key-0123456789")
    results = import_files(store, [CONNECT, ZENDESK, ZAMMAD])
    return store, {r.path.name: r for r in results}


def figures(store: Store, source: str) -> dict[str, tuple[object, ...]]:
    rows = store.con.execute(
        "SELECT channel, count(*), count(first_response_at), "
        "median(epoch(first_response_at) - epoch(created_at)), count(resolved_at), "
        "median(hold_seconds), count(hold_seconds) FROM contacts WHERE source = $s GROUP BY 1",
        {"s": source},
    ).fetchall()
    return {str(r[0]): tuple(r[1:]) for r in rows}


def raw(sql: str) -> list[tuple[object, ...]]:
    return duckdb.connect().execute(sql).fetchall()


def lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def test_every_sample_is_detected_and_every_record_accounted_for(imported) -> None:
    _, results = imported
    assert {name: r.profile for name, r in results.items()} == {
        "amazon_connect_ctr.jsonl": "amazon-connect",
        "zendesk_tickets.csv": "zendesk",
        "zammad_tickets.jsonl": "zammad",
    }
    assert results["amazon_connect_ctr.jsonl"].rows_read == lines(CONNECT)
    assert results["zammad_tickets.jsonl"].rows_read == lines(ZAMMAD)
    assert results["zendesk_tickets.csv"].rows_read == lines(ZENDESK) - 1
    for r in results.values():
        assert r.profile_detected
        assert r.rows_rejected == 0
        assert r.rows_read == r.rows_loaded + r.rows_skipped


CTR = f"read_json('{CONNECT}', format = 'newline_delimited', sample_size = -1)"
LATEST = (
    f"SELECT * FROM {CTR} QUALIFY row_number() OVER (PARTITION BY ContactId "
    "ORDER BY LastUpdateTimestamp::TIMESTAMPTZ DESC) = 1"
)


def test_connect_keeps_the_latest_record_and_counts_what_it_skips(imported) -> None:
    _, results = imported
    result = results["amazon_connect_ctr.jsonl"]
    ((records, contacts),) = raw(f"SELECT count(*), count(DISTINCT ContactId) FROM {CTR}")
    methods = dict(raw(f"SELECT InitiationMethod, count(*) FROM ({LATEST}) GROUP BY 1"))
    assert result.skipped_by_reason == {
        "outbound_contact": methods["OUTBOUND"],
        "superseded_record": records - contacts,
        "transfer_leg": methods["TRANSFER"],
    }
    assert result.rows_loaded == methods["INBOUND"]


def test_connect_figures_match_the_contact_records(imported) -> None:
    store, _ = imported
    expected = raw(
        f"""SELECT CASE Channel WHEN 'VOICE' THEN 'phone' ELSE lower(Channel) END, count(*),
            count(Agent.ConnectedToAgentTimestamp),
            median(epoch(Agent.ConnectedToAgentTimestamp::TIMESTAMPTZ)
                - epoch(coalesce(Queue.EnqueueTimestamp, InitiationTimestamp)::TIMESTAMPTZ)),
            0,
            median(Agent.CustomerHoldDuration) FILTER (WHERE Channel = 'VOICE'),
            count(Agent.CustomerHoldDuration) FILTER (WHERE Channel = 'VOICE')
        FROM ({LATEST}) WHERE InitiationMethod = 'INBOUND' GROUP BY 1"""
    )
    assert figures(store, "amazon-connect") == {str(r[0]): tuple(r[1:]) for r in expected}
    abandoned = raw(
        f"""SELECT count(*) FILTER (WHERE Queue.EnqueueTimestamp IS NOT NULL
                AND Agent.ConnectedToAgentTimestamp IS NULL),
            count(*) FILTER (WHERE TransferCompletedTimestamp IS NOT NULL)
        FROM ({LATEST}) WHERE InitiationMethod = 'INBOUND'"""
    )
    got = store.con.execute(
        "SELECT count(*) FILTER (WHERE abandoned), sum(transfers) FROM contacts "
        "WHERE source = 'amazon-connect'"
    ).fetchall()
    assert got == abandoned
    assert abandoned[0][0] > 0
    assert abandoned[0][1] > 0


ZD = f"read_csv('{ZENDESK}', header = true, all_varchar = true)"
ZD_CHANNEL = """CASE "Via" WHEN 'Mail' THEN 'email' WHEN 'Web form' THEN 'web'
    WHEN 'Chat' THEN 'chat' WHEN 'Twitter' THEN 'social' WHEN 'Facebook post' THEN 'social'
    WHEN 'Phone call (incoming)' THEN 'phone' WHEN 'Voicemail' THEN 'phone' END"""


def test_zendesk_figures_match_the_ticket_export(imported) -> None:
    store, results = imported
    assert results["zendesk_tickets.csv"].skipped_by_reason == dict(
        raw(f"SELECT 'outbound_call', count(*) FROM {ZD} WHERE Via = 'Phone call (outbound)'")
    )
    expected = raw(
        f"""SELECT {ZD_CHANNEL} AS channel, count(*),
            count("First reply time in minutes"),
            median("First reply time in minutes"::DOUBLE * 60),
            count("Solved at") FILTER (WHERE Status IN ('Solved', 'Closed')),
            NULL, 0
        FROM {ZD} WHERE Via <> 'Phone call (outbound)' GROUP BY 1"""
    )
    assert figures(store, "zendesk") == {str(r[0]): tuple(r[1:]) for r in expected}


def test_zendesk_on_hold_time_never_becomes_hold_and_csat_is_good_bad(imported) -> None:
    store, _ = imported
    ((on_hold,),) = raw(f"SELECT count(*) FROM {ZD} WHERE \"On hold time in minutes\" <> '0'")
    assert on_hold > 0  # the export has on-hold time...
    got = store.con.execute(
        "SELECT count(hold_seconds), avg(csat), count(csat), avg(reopened::INT) "
        "FROM contacts WHERE source = 'zendesk'"
    ).fetchall()
    expected = raw(
        f"""SELECT 0, avg(CASE "Satisfaction Score" WHEN 'Good' THEN 5 WHEN 'Bad' THEN 1 END),
            count(*) FILTER (WHERE "Satisfaction Score" IN ('Good', 'Bad')),
            avg(("Reopens"::INT > 0)::INT)
        FROM {ZD} WHERE Via <> 'Phone call (outbound)'"""
    )
    assert got == expected  # ...and hold_seconds stays empty


ZM = f"read_json('{ZAMMAD}', format = 'newline_delimited')"


def test_zammad_figures_match_the_tickets(imported) -> None:
    store, results = imported
    assert results["zammad_tickets.jsonl"].skipped_by_reason == dict(
        raw(
            f"""SELECT CASE WHEN state = 'merged' THEN 'merged_ticket'
                ELSE 'not_customer_initiated' END, count(*) FROM {ZM}
            WHERE state = 'merged' OR create_article_sender <> 'Customer' GROUP BY 1"""
        )
    )
    expected = raw(
        f"""SELECT CASE create_article_type WHEN 'twitter status' THEN 'social'
                ELSE create_article_type END, count(*), count(first_response_at),
            median(epoch(first_response_at::TIMESTAMPTZ) - epoch(created_at::TIMESTAMPTZ)),
            count(close_at) FILTER (WHERE state = 'closed'), NULL, 0
        FROM {ZM} WHERE state <> 'merged' AND create_article_sender = 'Customer' GROUP BY 1"""
    )
    assert figures(store, "zammad") == {str(r[0]): tuple(r[1:]) for r in expected}


def test_samples_mix_into_one_report_with_each_source_named(imported) -> None:
    from parity import config, report_build

    store, _ = imported
    report = report_build.build_report(store, report_build.Scope(), config.Settings())
    by_file = {s.file: s for s in report.data_quality.sources}
    assert {f: s.profile for f, s in by_file.items()} == {
        "amazon_connect_ctr.jsonl": "amazon-connect",
        "zendesk_tickets.csv": "zendesk",
        "zammad_tickets.jsonl": "zammad",
    }
    assert by_file["zammad_tickets.jsonl"].skipped_by_reason["merged_ticket"] > 0
    channels = {c.channel: c.metrics for c in report.channels}
    assert set(channels) == {"phone", "chat", "email", "web", "social", "sms"} - {"sms"}
    assert channels["email"]["hold_time_median_s"] is None  # never computed from zeros
    assert channels["phone"]["hold_time_median_s"] is not None
