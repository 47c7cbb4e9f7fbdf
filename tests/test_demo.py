"""`parity demo`: determinism, canonical files, valid rows and the planted truths.

The planted effects are read back with plain DuckDB SQL, independently of parity's
own importers and metrics. Thresholds leave room for sampling noise at 20 000 rows.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parity import demo as demo_module
from parity.demo import DemoFile, write_demo
from parity.schema import BY_NAME, NAMES, REQUIRED

CHANNELS = ("phone", "email", "chat", "social")
ROWS = 20_000
END = datetime.date(2026, 11, 2)
START = END - datetime.timedelta(weeks=13)
TIMESTAMPS = ("created_at", "first_response_at", "resolved_at", "abandoned_at")
ISO_UTC = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def _digests(files: list[DemoFile]) -> dict[str, str]:
    return {f.channel: hashlib.sha256(f.path.read_bytes()).hexdigest() for f in files}


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return fh.readline().rstrip("\n").split(",")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> list[DemoFile]:
    return write_demo(tmp_path_factory.mktemp("demo"), rows=ROWS, seed=7)


@pytest.fixture(scope="module")
def db(demo: list[DemoFile]) -> duckdb.DuckDBPyConnection:
    """One table per channel, typed as in parity.schema, plus `contacts`, their union."""
    con = duckdb.connect()
    for f in demo:
        types = {name: BY_NAME[name].sql_type for name in _header(f.path)}
        con.execute(
            f"CREATE TABLE {f.channel} AS SELECT * FROM read_csv(?, header = true, types = ?)",
            [str(f.path), types],
        )
    con.execute(
        "CREATE VIEW contacts AS "
        + " UNION ALL BY NAME ".join(f"SELECT * FROM {c}" for c in CHANNELS)
    )
    con.execute("SET TimeZone = 'UTC'")
    return con


def _one(db: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    row = db.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0]


def _by_channel(db: duckdb.DuckDBPyConnection, expression: str) -> dict[str, Any]:
    rows = db.execute(f"SELECT channel, {expression} FROM contacts GROUP BY channel").fetchall()
    return dict(rows)


# --- files --------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    first = _digests(write_demo(tmp_path / "a", rows=3_000, seed=11))
    again = _digests(write_demo(tmp_path / "b", rows=3_000, seed=11))
    other = _digests(write_demo(tmp_path / "c", rows=3_000, seed=12))
    assert first == again
    assert all(first[c] != other[c] for c in CHANNELS)


@pytest.mark.parametrize("rows", [0, 1, 7, 3_001])
def test_row_counts_sum_to_rows(tmp_path: Path, rows: int) -> None:
    files = write_demo(tmp_path, rows=rows, weeks=2)
    assert [f.channel for f in files] == list(CHANNELS)
    assert sum(f.rows for f in files) == rows
    for f in files:
        assert f.path == tmp_path / f"{f.channel}.csv"
        assert len(f.path.read_text(encoding="utf-8").splitlines()) == f.rows + 1


def test_volume_shares(demo: list[DemoFile]) -> None:
    shares = {f.channel: f.rows / ROWS for f in demo}
    assert shares == {"phone": 0.55, "email": 0.20, "chat": 0.17, "social": 0.08}


def test_creates_the_directory_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    out = tmp_path / "new" / "nested"
    write_demo(out, rows=100)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{c}.csv" for c in CHANNELS)


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "phone.csv").write_text("old\n", encoding="utf-8")

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(demo_module, "_column", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_demo(tmp_path, rows=100)
    assert [p.name for p in tmp_path.iterdir()] == ["phone.csv"]
    assert (tmp_path / "phone.csv").read_text(encoding="utf-8") == "old\n"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"rows": -1}, "rows must be 0 or more"),
        ({"seed": -3}, "seed must be 0 or more"),
        ({"weeks": 0}, "weeks must be 1 or more"),
    ],
)
def test_rejects_bad_arguments(tmp_path: Path, arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write_demo(tmp_path, **arguments)


def test_headers_are_canonical_subsets_in_schema_order(demo: list[DemoFile]) -> None:
    headers = {f.channel: _header(f.path) for f in demo}
    for header in headers.values():
        assert set(REQUIRED) <= set(header)
        assert header == [name for name in NAMES if name in header]
    assert {"hold_seconds", "abandoned", "abandoned_at"} <= set(headers["phone"])
    for channel in ("email", "chat", "social"):
        assert not {"hold_seconds", "abandoned", "abandoned_at"} & set(headers[channel])
    assert "transfers" not in headers["social"]
    assert "subchannel" not in headers["email"]


def test_text_is_plain_iso_utc_and_unquoted(demo: list[DemoFile]) -> None:
    text = "".join(f.path.read_text(encoding="utf-8") for f in demo)
    assert '"' not in text
    assert "\r" not in text


# --- every row is valid -------------------------------------------------------------


@pytest.mark.parametrize("channel", CHANNELS)
def test_rows_are_valid(db: duckdb.DuckDBPyConnection, channel: str) -> None:
    columns = {r[0] for r in db.execute(f"DESCRIBE {channel}").fetchall()}
    count = _one(db, f"SELECT count(*) FROM {channel}")
    assert _one(db, f"SELECT count(DISTINCT contact_id) FROM {channel}") == count
    assert _one(db, f"SELECT count(*) FROM {channel} WHERE customer_id IS NULL") == 0
    times = [c for c in TIMESTAMPS if c in columns]
    for column in times:
        outside = f"{column} < ?::TIMESTAMPTZ OR {column} >= ?::TIMESTAMPTZ"
        sql = f"SELECT count(*) FROM {channel} WHERE {outside}"
        assert _one(db, sql, [str(START), str(END)]) == 0, column
        sql = f"SELECT count(*) FROM {channel} WHERE {column} < created_at"
        assert _one(db, sql) == 0, column
    problems = [
        "resolved_at < first_response_at",
        "resolved_at IS NOT NULL AND first_response_at IS NULL",
        "handle_seconds < 0",
        "remedy_amount < 0",
        "remedy_amount > 0 AND NOT remedy",
        "remedy AND first_response_at IS NULL",
        "reopened AND resolved_at IS NULL",
        "csat NOT IN (1, 2, 3, 4, 5)",
        "csat IS NOT NULL AND first_response_at IS NULL",
        "customer_id NOT SIMILAR TO 'C[0-9]{6,}'",
        f"contact_id NOT SIMILAR TO '{channel[:2].upper()}-[0-9]{{6,}}'",
    ]
    if "transfers" in columns:
        problems.append("transfers < 0")
    if channel == "phone":
        problems += [
            "hold_seconds < 0",
            "abandoned AND (first_response_at IS NOT NULL OR abandoned_at IS NULL)",
            "NOT abandoned AND abandoned_at IS NOT NULL",
            "hold_seconds IS NULL AND first_response_at IS NOT NULL",
        ]
    for problem in problems:
        assert _one(db, f"SELECT count(*) FROM {channel} WHERE {problem}") == 0, problem


def test_timestamps_are_iso_8601_utc(demo: list[DemoFile]) -> None:
    con = duckdb.connect()
    for f in demo:
        rel = f"read_csv('{f.path}', header = true, all_varchar = true)"
        for column in (c for c in TIMESTAMPS if c in _header(f.path)):
            sql = f"SELECT count(*) FROM {rel} WHERE NOT regexp_full_match({column}, ?)"
            row = con.execute(sql, [ISO_UTC]).fetchone()
            assert row == (0,), (f.channel, column)


# --- the planted two-tier story -----------------------------------------------------

ANSWERED_WAIT = "epoch(first_response_at) - epoch(created_at)"


def test_social_answers_fast_but_ignores_a_fifth_of_posts(db: duckdb.DuckDBPyConnection) -> None:
    median = _by_channel(db, f"median({ANSWERED_WAIT}) / 60")
    unanswered = _by_channel(db, "avg((first_response_at IS NULL)::INT)")
    assert 8 < median["social"] < 13
    assert median["social"] < 0.7 * median["phone"]
    assert 15 < median["phone"] < 25
    assert median["chat"] < 5
    assert 12 * 60 < median["email"] < 36 * 60
    assert 0.18 < unanswered["social"] < 0.26
    assert unanswered["social"] > unanswered["phone"] + 0.05


def test_social_is_faster_than_phone_within_every_category(db: duckdb.DuckDBPyConnection) -> None:
    rows = db.execute(
        f"SELECT category, median({ANSWERED_WAIT}) FILTER (channel = 'social'),"
        f" median({ANSWERED_WAIT}) FILTER (channel = 'phone') FROM contacts GROUP BY category"
    ).fetchall()
    assert len(rows) == 6
    for category, social, phone in rows:
        assert social < 0.8 * phone, category


def test_social_remedies_and_phone_apologises(db: duckdb.DuckDBPyConnection) -> None:
    remedy = _by_channel(db, "avg(remedy::INT)")
    assert remedy["social"] > 0.38
    assert remedy["phone"] < 0.06
    assert remedy["phone"] < remedy["email"] < remedy["social"]
    assert remedy["phone"] < remedy["chat"] < remedy["social"]
    amount = _by_channel(db, "avg(remedy_amount)")
    assert amount["social"] > 5 * amount["phone"]
    rows = db.execute(
        "SELECT category, avg(remedy::INT) FILTER (channel = 'social'),"
        " avg(remedy::INT) FILTER (channel = 'phone') FROM contacts GROUP BY category"
    ).fetchall()
    for category, social, phone in rows:
        assert social > phone + 0.15, category


def _standardised_gap(db: duckdb.DuckDBPyConnection, channel: str, metric: str) -> float:
    """`channel` minus phone on `metric`, within categories, weighted by `channel`'s mix."""
    sql = f"""
        WITH c AS (SELECT category, count(*) AS n, avg({metric}) AS v FROM contacts
                   WHERE channel = ? GROUP BY category),
             p AS (SELECT category, avg({metric}) AS v FROM phone GROUP BY category)
        SELECT sum(c.n * (c.v - p.v)) / sum(c.n) FROM c JOIN p USING (category)
    """
    return float(_one(db, sql, [channel]))


