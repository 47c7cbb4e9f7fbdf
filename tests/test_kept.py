"""Kept aggregates (parity/kept.py): an import stores the heavy aggregates of the
default report, and a report reads them only when nothing they depend on changed.

Two kinds of check. Equality: a report from a store with kept aggregates is the
report computed afresh (the kept tables dropped). Use: a kept table altered by
hand shows in the report that may read it, and in no report that may not (a
window, another as-of time, the business clock, a store changed behind the
import's back): the altered value is how the tests see which path was taken.
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity import keeping, kept, metrics, sql
from parity.config import Settings
from parity.demo import write_demo
from parity.signal_config import SignalSettings
from parity.store import Store
from tests.conftest import run_cli

FAKE_SUCCESSES = 1  # what the altered kept rate_counts says of every resolution_rate


@pytest.fixture(scope="module")
def stored(exports: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store of the four demo files with its kept aggregates, opened read-only."""
    db = imported(tmp_path_factory.mktemp("stored"), exports, "phone", "email", "chat", "social")
    store = Store.open(db, read_only=True)
    metrics.compute(store.con)  # installs the scope and the clock the import used
    yield store
    store.close()


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kept") / "demo"
    write_demo(folder, rows=4_000, seed=11, weeks=6)
    return folder


def imported(folder: Path, exports: Path, *names: str) -> Path:
    db = folder / "store.duckdb"
    run = run_cli(["import", "--db", str(db), *(str(exports / f"{n}.csv") for n in names)])
    assert run.exit_code == 0, run.stderr
    return db


def report(db: Path, *options: str) -> dict[str, Any]:
    run = run_cli(["report", "--db", str(db), "--format", "json", *options])
    assert run.exit_code == 0, run.stderr
    found: dict[str, Any] = json.loads(run.stdout)
    found.pop("generated_at")
    return found


def same(a: object, b: object, where: str = "") -> None:
    """Equal, floats to 12 significant digits (a parallel sum may add in another order)."""
    if isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), where
    elif isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def ledger(db: Path) -> dict[str, str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute(f"SELECT name, key FROM {kept.LEDGER}").fetchall())


