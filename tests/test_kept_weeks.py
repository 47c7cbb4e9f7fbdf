"""Kept weeks (parity/kept_weeks.py): an import measures the weeks of the default report's
trend, and a report reads a week only when nothing that week's result depends on changed.

As in test_kept.py, two kinds of check. Equality: the trend read from the kept weeks is
the trend measured afresh (the kept weeks deleted). Use: a kept week altered by hand
shows in the report that may read it, and in none that may not (other settings, another
reference or clock, a store changed behind the import's back).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parity import kept_weeks, sql
from parity import summary as summaries
from parity.calendar import Calendar
from parity.config import Settings
from parity.demo import write_demo
from parity.periods import Period
from parity.store import Store
from tests.conftest import run_cli
from tests.test_kept import same

ALTERED = 777_777  # what an altered kept week says of every channel's contacts


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kept_weeks") / "demo"
    write_demo(folder, rows=3_000, seed=5, weeks=5)
    return folder


@pytest.fixture
def db(tmp_path: Path, exports: Path) -> Path:
    path = tmp_path / "store.duckdb"
    run = run_cli(["import", "--db", str(path), str(exports)])
    assert run.exit_code == 0, run.stderr
    return path


def report(db: Path, *options: str) -> dict[str, Any]:
    run = run_cli(["report", "--db", str(db), "--format", "json", "--trend", *options])
    assert run.exit_code == 0, run.stderr
    found: dict[str, Any] = json.loads(run.stdout)
    found.pop("generated_at")
    return found


def kept_rows(db: Path) -> dict[str, dict[str, Any]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT key, result FROM kept_weeks").fetchall()
    return {key: json.loads(text) for key, text in rows}


def alter(db: Path) -> None:
    """Every kept week now counts ALTERED contacts per channel: no measurement gives that,
    so a trend showing it read the kept weeks."""
    with duckdb.connect(str(db)) as con:
        for key, text in con.execute("SELECT key, result FROM kept_weeks").fetchall():
            doc = json.loads(text)
            doc["contacts"] = dict.fromkeys(doc["contacts"], ALTERED)
            con.execute(
                "UPDATE kept_weeks SET result = $r WHERE key = $k", {"r": json.dumps(doc), "k": key}
            )


def week_contacts(found: dict[str, Any]) -> list[dict[str, int]]:
    return [w["contacts"] for w in found["weekly"]["weeks"]]


def read_kept(found: dict[str, Any]) -> bool:
    counts = [n for contacts in week_contacts(found) for n in contacts.values()]
    assert counts
    return all(n == ALTERED for n in counts)


def test_an_import_keeps_every_week_of_the_trend_and_the_trend_is_unchanged(
    db: Path, tmp_path: Path
) -> None:
    with_kept = report(db)
    weeks = with_kept["weekly"]["weeks"]
    assert len(weeks) >= 5
    kept = kept_rows(db)
    assert len(kept) == len(weeks)
    assert sorted(r["measured_at"] for r in kept.values()) == [w["measured_at"] for w in weeks]
    fresh = tmp_path / "fresh.duckdb"
    shutil.copy(db, fresh)
    with duckdb.connect(str(fresh)) as con:
        con.execute("DELETE FROM kept_weeks")
    same(with_kept, report(fresh))
    page, page_fresh = tmp_path / "kept.html", tmp_path / "fresh.html"
    for store, out in ((db, page), (fresh, page_fresh)):
        run = run_cli(["report", "--db", str(store), "--format", "html", "-o", str(out)])
        assert run.exit_code == 0, run.stderr
    assert _untimed(page) == _untimed(page_fresh)


def _untimed(page: Path) -> list[str]:
    return [line for line in page.read_text().splitlines() if "generated" not in line.lower()]


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The labels of the weeks each call of measure_each measured, in this process."""
    asked: list[list[str]] = []
    measure_each = summaries.measure_each

    def counted(store: Store, wanted: Sequence[Period], *args: Any, **kwargs: Any) -> Any:
        asked.append([p.label for p in wanted])
        return measure_each(store, wanted, *args, **kwargs)

    monkeypatch.setattr("parity.weekly.measure_each", counted)
    return asked


def test_a_report_measures_only_the_weeks_it_does_not_find(
    db: Path, measured: list[list[str]]
) -> None:
    asked = measured
    report(db)
    assert asked == []
    with duckdb.connect(str(db)) as con:  # forget the latest week
        con.execute(
            "DELETE FROM kept_weeks WHERE key = (SELECT key FROM kept_weeks "
            "ORDER BY json_extract_string(result, '$.measured_at') DESC LIMIT 1)"
        )
    found = report(db)
    assert asked == [[found["weekly"]["weeks"][-1]["label"]]]


