"""The real public exports in shared/realdata/: every contact-level file imports, and adds up.

Each figure parity gives is recomputed here from the raw file with plain DuckDB
(its own parsing, in the city's time zone), and the row counts are those of
realdata/README.md. Skipped, with the reason, when the folder is absent; from
a worktree, point PARITY_REALDATA at it.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from parity import errors
from parity.importers.pipeline import FileResult, ImportOptions, import_files
from parity.importers.profile_files import load_builtin
from parity.store import Store
from tests.conftest import REALDATA

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(
        not REALDATA.is_dir(), reason=f"no real data at {REALDATA} (set PARITY_REALDATA)"
    ),
]

# every contact-level export: its profile and its rows (realdata/README.md)
FILES = {
    "sf311/sf311_cases_sample_10000_2008-2016.csv": ("sf311", 10_000),
    "la311/myla311_2017-12-27_to_31_10000.csv": ("la311", 9_999),
    "la311/myla311_2020-01-01_to_03_10000.csv": ("la311", 10_000),
    "boston311/boston311_animal_pest_types_2016.csv": ("boston311", 7_494),
    "boston311/boston311_animal_pest_types_2017.csv": ("boston311", 7_760),
    "boston311/boston311_animal_pest_types_2018.csv": ("boston311", 7_872),
    "boston311/boston311_animal_pest_types_2019.csv": ("boston311", 8_928),
    "kansascity311/kc311_nbh_0.csv": ("kansascity311", 10_148),
    "kansascity311/kc311_nbh_6.csv": ("kansascity311", 3_254),
    "kansascity311/kc311_nbh_12.csv": ("kansascity311", 5_326),
    "kansascity311/kc311_nbh_76.csv": ("kansascity311", 5_489),
    "kansascity311/kc311_nbh_78.csv": ("kansascity311", 7_839),
    "nyc311/nyc311_2022-05-01_0000-0206.csv": ("nyc311", 924),
    "callcentre_anonymous_bank/anonymous_bank_1999-02.tsv": ("anonymous-bank", 33_344),
    "twcs/twcs_head_5000.csv": ("twcs", 5_000),
}
AGGREGATES = {"vancouver311/vancouver_311_contact_centre_metrics_daily.csv"}


def load(*names: str) -> tuple[Store, list[FileResult]]:
    store = Store.memory(key="test-key-0123456789")
    return store, import_files(store, [REALDATA / n for n in names])


def raw(sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    return con.execute(sql).fetchall()


def csv_of(name: str, delim: str = ",") -> str:
    return f"read_csv('{REALDATA / name}', header = true, all_varchar = true, delim = '{delim}')"


def by_first(rows: list[tuple[object, ...]]) -> dict[object, tuple[object, ...]]:
    return {r[0]: tuple(r[1:]) for r in rows}


def test_every_data_file_is_covered() -> None:
    found = {
        str(p.relative_to(REALDATA)) for p in REALDATA.rglob("*") if p.suffix in (".csv", ".tsv")
    }
    assert found == set(FILES) | AGGREGATES


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_export_is_detected_and_every_row_accounted_for(name: str) -> None:
    profile, rows = FILES[name]
    store, (result,) = load(name)
    assert (result.profile, result.profile_detected) == (profile, True)
    assert result.rows_read == rows
    assert result.rows_read == result.rows_loaded + result.rows_rejected + result.rows_skipped
    ledger = store.con.execute(
        "SELECT rows_read, rows_loaded, rows_rejected, rows_skipped, profile FROM imports"
    ).fetchall()
    assert ledger == [
        (rows, result.rows_loaded, result.rows_rejected, result.rows_skipped, profile)
    ]
    if name.startswith("twcs/"):
        return  # bare carriage returns inside a field: DuckDB alone cannot read it
    delim = "\t" if name.endswith(".tsv") else ","
    ((engine_rows,),) = raw(f"SELECT count(*) FROM {csv_of(name, delim)}")
    assert engine_rows == rows


def test_daily_aggregates_are_refused_with_the_reason(cli) -> None:
    (name,) = AGGREGATES
    run = cli("report", REALDATA / name)
    assert run.exit_code == 2
    profile = load_builtin("vancouver311-daily-metrics")
    assert (
        run.stderr
        == "parity: error: "
        + errors.PROFILE_REFUSED.format(
            file=REALDATA / name, title=profile.title, reason=profile.refuse
        )
        + "\n"
    )


# -- San Francisco ---------------------------------------------------------------------------------

SF = "sf311/sf311_cases_sample_10000_2008-2016.csv"
SF_TIME = "timezone('America/Los_Angeles', strptime({}, '%m/%d/%Y %I:%M:%S %p'))"
SF_CHANNELS = {"Voice In": "phone", "Open311": "app", "Web Self Service": "web",
               "Twitter": "social", "Integrated Agency": "internal",
               "Other Department": "internal", "e-mail In": "email", "Mail In": "mail"}  # fmt: skip


def test_sf311_channels_rejects_and_time_to_close() -> None:
    store, (result,) = load(SF)
    opened, closed = SF_TIME.format("Opened"), SF_TIME.format("Closed")
    cases = f"SELECT *, {opened} AS o, {closed} AS c FROM {csv_of(SF)}"
    ((closed_early,),) = raw(f"SELECT count(*) FROM ({cases}) WHERE Status = 'Closed' AND c < o")
    assert closed_early == 129  # closed before they were opened: rejected, with the reason
    assert result.rows_rejected == closed_early
    assert store.con.execute("SELECT DISTINCT reason FROM rejects").fetchall() == [
        ("resolution_before_creation",)
    ]
    expected = raw(
        f"""SELECT Source, count(*), count(*) FILTER (WHERE Status = 'Closed' AND c IS NOT NULL),
            median(epoch(c) - epoch(o)) FILTER (WHERE Status = 'Closed')
        FROM ({cases}) WHERE NOT coalesce(Status = 'Closed' AND c < o, false) GROUP BY 1"""
    )
    got = store.con.execute(
        "SELECT subchannel, count(*), count(resolved_at), "
        "median(epoch(resolved_at) - epoch(created_at)) FROM contacts GROUP BY 1"
    ).fetchall()
    assert by_first(got) == by_first(expected)
    channels = dict(
        store.con.execute("SELECT DISTINCT subchannel, channel FROM contacts").fetchall()
    )
    assert channels == SF_CHANNELS
    # README (pandas, from 2009-06, cases closed before opening kept): phone 71 h, app 23 h
    since = store.con.execute(
        "SELECT channel, median(epoch(resolved_at) - epoch(created_at)) / 3600 FROM contacts "
        "WHERE created_at >= TIMESTAMPTZ '2009-06-01 00:00:00-07' GROUP BY 1"
    ).fetchall()
    hours = {str(k): float(str(v)) for k, v in since}
    assert hours["phone"] == pytest.approx(71, abs=1.5)
    assert hours["app"] == pytest.approx(23, abs=2)


# -- Boston ----------------------------------------------------------------------------------------

BOSTON = [n for n in FILES if n.startswith("boston311/")]


def test_boston311_four_years_channels_and_a_case_mix_figure() -> None:
    store, results = load(*BOSTON)
    assert sum(r.rows_read for r in results) == 32_054
    years = " UNION ALL BY NAME ".join(f"SELECT * FROM {csv_of(n)}" for n in BOSTON)
    times = (
        "timezone('America/New_York', open_dt::TIMESTAMP) AS o, "
        "timezone('America/New_York', closed_dt::TIMESTAMP) AS c"
    )
    cases = f"SELECT *, {times} FROM ({years})"
    valid = f"SELECT * FROM ({cases}) WHERE NOT coalesce(case_status = 'Closed' AND c < o, false)"
    assert (
        sum(r.rows_rejected for r in results)
        == raw(f"SELECT count(*) FROM ({cases}) WHERE case_status = 'Closed' AND c < o")[0][0]
    )
    expected = raw(
        f"""SELECT source, count(*), count(c) FILTER (WHERE case_status = 'Closed')
        FROM ({valid}) GROUP BY 1"""
    )
    got = store.con.execute(
        "SELECT subchannel, count(*), count(resolved_at) FROM contacts GROUP BY 1"
    ).fetchall()
    assert by_first(got) == by_first(expected)
    dead_animal = store.con.execute(
        "SELECT channel, round(median(epoch(resolved_at) - epoch(created_at)) / 3600, 2) "
        "FROM contacts WHERE category = 'Pick up Dead Animal' AND channel IN "
        "('app', 'phone', 'social') GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert dead_animal == [("app", 1.58), ("phone", 1.11), ("social", 1.28)]  # README


# -- Kansas City -----------------------------------------------------------------------------------

KC = [n for n in FILES if n.startswith("kansascity311/")]


def test_kansascity311_whole_days_to_close_match_the_exports_own_count() -> None:
    store, results = load(*KC)
    assert sum(r.rows_read for r in results) == 32_056
    rejected = store.con.execute("SELECT column_name, reason FROM rejects").fetchall()
    assert rejected == [("channel", "missing_value")]  # one case without a SOURCE
    files = " UNION ALL ".join(f"SELECT * FROM {csv_of(n)}" for n in KC)
    expected = raw(
        f"""SELECT SOURCE, count(*), count(*) FILTER (WHERE STATUS = 'RESOL'),
            median("DAYS TO CLOSE"::DOUBLE) FILTER (WHERE STATUS = 'RESOL')
        FROM ({files}) WHERE SOURCE IS NOT NULL GROUP BY 1"""
    )
    got = store.con.execute(
        "SELECT subchannel, count(*), count(resolved_at), "
        "median(round((epoch(resolved_at) - epoch(created_at)) / 86400)) FROM contacts GROUP BY 1"
    ).fetchall()
    assert by_first(got) == by_first(expected)
    assert by_first(got)["PHONE"][2] == 3.0  # README: 3 days by phone
    channels = dict(
        store.con.execute("SELECT DISTINCT subchannel, channel FROM contacts").fetchall()
    )
    assert {k: channels[k] for k in ("PHONE", "WEB", "EMAIL", "TWIR", "BOT", "WALK")} == {
        "PHONE": "phone", "WEB": "web", "EMAIL": "email", "TWIR": "social", "BOT": "chat",
        "WALK": "in_person",
    }  # fmt: skip


# -- Los Angeles -----------------------------------------------------------------------------------

LA_2017, LA_2020 = (
    "la311/myla311_2017-12-27_to_31_10000.csv",
    "la311/myla311_2020-01-01_to_03_10000.csv",
)


@pytest.mark.parametrize(
    ("name", "fmt"), [(LA_2017, "%m/%d/%Y %I:%M:%S %p"), (LA_2020, "%Y-%m-%d %H:%M:%S")]
)
def test_la311_both_layouts_cancelled_is_not_resolved(name: str, fmt: str) -> None:
    store, (result,) = load(name)
    stamp = "timezone('America/Los_Angeles', strptime({}, '" + fmt + "'))"
    cases = (
        f"SELECT *, {stamp.format('createddate')} AS o, {stamp.format('closeddate')} AS c "
        f"FROM {csv_of(name)}"
    )
    valid = f"SELECT * FROM ({cases}) WHERE NOT coalesce(status = 'Closed' AND c < o, false)"
    expected = raw(
        f"""SELECT requestsource, count(*), count(c) FILTER (WHERE status = 'Closed'),
            median(epoch(c) - epoch(o)) FILTER (WHERE status = 'Closed')
        FROM ({valid}) GROUP BY 1"""
    )
    got = store.con.execute(
        "SELECT subchannel, count(*), count(resolved_at), "
        "median(epoch(resolved_at) - epoch(created_at)) FROM contacts GROUP BY 1"
    ).fetchall()
    assert by_first(got) == by_first(expected)
    assert result.rows_loaded == sum(int(str(v[0])) for v in by_first(expected).values())
    cancelled = raw(f"SELECT count(*) FROM {csv_of(name)} WHERE status = 'Cancelled'")[0][0]
    assert isinstance(cancelled, int)
    assert cancelled > 200  # README: 246 and 244 cancelled requests, none of them resolved


# -- New York --------------------------------------------------------------------------------------

NYC = "nyc311/nyc311_2022-05-01_0000-0206.csv"


def test_nyc311_open_requests_are_kept_and_channels_mapped() -> None:
    store, _ = load(NYC)
    got = store.con.execute(
        "SELECT subchannel, channel, count(*), count(resolved_at) FROM contacts GROUP BY 1, 2"
    ).fetchall()
    expected = raw(
        f"""SELECT "Open Data Channel Type", count(*), count(*) FILTER (WHERE Status = 'Closed')
        FROM {csv_of(NYC)} GROUP BY 1"""
    )
    assert {(r[0], r[2], r[3]) for r in got} == {tuple(r) for r in expected}
    assert {r[0]: r[1] for r in got} == {
        "ONLINE": "web", "MOBILE": "app", "PHONE": "phone", "UNKNOWN": "unknown",
    }  # fmt: skip
    assert {r[0]: r[2] for r in got} == {"ONLINE": 501, "MOBILE": 280, "PHONE": 139, "UNKNOWN": 4}


# -- Anonymous Bank --------------------------------------------------------------------------------

BANK = "callcentre_anonymous_bank/anonymous_bank_1999-02.tsv"
LINES = {"PS": "regular", "PE": "regular_english", "IN": "internet", "NE": "stock_exchange",
         "NW": "prospect", "TT": "callback"}  # fmt: skip


def test_anonymous_bank_queue_wait_and_abandonment_by_service_line() -> None:
    store, (result,) = load(BANK)
    assert result.skipped_by_reason == {"phantom_call": 278}  # README: 278 PHANTOM
    assert result.rows_rejected == 0
    expected = raw(
        f"""SELECT type, count(*), avg((outcome = 'HANG')::INT),
            median(q_time::DOUBLE) FILTER (WHERE outcome = 'AGENT')
        FROM {csv_of(BANK, chr(9))} WHERE outcome <> 'PHANTOM' GROUP BY 1"""
    )
    got = store.con.execute(
        "SELECT category, count(*), avg(abandoned::INT), "
        "median(epoch(first_response_at) - epoch(created_at)) FROM contacts GROUP BY 1"
    ).fetchall()
    assert by_first(got) == {LINES[str(r[0])]: tuple(r[1:]) for r in expected}
    rates = {k: v[1] for k, v in by_first(got).items()}
    # README (HANG over all calls): IN 32 %, NW 34 %, PS 14 %, TT 6 %
    for line, share in (("internet", 0.32), ("prospect", 0.34), ("regular", 0.14)):
        assert rates[line] == pytest.approx(share, abs=0.01)
    assert rates["callback"] == pytest.approx(0.06, abs=0.01)


def test_anonymous_bank_by_class_compares_customer_classes() -> None:
    store = Store.memory(key="test-key-0123456789")
    import_files(store, [REALDATA / BANK], ImportOptions(profile="anonymous-bank-by-class"))
    expected = raw(
        f"""SELECT priority, count(*), median(q_time::DOUBLE) FILTER (WHERE q_time::INT > 0)
        FROM {csv_of(BANK, chr(9))} WHERE outcome <> 'PHANTOM' GROUP BY 1"""
    )
    classes = {"0": "unidentified", "1": "regular", "2": "priority"}
    wait = "coalesce(epoch(first_response_at), epoch(abandoned_at)) - epoch(created_at)"
    got = store.con.execute(
        f"SELECT channel, count(*), median({wait}) FILTER (WHERE {wait} > 0) "
        "FROM contacts GROUP BY 1"
    ).fetchall()
    assert by_first(got) == {classes[str(r[0])]: tuple(r[1:]) for r in expected}
    # README: priority customers wait 45 s when queued, against 58 s (class 0) and 55 s (class 1)
    waits = {str(k): float(str(v[1])) for k, v in by_first(got).items()}
    assert waits == pytest.approx({"priority": 45, "unidentified": 58, "regular": 55}, abs=1)


# -- Customer Support on Twitter -------------------------------------------------------------------

TWCS = "twcs/twcs_head_5000.csv"


def _tweets() -> list[dict[str, str]]:
    text = (REALDATA / TWCS).read_bytes().replace(b"\r", b" ").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_twcs_conversations_match_a_plain_walk_of_the_reply_chains(tmp_path: Path) -> None:
    store, (result,) = load(TWCS)
    tweets = _tweets()
    by_id = {t["tweet_id"]: t for t in tweets}

    def parent(t: dict[str, str]) -> str | None:
        p = t["in_response_to_tweet_id"].removesuffix(".0")
        return p or None

    def root(t: dict[str, str]) -> dict[str, str]:
        while (p := parent(t)) is not None and p in by_id:
            t = by_id[p]
        return t

    def when(t: dict[str, str]) -> datetime:
        return datetime.strptime(t["created_at"], "%a %b %d %H:%M:%S %z %Y")

    openers = {t["tweet_id"] for t in tweets if t["inbound"] == "True" and parent(t) is None}
    first: dict[str, float] = {}
    for t in tweets:
        r = root(t)
        if t["inbound"] == "False" and r["tweet_id"] in openers:
            wait = (when(t) - when(r)).total_seconds()
            first[r["tweet_id"]] = min(wait, first.get(r["tweet_id"], wait))
    assert result.rows_loaded == len(openers) == 1285
    assert result.skipped_by_reason["merged_into_conversation"] == sum(
        1 for t in tweets if t["tweet_id"] not in openers and root(t)["tweet_id"] in openers
    )
    got = dict(
        store.con.execute(
            "SELECT contact_id, epoch(first_response_at) - epoch(created_at) FROM contacts"
        ).fetchall()
    )
    assert got == {k: first.get(k) for k in openers}
    clean = tmp_path / "twcs.csv"  # DuckDB alone cannot read its bare carriage returns
    clean.write_bytes((REALDATA / TWCS).read_bytes().replace(b"\r", b" "))
    direct = raw(
        f"""WITH t AS (SELECT tweet_id, inbound, author_id,
                strptime(created_at, '%a %b %d %H:%M:%S %z %Y') AS sent,
                regexp_replace(in_response_to_tweet_id, '\\.0$', '') AS parent
            FROM read_csv('{clean}', header = true, all_varchar = true))
        SELECT o.tweet_id, min(epoch(r.sent) - epoch(o.sent)) FROM t o
        JOIN t r ON r.parent = o.tweet_id AND r.inbound = 'False'
        WHERE o.inbound = 'True' AND o.parent IS NULL GROUP BY 1"""
    )
    # a direct reply to the opening tweet is never earlier than the first response
    assert len(direct) > 1000
    assert all(got[str(k)] <= float(str(v)) for k, v in direct)


# -- several sources in one report -----------------------------------------------------------------


def test_several_real_exports_mix_into_one_report(cli) -> None:
    names = [SF, NYC, TWCS, BANK, BOSTON[-1]]
    run = cli("report", *[REALDATA / n for n in names], "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    doc = json.loads(run.stdout)
    sources = {s["file"]: s["profile"] for s in doc["data_quality"]["sources"]}
    assert sources == {Path(n).name: FILES[n][0] for n in names}
    dq = doc["data_quality"]
    assert dq["rows_read"] == sum(FILES[n][1] for n in names)
    assert dq["rows_read"] == dq["rows_loaded"] + dq["rows_rejected"] + dq["rows_skipped"]
    channels = {c["channel"] for c in doc["channels"]}
    assert {"phone", "app", "web", "social", "internal"} <= channels
    assert doc["reference_channel"] == "phone"