def drop_kept(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        for name in kept.KEPT:
            con.execute(f"DROP TABLE IF EXISTS {kept.table(name)}")
        con.execute(f"DROP TABLE {kept.LEDGER}")


def alter_kept(db: Path) -> None:
    """Every kept resolution_rate now says FAKE_SUCCESSES of its trials: a value no
    computation gives, so a report showing it read the kept table."""
    with duckdb.connect(str(db)) as con:
        con.execute(
            f"UPDATE {kept.table('rate_counts')} SET successes = {FAKE_SUCCESSES} "
            "WHERE metric = 'resolution_rate'"
        )


def resolution_rates(found: dict[str, Any]) -> dict[str, float]:
    return {c["channel"]: c["metrics"]["resolution_rate"] for c in found["channels"]}


def twin(db: Path, name: str) -> Path:
    """A copy of the store without kept aggregates: what a report computes afresh."""
    copy = db.with_name(name)
    shutil.copy(db, copy)
    drop_kept(copy)
    return copy


def test_an_import_keeps_the_aggregates_and_the_report_is_unchanged(
    tmp_path: Path, exports: Path
) -> None:
    db = imported(tmp_path, exports, "phone", "email", "chat", "social")
    assert set(ledger(db)) == kept.KEPT
    fresh = twin(db, "fresh.duckdb")
    same(report(db), report(fresh))
    for option in (["--format", "markdown"], ["--format", "table"]):
        with_kept = run_cli(["report", "--db", str(db), *option])
        afresh = run_cli(["report", "--db", str(fresh), *option])
        assert with_kept.exit_code == afresh.exit_code == 0
        assert with_kept.stdout.splitlines()[3:] == afresh.stdout.splitlines()[3:]


def test_the_default_report_reads_what_is_kept(tmp_path: Path, exports: Path) -> None:
    db = imported(tmp_path, exports, "phone", "email", "chat", "social")
    honest = resolution_rates(report(db))
    alter_kept(db)
    shown = resolution_rates(report(db))
    assert shown.keys() == honest.keys()
    # one success per category instead of hundreds: read from the kept table
    assert all(0 < shown[c] < honest[c] / 5 for c in honest), (shown, honest)


def test_a_check_reads_them_and_decides_the_same(tmp_path: Path, exports: Path) -> None:
    db = imported(tmp_path, exports, "phone", "email", "chat", "social")
    fresh = twin(db, "fresh.duckdb")
    runs = [run_cli(["check", "--db", str(d), "--format", "json"]) for d in (db, fresh)]
    assert runs[0].exit_code == runs[1].exit_code
    decided = [json.loads(r.stdout) for r in runs]
    for found in decided:
        found["report"].pop("generated_at")
    same(decided[0], decided[1])
    alter_kept(db)
    altered = json.loads(run_cli(["check", "--db", str(db), "--format", "json"]).stdout)
    resolution = [c for c in altered["checks"] if c["metric"] == "resolution_rate"]
    honest = [c for c in json.loads(runs[1].stdout)["checks"] if c["metric"] == "resolution_rate"]
    assert resolution
    assert [c["estimate"] for c in resolution] != [c["estimate"] for c in honest]


# The demo's six weeks run from Monday 21 September to Sunday 1 November 2026 (UTC).
WINDOWS = {
    "since": ["--since", "2026-10-01"],  # a Thursday: the days to Monday 5 October computed
    "until": ["--until", "2026-10-30"],  # to Saturday 31 October: from Monday 26 computed
    "both": ["--since", "2026-09-24", "--until", "2026-10-20"],
    "whole-weeks": ["--since", "2026-10-05", "--until", "2026-10-25"],  # nothing computed
    "offset": ["--since", "2026-10-05T12:34:56+02:00", "--until", "2026-10-19T00:00:01Z"],
}


@pytest.mark.parametrize("options", WINDOWS.values(), ids=WINDOWS.keys())
def test_a_window_adds_up_the_kept_weeks(tmp_path: Path, exports: Path, options: list[str]) -> None:
    db = imported(tmp_path, exports, "phone", "email", "chat", "social")
    fresh = twin(db, "fresh.duckdb")
    honest = report(fresh, *options)
    same(report(db, *options), honest)
    alter_kept(db)
    shown = resolution_rates(report(db, *options))
    assert shown.keys() == resolution_rates(honest).keys()
    # the kept weeks say one success each: lower than the truth wherever the window read them
    assert all(shown[c] < v for c, v in resolution_rates(honest).items()), (shown, honest)


def test_a_window_within_one_week_computes_afresh(tmp_path: Path, exports: Path) -> None:
    db = imported(tmp_path, exports, "phone", "email", "chat", "social")
    fresh = twin(db, "fresh.duckdb")
    alter_kept(db)
    options = ["--since", "2026-10-06", "--until", "2026-10-09"]  # no whole week inside
    same(report(db, *options), report(fresh, *options))


def test_another_clock_computes_only_what_measures_time(tmp_path: Path, exports: Path) -> None:
    """The store keeps the calendar clock's results. On the business clock the survival
    table and the reply coverage are computed afresh; the rate counts, which measure no
    time, are read kept."""
    db = imported(tmp_path, exports, "phone", "email", "chat", "social")
    fresh = twin(db, "fresh.duckdb")
    alter_kept(db)
    config = tmp_path / "parity.toml"
    config.write_text(
        '[calendars.default]\ntimezone = "Europe/Paris"\n'
        'hours = { mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-12:00,14:00-18:00" }\n'
    )
    options = ["--clock", "business", "--config", str(config)]
    shown, honest = report(db, *options), report(fresh, *options)
    assert shown["clock"]["clock"] == "business"
    for part in ("curves", "coverage"):
        same(shown[part], honest[part], part)
    for mine, theirs in zip(shown["channels"], honest["channels"], strict=True):
        for name, value in mine["metrics"].items():
            if "_time_" in name:
                same(value, theirs["metrics"][name], f"{mine['channel']}.{name}")
    calendar = report(fresh)  # and business time is not calendar time here
    assert shown["curves"] != calendar["curves"]
    rates = resolution_rates(honest)
    assert all(resolution_rates(shown)[c] < v for c, v in rates.items())  # read kept


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    since=st.none() | st.integers(0, 45 * 24),
    length=st.none() | st.integers(1, 45 * 24),
)
def test_every_window_gets_the_querys_own_result(
    stored: Store, since: int | None, length: int | None
) -> None:
    """Any window, in hours from the demo's first Monday: the kept weeks added up with the
    computed edges are, row for row, what the query returns on its own."""
    start = datetime(2026, 9, 21, tzinfo=UTC) - timedelta(days=1)
    lo = None if since is None else start + timedelta(hours=since)
    hi = None if length is None else (lo or start) + timedelta(hours=length)
    as_of = metrics.period(stored.con, since=None, until=None).as_of
    values: dict[str, dict[str, object]] = {
        "survival_table": {"as_of": as_of},
        "rate_counts": {"as_of": as_of},
        "score_counts": {},
        "coverage_counts": {"as_of": as_of, "marks": list(SignalSettings().coverage_marks)},
        "team_counts": {},
        "apology_counts": {},
        "amount_counts": {},
    }
    assert values.keys() == kept.KEPT
    for name, extra in values.items():
        window = {"since": lo, "until": hi, **extra}
        text, params = kept.source(stored.con, name, window)
        assert "kept_" in text or (lo is not None and hi is not None)  # kept but maybe narrow
        found = stored.con.execute(f"SELECT * FROM ({text}) ORDER BY ALL", params).fetchall()
        query = sql.get(name)
        direct = stored.con.execute(
            f"SELECT * EXCLUDE (part) FROM ({query.sql}) ORDER BY ALL",
            {**window, "parted": False},
        ).fetchall()
        assert found == direct, (name, lo, hi)