def test_the_report_reads_the_kept_weeks(db: Path) -> None:
    alter(db)
    assert read_kept(report(db))
    assert read_kept(report(db, "--format", "json"))  # the page's weeks, any format


@pytest.mark.parametrize(
    ("config", "options"),
    [
        ("alpha = 0.01\n", []),  # other settings
        ("", ["--reference", "email"]),  # another reference channel
        (  # another level of one metric
            "[thresholds.first_response_time]\n"
            "warn = { relative = 0.10, absolute_s = 30 }\n"
            "fail = { relative = 0.20, absolute_s = 60 }\n",
            [],
        ),
        (  # another clock
            '[calendars.default]\ntimezone = "Europe/Paris"\n'
            'hours = { mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-18:00" }\n',
            ["--clock", "business"],
        ),
    ],
)
def test_a_report_on_other_terms_measures_its_weeks(
    db: Path, tmp_path: Path, config: str, options: list[str]
) -> None:
    alter(db)
    toml = tmp_path / "parity.toml"
    toml.write_text(config)
    found = report(db, "--config", str(toml), *options)
    assert not read_kept(found)
    assert not any(ALTERED in w.values() for w in week_contacts(found))


def test_a_store_changed_behind_the_imports_back_measures_its_weeks(db: Path) -> None:
    alter(db)
    with duckdb.connect(str(db)) as con:  # as a parity without kept weeks would
        first = "SELECT min(contact_key) FROM contacts"
        con.execute(f"DELETE FROM contacts WHERE contact_key = ({first})")
    assert not any(ALTERED in w.values() for w in week_contacts(report(db)))


def import_rows(db: Path, tmp_path: Path, lines: str) -> None:
    more = tmp_path / "more.csv"
    more.write_text("contact_id,channel,created_at,customer_id\n" + lines, encoding="utf-8")
    run = run_cli(["import", "--db", str(db), str(more)])
    assert run.exit_code == 0, run.stderr


def same_as_measured(db: Path, tmp_path: Path) -> None:
    """The trend read from the kept weeks is the trend measured afresh."""
    fresh = tmp_path / "fresh.duckdb"
    shutil.copy(db, fresh)
    with duckdb.connect(str(fresh)) as con:
        con.execute("DELETE FROM kept_weeks")
    same(report(db), report(fresh))


def test_an_import_measures_only_the_weeks_whose_contacts_changed(
    db: Path, tmp_path: Path, measured: list[list[str]]
) -> None:
    weeks = report(db)["weekly"]["weeks"]
    before = kept_rows(db)
    third = date.fromisoformat(weeks[2]["start"])
    import_rows(db, tmp_path, f"late-1,phone,{third.isoformat()}T09:00:00Z,C000001\n")
    labels = [w["label"] for w in weeks]
    assert measured == [labels[2:]]  # the week of the new contact and those after it
    after = kept_rows(db)
    assert not set(after) & set(before)  # every key holds the store's state
    unchanged = sorted(json.dumps(r, sort_keys=True) for r in before.values())[:2]
    assert unchanged == sorted(json.dumps(r, sort_keys=True) for r in after.values())[:2]
    same_as_measured(db, tmp_path)


def test_an_import_replacing_a_contact_measures_its_week_and_those_after(
    db: Path, tmp_path: Path, measured: list[list[str]]
) -> None:
    """A replaced contact leaves every week's count as it was: the latest import among a
    week's contacts is what tells."""
    weeks = report(db)["weekly"]["weeks"]
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT contact_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') FROM contacts "
            "WHERE channel = 'chat' AND created_at >= $start::TIMESTAMPTZ "
            "ORDER BY created_at LIMIT 1",
            {"start": weeks[3]["start"]},
        ).fetchone()
    assert row is not None
    import_rows(db, tmp_path, f"{row[0]},chat,{row[1]},C999999\n")
    with duckdb.connect(str(db), read_only=True) as con:
        replaced = con.execute("SELECT sum(rows_replaced) FROM imports").fetchone()
    assert replaced == (1,)
    assert measured == [[w["label"] for w in weeks[3:]]]
    same_as_measured(db, tmp_path)


def test_the_next_import_measures_the_weeks_of_a_contact_deleted_behind_its_back(
    db: Path, tmp_path: Path, measured: list[list[str]]
) -> None:
    """Deleting leaves the latest import among a week's contacts as it was: the count of
    contacts is what tells."""
    weeks = report(db)["weekly"]["weeks"]
    with duckdb.connect(str(db)) as con:
        con.execute(
            "DELETE FROM contacts WHERE contact_key = (SELECT contact_key FROM contacts "
            "WHERE created_at >= $start::TIMESTAMPTZ AND import_id < (SELECT max(import_id) "
            "FROM imports) ORDER BY created_at LIMIT 1)",
            {"start": weeks[1]["start"]},
        )
    last = date.fromisoformat(weeks[-1]["start"])
    import_rows(db, tmp_path, f"late-1,phone,{last.isoformat()}T09:00:00Z,C000001\n")
    assert measured == [[w["label"] for w in weeks[1:]]]
    same_as_measured(db, tmp_path)