RESOLVED = "(resolved_at IS NOT NULL)::INT"


def test_chat_resolves_more_than_phone_only_through_case_mix(
    db: duckdb.DuckDBPyConnection,
) -> None:
    resolved = _by_channel(db, f"avg({RESOLVED})")
    assert resolved["chat"] - resolved["phone"] > 0.05
    assert abs(_standardised_gap(db, "chat", RESOLVED)) < 0.03


def test_social_resolves_more_than_phone_like_for_like(db: duckdb.DuckDBPyConnection) -> None:
    resolved = _by_channel(db, f"avg({RESOLVED})")
    assert resolved["social"] > 0.68
    assert resolved["social"] - resolved["phone"] > 0.15
    assert _standardised_gap(db, "social", RESOLVED) > 0.12


def test_phone_queues_holds_transfers_and_reopens(db: duckdb.DuckDBPyConnection) -> None:
    assert 0.08 < _one(db, "SELECT avg(abandoned::INT) FROM phone") < 0.16
    assert 15 < _one(db, "SELECT median(hold_seconds) / 60 FROM phone") < 25
    assert _one(db, "SELECT quantile_cont(hold_seconds, 0.9) / 60 FROM phone") > 45
    transfers = {
        c: _one(db, f"SELECT avg((transfers > 0)::INT) FROM {c}")
        for c in ("phone", "email", "chat")
    }
    assert transfers["phone"] > 0.3
    assert transfers["phone"] > transfers["email"] + 0.1
    assert transfers["phone"] > transfers["chat"] + 0.1
    reopened = _by_channel(db, "avg(reopened::INT)")
    assert reopened["phone"] == max(reopened.values())
    assert reopened["social"] == min(reopened.values())