def test_a_key_follows_the_macros_installed_on_the_connection(stored: Store) -> None:
    """Business time on a clock open all hours is calendar time, with the same clock
    table: only the macros tell the two apart. The survival table's key changes with
    `clocked`; the rate counts, built on `observed`, keep theirs."""
    as_of = metrics.period(stored.con, since=None, until=None).as_of
    bound = {"since": None, "until": None, "as_of": as_of}
    calendar = {n: kept.key(stored.con, n, bound) for n in ("survival_table", "rate_counts")}
    try:
        sql.install_macro(stored.con, "clocked")  # business time, on the same clock
        business = {n: kept.key(stored.con, n, bound) for n in calendar}
    finally:
        sql.install_macro(stored.con, "clocked_calendar")
    assert business["survival_table"] != calendar["survival_table"]
    assert business["rate_counts"] == calendar["rate_counts"]
    assert {n: kept.key(stored.con, n, bound) for n in calendar} == calendar
    assert sql.installed_macros(stored.con)["clocked"] == sql.get("clocked_calendar").sql


def test_a_store_changed_behind_the_imports_back_computes_afresh(
    tmp_path: Path, exports: Path
) -> None:
    db = imported(tmp_path, exports, "phone", "email", "chat", "social")
    alter_kept(db)
    with duckdb.connect(str(db)) as con:  # as a parity without kept aggregates would
        first = "SELECT min(contact_key) FROM contacts"
        con.execute(f"DELETE FROM contacts WHERE contact_key = ({first})")
    fresh = twin(db, "fresh.duckdb")
    found = report(db)
    assert all(v > 0.05 for v in resolution_rates(found).values())
    same(found, report(fresh))