def test_a_customer_turned_placeholder_measures_every_week(
    db: Path,
    exports: Path,
    tmp_path: Path,
    measured: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A customer with more contacts than the limit is a placeholder, left out of the
    escalations of every week, so every week is measured though only the last changed."""
    weeks = report(db)["weekly"]["weeks"]
    counts: Counter[str] = Counter()
    for path in sorted(exports.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            counts.update(row["customer_id"] for row in csv.DictReader(f))
    (customer, most), *_ = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    monkeypatch.setattr("parity.journey_index.MAX_CONTACTS_PER_CUSTOMER", most)
    last = date.fromisoformat(weeks[-1]["start"])
    import_rows(db, tmp_path, f"late-1,email,{last.isoformat()}T09:00:00Z,{customer}\n")
    assert measured == [[w["label"] for w in weeks]]
    same_as_measured(db, tmp_path)


def test_a_store_with_the_older_table_gets_the_new_one(db: Path, tmp_path: Path) -> None:
    expected = report(db)
    with duckdb.connect(str(db)) as con:  # the table as parity 0.x kept it, one week in it
        con.execute("DROP TABLE kept_weeks")
        con.execute("CREATE TABLE kept_weeks (key VARCHAR PRIMARY KEY, result VARCHAR NOT NULL)")
        con.execute("INSERT INTO kept_weeks VALUES ('k', '{}')")
    same(report(db), expected)  # read-only: measured, the table left as it is
    import_rows(db, tmp_path, "late-1,phone,2026-10-07T09:00:00Z,C000001\n")
    with Store.open(db, read_only=True) as store:
        assert sql.columns_of(store.con, "kept_weeks") == [
            "key VARCHAR",
            "week_key VARCHAR",
            "result VARCHAR",
        ]
    same_as_measured(db, tmp_path)


def test_an_older_store_without_the_table_measures_its_weeks(db: Path) -> None:
    expected = report(db)
    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE kept_weeks")
    with Store.open(db, read_only=True) as store:
        assert (
            kept_weeks.load(store.con, {"any": Period(date(2026, 1, 5), date(2026, 1, 12), "week")})
            == {}
        )
    same(report(db), expected)


@pytest.mark.parametrize("index", ["current", "outdated"])
def test_an_older_store_without_customer_keys_measures_its_weeks_alike(
    db: Path, index: str
) -> None:
    """Read-only, the contacts show their keys through a view: the weeks are measured alike,
    at once on connections of their own (the journey index current), or one at a time after
    building the index from the view (outdated)."""
    expected = report(db)
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM kept_weeks")
        con.execute("ALTER TABLE contacts DROP COLUMN customer_key")
        if index == "outdated":
            con.execute("DELETE FROM parity_meta WHERE key = 'journey_index'")
    same(report(db), expected)
    with duckdb.connect(str(db), read_only=True) as con:
        assert "customer_key UBIGINT" not in (sql.columns_of(con, "contacts") or [])


def test_a_key_spells_the_settings_one_way_in_every_process() -> None:
    """Holidays are a set, whose order differs between processes with other hash seeds:
    the key must not."""
    script = (
        "import datetime as d\n"
        "from parity import kept_weeks\n"
        "from parity.calendar import Calendar\n"
        "from parity.config import Settings\n"
        "from parity.periods import Period\n"
        "from parity.store import Store\n"
        "days = frozenset(d.date(2026, 1, 1) + d.timedelta(days=i) for i in range(40))\n"
        "s = Settings(calendars={'phone': Calendar(holidays=days)})\n"
        "week = Period(d.date(2026, 1, 5), d.date(2026, 1, 12), 'week')\n"
        "with Store.memory() as store:\n"
        "    basis = kept_weeks.Basis(s, 'business', 'phone')\n"
        "    print(kept_weeks.keys(store.con, basis, [(week, '2026-01-12T00:00:00Z')]))\n"
    )
    spelled = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        spelled.add(out.stdout)
    assert len(spelled) == 1
    one = Settings(calendars={"phone": Calendar(holidays=frozenset({date(2026, 1, 1)}))})
    other = replace(one, calendars={"phone": Calendar(holidays=frozenset({date(2026, 1, 2)}))})
    week = [(Period(date(2026, 1, 5), date(2026, 1, 12), "week"), "2026-01-12T00:00:00Z")]
    with Store.memory() as store:
        on = {
            name: kept_weeks.keys(store.con, kept_weeks.Basis(settings, "business", "phone"), week)
            for name, settings in (("one", one), ("other", other))
        }
    assert on["one"] != on["other"]