def test_phone_waits_and_holds_get_worse(db: duckdb.DuckDBPyConnection) -> None:
    sql = f"""
        SELECT median(hold_seconds) FILTER (created_at >= ?::TIMESTAMPTZ - INTERVAL 28 DAY),
               median(hold_seconds) FILTER (created_at < ?::TIMESTAMPTZ + INTERVAL 28 DAY),
               median({ANSWERED_WAIT}) FILTER (created_at >= ?::TIMESTAMPTZ - INTERVAL 28 DAY),
               median({ANSWERED_WAIT}) FILTER (created_at < ?::TIMESTAMPTZ + INTERVAL 28 DAY)
        FROM phone
    """
    row = db.execute(sql, [str(END), str(START)] * 2).fetchone()
    assert row is not None
    late_hold, early_hold, late_wait, early_wait = row
    assert late_hold > 1.25 * early_hold
    assert late_wait > 1.2 * early_wait


def test_unresolved_callers_escalate_to_social_and_get_remedied(
    db: duckdb.DuckDBPyConnection,
) -> None:
    row = db.execute("""
        SELECT count(*), avg(s.remedy::INT) FROM social AS s
        WHERE EXISTS (
            SELECT 1 FROM phone AS p
            WHERE p.customer_id = s.customer_id AND p.category = s.category
              AND p.resolved_at IS NULL
              AND s.created_at BETWEEN p.created_at + INTERVAL 1 DAY
                                   AND p.created_at + INTERVAL 6 DAY)
    """).fetchone()
    assert row is not None
    followups, remedy_rate = row
    social = _one(db, "SELECT count(*) FROM social")
    assert 0.12 < followups / social < 0.26
    assert remedy_rate > 0.55


def test_satisfaction_is_sparse_and_higher_on_social(db: duckdb.DuckDBPyConnection) -> None:
    scored = _by_channel(db, "avg((csat IS NOT NULL)::INT)")
    assert all(0.2 <= share <= 0.35 for share in scored.values()), scored
    mean = _by_channel(db, "avg(csat)")
    assert mean["social"] > mean["phone"] + 0.8


def test_labels(db: duckdb.DuckDBPyConnection) -> None:
    def values(column: str, channel: str) -> set[Any]:
        return {r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM {channel}").fetchall()}

    assert values("subchannel", "social") == {"twitter", "facebook", "instagram"}
    assert values("subchannel", "phone") == {"ivr", "direct"}
    assert values("agent_team", "social") == {"social-care", None}
    assert values("agent_team", "phone") == {"tier1-voice", "tier2-voice", None}
    assert values("segment", "contacts") == {"consumer", "business", "vip"}
    assert len(values("category", "contacts")) == 6
    for channel in CHANNELS:
        assert values("channel", channel) == {channel}