def test_every_import_brings_them_up_to_date(tmp_path: Path, exports: Path) -> None:
    db = imported(tmp_path, exports, "phone", "email")
    first = ledger(db)
    assert {c["channel"] for c in report(db)["channels"]} == {"phone", "email"}
    imported(tmp_path, exports, "chat", "social")
    second = ledger(db)
    assert second.keys() == first.keys() == kept.KEPT
    assert all(second[k] != first[k] for k in kept.KEPT)
    found = report(db)
    assert {c["channel"] for c in found["channels"]} == {"phone", "email", "chat", "social"}
    same(found, report(twin(db, "fresh.duckdb")))
    # a file already imported changes nothing, and keeps the aggregates current
    imported(tmp_path, exports, "chat")
    assert ledger(db) == second


def test_a_report_on_files_agrees(tmp_path: Path, exports: Path) -> None:
    db = imported(tmp_path, exports, "phone", "email", "chat", "social")
    run = run_cli(["report", str(exports), "--format", "json"])
    assert run.exit_code == 0, run.stderr
    on_files = json.loads(run.stdout)
    from_db = report(db)
    for key in ("channels", "comparisons", "coverage", "curves", "as_of", "period"):
        same(on_files[key], from_db[key], key)


def test_the_kept_tables_have_the_queries_columns(tmp_path: Path, exports: Path) -> None:
    db = imported(tmp_path, exports, "phone", "chat")
    store = Store.open(db, read_only=True)
    try:
        with kept.recording() as found:  # what an import holds before it saves
            keeping.run_kept_queries(store.con, Settings())
        assert {name for name, _ in found} == kept.KEPT
        for name, layout in kept.LAYOUTS.items():
            described = store.con.execute(f"DESCRIBE temp.kept_pending_{name}").fetchall()
            assert tuple((c[0], c[1]) for c in described) == (*layout, kept.PART), name
    finally:
        store.close()


def test_a_kept_table_of_another_layout_is_replaced_when_the_store_opens(
    tmp_path: Path, exports: Path
) -> None:
    db = imported(tmp_path, exports, "phone", "email")
    with duckdb.connect(str(db)) as con:  # as an older parity might have left it
        con.execute(f"DROP TABLE {kept.table('rate_counts')}")
        con.execute(f"CREATE TABLE {kept.table('rate_counts')} (channel VARCHAR, n INTEGER)")
    imported(tmp_path, exports, "chat")
    assert set(ledger(db)) == kept.KEPT
    same(report(db), report(twin(db, "fresh.duckdb")))


def test_the_store_span_is_kept_by_the_import_and_read_while_current(
    tmp_path: Path, exports: Path
) -> None:
    """The import keeps the store's as-of time, first timestamp and channels with the
    store's state; a report reads them instead of scanning the store. Altered by hand, the
    report shows the altered as-of time (so it read the kept row); once the store changes
    behind the import's back, the true one."""
    db = imported(tmp_path, exports, "phone", "email")
    truth = report(db)["as_of"]
    with duckdb.connect(str(db)) as con:
        (value,) = con.execute("SELECT value FROM parity_meta WHERE key = 'store_span'").fetchone()
        kept_span = json.loads(value)
        assert kept_span["state"] == json.dumps(sql.store_state(con))
        assert kept_span["channels"] == ["email", "phone"]
        con.execute(
            "UPDATE parity_meta SET value = replace(value, $old, '2030-01-01 00:00:00+00') "
            "WHERE key = 'store_span'",
            {"old": kept_span["as_of"]},
        )
    assert report(db)["as_of"] == "2030-01-01T00:00:00Z"
    with duckdb.connect(str(db)) as con:  # as a parity without kept aggregates would
        first = "SELECT min(contact_key) FROM contacts"
        con.execute(f"DELETE FROM contacts WHERE contact_key = ({first})")
        (latest,) = con.execute(
            "SELECT strftime(greatest(max(created_at), max(first_response_at), "
            "max(resolved_at), max(abandoned_at)) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') "
            "FROM contacts"
        ).fetchone()
    assert latest == truth
    assert report(db)["as_of"] == latest
