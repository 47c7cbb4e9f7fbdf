"""`parity summary` over several weeks of generated data, with the clock frozen.

`parity demo` writes 13 weeks ending Monday 2026-11-02, so the last complete
week at the start of that day is 2026-W44 (26 Oct – 1 Nov).
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from parity import api, history, periods
from parity.config import Settings
from parity.demo import write_demo
from parity.errors import ExitCode
from tests.test_golden import check as golden

AS_OF = "2026-11-02"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder / "exports", rows=8000, seed=11)
    db = folder / "demo.duckdb"
    api.import_paths(api.Source(paths=[folder / "exports"], db=db), Settings())
    return db


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo database: each test writes its own history."""
    return Path(shutil.copy(demo_db, tmp_path / "parity.duckdb"))


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The wall clock at Tuesday 2026-11-03 08:00 UTC."""
    moment = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    monkeypatch.setattr(periods, "now", lambda: moment)
    return moment


def rows(db: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT period, period_start, settings, result FROM period_results ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


def test_golden_markdown(cli, db: Path) -> None:
    run = cli("summary", "--db", db, "--as-of", AS_OF)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    golden("summary.md", run.stdout)


def test_the_frozen_clock_picks_last_week(cli, db: Path, frozen: datetime) -> None:
    today = cli("summary", "--db", db, "-f", "json")
    explicit = cli("summary", "--db", db, "-f", "json", "--as-of", "2026-11-03")
    assert today.stdout == explicit.stdout
    doc = json.loads(today.stdout)
    assert doc["as_of"] == "2026-11-03"
    assert doc["current"]["label"] == "2026-W44"
    assert [c["label"] for c in doc["previous"]] == [
        "2026-W40", "2026-W41", "2026-W42", "2026-W43",
    ]  # fmt: skip
    assert doc["current"]["measured_at"] == "2026-11-02T00:00:00Z"
    assert "generated_at" not in doc
    stamped = json.loads(cli("summary", "--db", db, "-f", "json", "--timestamp").stdout)
    assert stamped["generated_at"] == "2026-11-03T08:00:00Z"


def test_on_sunday_the_week_is_not_complete(cli, db: Path) -> None:
    doc = json.loads(cli("summary", "--db", db, "-f", "json", "--as-of", "2026-11-01").stdout)
    assert doc["current"]["label"] == "2026-W43"


def test_same_data_and_as_of_give_the_same_bytes_and_store_nothing_twice(cli, db: Path) -> None:
    outputs = []
    for fmt in ("markdown", "json", "markdown", "json"):
        run = cli("summary", "--db", db, "--as-of", AS_OF, "-f", fmt)
        assert run.exit_code == 0
        outputs.append(run.stdout)
    assert outputs[0] == outputs[2]
    assert outputs[1] == outputs[3]
    stored = rows(db)
    assert [(r[0], str(r[1])) for r in stored] == [
        ("week", "2026-09-28"), ("week", "2026-10-05"), ("week", "2026-10-12"),
        ("week", "2026-10-19"), ("week", "2026-10-26"),
    ]  # fmt: skip
    cli("summary", "--db", db, "--as-of", AS_OF, "--history", "2")
    assert rows(db) == stored  # the same periods again: replaced by identical rows


def test_history_stands_in_for_contacts_no_longer_in_the_database(cli, db: Path) -> None:
    before = json.loads(cli("summary", "--db", db, "--as-of", AS_OF, "-f", "json").stdout)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM contacts WHERE created_at < TIMESTAMPTZ '2026-10-19 00:00:00+00'")
    con.close()
    after = json.loads(cli("summary", "--db", db, "--as-of", AS_OF, "-f", "json").stdout)
    assert [c["source"] for c in after["previous"]] == ["history"] * 3 + ["computed"]
    for doc in (before, after):
        for column in doc["previous"]:
            column.pop("source")
    assert after == before
    markdown = cli("summary", "--db", db, "--as-of", AS_OF).stdout
    assert "From stored history: 2026-W40, 2026-W41, 2026-W42." in markdown


def test_stored_results_of_other_settings_are_not_mixed_in(cli, db: Path, tmp_path) -> None:
    cli("summary", "--db", db, "--as-of", AS_OF)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM contacts WHERE created_at < TIMESTAMPTZ '2026-10-26 00:00:00+00'")
    con.close()
    cfg = tmp_path / "parity.toml"
    cfg.write_text("alpha = 0.01\n", encoding="utf-8")
    doc = json.loads(
        cli("summary", "--db", db, "--as-of", AS_OF, "-f", "json", "--config", cfg).stdout
    )
    assert [c["source"] for c in doc["previous"]] == ["missing"] * 4
    assert doc["notes"][0] == (
        "2026-W40: the stored result was computed with other settings; not used"
    )
    assert all(g["trend"] == "unknown" for g in doc["gaps"])


@pytest.mark.parametrize(
    "config",
    [
        "[journeys]\nwindow_days = 2\n",  # the escalation window
        'clock = "business"\n[calendars.default]\nhours = { mon = "09:00-17:00" }\n',
    ],
    ids=["escalation-window", "business-clock"],
)
def test_results_stored_on_another_window_or_clock_are_not_mixed_in(
    cli, db: Path, tmp_path: Path, config: str
) -> None:
    """A week measured with a 7-day escalation window, or on the calendar clock, is not
    shown as history beside weeks measured with a 2-day window or on office hours."""
    cli("summary", "--db", db, "--as-of", AS_OF)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM contacts WHERE created_at < TIMESTAMPTZ '2026-10-26 00:00:00+00'")
    con.close()
    cfg = tmp_path / "parity.toml"
    cfg.write_text(config, encoding="utf-8")
    doc = json.loads(
        cli("summary", "--db", db, "--as-of", AS_OF, "-f", "json", "--config", cfg).stdout
    )
    assert [c["source"] for c in doc["previous"]] == ["missing"] * 4
    assert doc["notes"][0].endswith("the stored result was computed with other settings; not used")


def test_default_settings_keep_the_fingerprint_of_results_stored_before() -> None:
    """The clock, calendars and signals joined the fingerprint later, and only where they
    differ from the defaults: history stored with default settings is still read."""
    assert history.fingerprint(Settings()) == "06dd9de525c64182"
    assert history.fingerprint(Settings(clock="business")) != "06dd9de525c64182"


def test_the_json_is_the_library_summary(cli, db: Path) -> None:
    run = cli("summary", "--db", db, "--as-of", AS_OF, "-f", "json")
    assert run.stderr == ""
    moment = api.parse_moment(AS_OF, option="--as-of", timezone="UTC")
    library = api.summary(db, Settings(), as_of=moment)
    assert json.loads(run.stdout) == library.to_dict()
    doc = json.loads(run.stdout)
    assert doc["headline"] == library.headline
    assert {g["trend"] for g in doc["gaps"]} <= {
        "widening", "narrowing", "stable", "reversed", "unknown",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code"),
    [([], ExitCode.OK), (["--fail-on", "fail"], 1), (["--fail-on", "warn"], 1)],
)
def test_fail_on_gives_the_exit_codes_of_check(cli, db: Path, args, code) -> None:
    run = cli("summary", "--db", db, "--as-of", AS_OF, "--quiet", *args)
    assert run.exit_code == code
    assert run.stdout.startswith("# Channel parity, week 2026-W44")


def test_output_is_written_atomically_and_nothing_else(cli, db: Path, tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    run = cli("summary", "--db", db, "--as-of", AS_OF, "--output", target, "--quiet")
    assert run.exit_code == 0
    assert run.stdout == run.stderr == ""
    assert target.read_text(encoding="utf-8").startswith("# Channel parity")
    assert not list(tmp_path.glob(".week.md.*"))
    bad = cli("summary", "--db", db, "--as-of", AS_OF, "--output", tmp_path / "no" / "x.md")
    assert bad.exit_code == ExitCode.ENVIRONMENT_FAILURE


def test_months(cli, db: Path) -> None:
    doc = json.loads(
        cli("summary", "--db", db, "--as-of", AS_OF, "--period", "month", "-f", "json").stdout
    )
    assert doc["current"]["label"] == "2026-10"
    assert [(c["label"], c["source"]) for c in doc["previous"]] == [
        ("2026-06", "missing"), ("2026-07", "missing"), ("2026-08", "computed"),
        ("2026-09", "computed"),
    ]  # fmt: skip
    stored = {(r[0], str(r[1])) for r in rows(db)}
    assert ("month", "2026-10-01") in stored


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2027-03-01"], "no contacts created in 2026-W09 (23 Feb – 1 Mar 2026)"),
        (["--as-of", "yesterday"], "--as-of: 'yesterday' is not a date"),
        (["--history", "-1"], "--history must be between 0 and 104, not -1"),
    ],
)
def test_user_errors_exit_2(cli, db: Path, args, message) -> None:
    run = cli("summary", "--db", db, *args)
    assert run.exit_code == ExitCode.USER_ERROR
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert message.replace("2026-W09 (23 Feb – 1 Mar 2026)", "") in run.stderr


def test_a_missing_database_is_exit_2(cli, tmp_path: Path) -> None:
    run = cli("summary", "--db", tmp_path / "none.duckdb")
    assert run.exit_code == ExitCode.USER_ERROR
    assert "no database here" in run.stderr
    assert not (tmp_path / "none.duckdb").exists()


# -- planted changes --------------------------------------------------------------------------

W43, W44 = "2026-10-21T10:00:00Z", "2026-10-28T10:00:00Z"  # a Wednesday in each week


def planted(folder: Path, plan: dict[str, dict[str, float]], n: int = 3000) -> Path:
    """Remedy rates per channel and week start: {'phone': {W43: 0.10, W44: 0.10}, …}."""
    from tests.conftest import write_csv

    folder.mkdir(parents=True, exist_ok=True)
    for channel, weeks in plan.items():
        rows_ = []
        for created, rate in weeks.items():
            rows_ += [
                [f"{channel}-{created[:10]}-{i}", channel, created, "yes" if i < rate * n else "no"]
                for i in range(n)
            ]
        write_csv(
            folder / f"{channel}.csv", ["contact_id", "channel", "created_at", "remedy"], rows_
        )
    return folder


def test_planted_widening_narrowing_new_and_resolved(cli, tmp_path: Path) -> None:
    data = planted(
        tmp_path / "x",
        {
            "phone": {W43: 0.10, W44: 0.10},
            "social": {W43: 0.12, W44: 0.20},  # 2 → 10 points: widening, newly flagged
            "chat": {W43: 0.25, W44: 0.11},  # 15 → 1 point: narrowing, flag resolved
            "email": {W43: 0.10, W44: 0.11},  # 0 → 1 point: stable, never flagged
        },
    )
    db = tmp_path / "p.duckdb"
    assert cli("import", data, "--db", db).exit_code == 0
    doc = json.loads(cli("summary", "--db", db, "--as-of", AS_OF, "-f", "json").stdout)
    gaps = {g["channel"]: g for g in doc["gaps"]}
    assert (gaps["social"]["trend"], gaps["social"]["flag"]) == ("widening", "new")
    assert (gaps["chat"]["trend"], gaps["chat"]["flag"]) == ("narrowing", "resolved")
    assert (gaps["email"]["trend"], gaps["email"]["flag"]) == ("stable", None)
    assert gaps["social"]["change"]["widened_by"] == pytest.approx(0.08)
    assert doc["headline"] == (
        "Social is favoured over phone on 1 of 1 metric; "
        "the social remedy rate gap widened from 2.0 to 10.0 points."
    )
    assert doc["highlights"] == ["The chat remedy rate gap narrowed from 15.0 to 1.0 points."]
    markdown = cli("summary", "--db", db, "--as-of", AS_OF).stdout
    assert (
        "| social · remedy rate | – | – | – | +2.0 pts | **+10.0 pts fail** | widening (new) |"
        in (markdown)
    )
    assert (
        "| chat · remedy rate | – | – | – | +15.0 pts fail | **+1.0 pts** | narrowing (resolved) |"
        in (markdown)
    )
    assert "1 other gap: not flagged in either period" in markdown
    assert "No data for 2026-W40, 2026-W41, 2026-W42." in markdown


def test_each_week_is_measured_as_of_its_end_plus_the_follow_up(cli, tmp_path: Path) -> None:
    """Social posts of Sunday night answered on Monday: not answered within the week."""
    from tests.conftest import write_csv

    header = ["contact_id", "channel", "created_at", "first_response_at"]
    phone = [[f"p{i}", "phone", "2026-10-28T10:00:00Z", "2026-10-28T10:05:00Z"] for i in range(40)]
    social = [
        [f"s{i}", "social", "2026-11-01T23:00:00Z", "2026-11-02T01:00:00Z"] for i in range(40)
    ]
    folder = tmp_path / "x"
    folder.mkdir()
    write_csv(folder / "phone.csv", header, phone)
    write_csv(folder / "social.csv", header, social)
    db = tmp_path / "p.duckdb"
    assert cli("import", folder, "--db", db).exit_code == 0

    def response_gap(as_of: str, follow_up: int) -> tuple[str, float]:
        cfg = tmp_path / f"follow{follow_up}.toml"
        cfg.write_text(f"[summary]\nfollow_up_days = {follow_up}\n", encoding="utf-8")
        run = cli("summary", "--db", db, "--as-of", as_of, "-f", "json", "--config", cfg)
        doc = json.loads(run.stdout)
        (gap,) = [g for g in doc["gaps"] if g["metric"] == "response_rate"]
        return doc["current"]["label"], gap["current"]["estimate"]

    assert response_gap("2026-11-03", 0) == ("2026-W44", pytest.approx(-1.0))
    assert response_gap("2026-11-03", 1) == ("2026-W44", pytest.approx(0.0))
    # W44 plus a day of follow-up is not over at the start of 2 November: W43 is the last
    # complete week, and it has no contacts here
    early = cli(
        "summary", "--db", db, "--as-of", "2026-11-02", "--config", tmp_path / "follow1.toml"
    )
    assert early.exit_code == 2
    assert "no contacts created in 2026-W43 (19 Oct – 25 Oct 2026)" in early.stderr
