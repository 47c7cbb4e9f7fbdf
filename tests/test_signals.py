"""Remedy parity, reply coverage and empowerment against values computed by hand.

All contacts are created on 2026-03-02 (Monday) at 09:00 UTC plus an offset; the
as-of time is set explicitly to T + 30 h so that coverage eligibility is known.

phone (file with every column used here)
  p1: answered +10 min, resolved, remedy 20, team A
  p2: answered +2 h,    resolved, no remedy (apology only), team A
  p3: answered +30 h,   resolved, remedy 0 (a fix), team A       (created T)
  p4: never answered, abandoned, unresolved, no remedy, team B   (created T)
  p5: created T + 29 h, answered +5 min, resolved, remedy 40, team A
  p6: created T + 20 h, never answered, unresolved, no remedy, team A
social
  s1: answered +5 min, resolved, remedy 50, team S
  s2: answered +30 min, resolved, remedy 70, team S

Reply coverage, phone (as-of T + 30 h):
  1 h  — eligible: every contact created ≥ 1 h before as-of: p1–p4, p6 (p5 is 1 h
         before as-of exactly? no: 29 h + 1 h = 30 h, so p5 IS eligible) → 6 eligible;
         answered within 1 h: p1, p5 → 2/6.
  24 h — eligible: created ≤ T + 6 h: p1–p4 → answered within 24 h: p1, p2 → 2/4;
         recent (left out): p5, p6.
Remedy parity, phone: remedied p1, p3, p5 → amounts 20, 0, 40: mean 20, median 20,
  p25 = 10, p75 = 30, p90 = 36 (linear interpolation); mean over all six contacts
  (empty = 0) 60 / 6 = 10. Apology only: resolved without remedy = p2 → 1 of 6.
Empowerment with k = 2: phone team B has 1 contact → suppressed, and team A with it
  (phone's totals minus A's would give B's); with k = 1, team A: 5 contacts, remedy
  3/5, resolved 4/5.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from parity import api, config, metrics, signals
from parity.errors import ConfigError
from parity.importers.pipeline import import_files
from parity.renderers import json_
from parity.signal_config import SignalSettings, mark_label, parse_mark
from parity.store import Store
from tests.conftest import SAMPLE_DATA, write_csv

T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HEADER = [
    "contact_id", "channel", "created_at", "first_response_at", "resolved_at", "abandoned",
    "remedy", "remedy_amount", "agent_team",
]  # fmt: skip


def at(hours: float) -> str:
    return (T + timedelta(hours=hours)).isoformat()


ROWS = [
    ["p1", "phone", at(0), at(1 / 6), at(1), "no", "yes", 20, "A"],
    ["p2", "phone", at(0), at(2), at(3), "no", "no", 0, "A"],
    ["p3", "phone", at(0), at(30), at(30), "no", "yes", 0, "A"],
    ["p4", "phone", at(0), "", "", "yes", "no", "", "B"],
    ["p5", "phone", at(29), at(29 + 1 / 12), at(29.5), "no", "yes", 40, "A"],
    ["p6", "phone", at(20), "", "", "no", "no", "", "A"],
    ["s1", "social", at(0), at(1 / 12), at(1), "", "yes", 50, "S"],
    ["s2", "social", at(0), at(0.5), at(1), "", "yes", 70, "S"],
]


def compute(tmp_path: Path, k: int) -> signals.SignalData:
    store = Store.memory()
    import_files(store, [write_csv(tmp_path / "c.csv", HEADER, ROWS)])
    as_of = T + timedelta(hours=30)
    result = metrics.compute(store.con, as_of=as_of)
    return signals.compute(
        store.con,
        since=None,
        until=None,
        as_of=as_of,
        settings=SignalSettings(coverage_marks=(3600.0, 86400.0), min_group_size=k),
        alpha=0.05,
        amount_means={c: v["remedy_amount_mean"] for c, v in result.channels.items()},
    )


@pytest.fixture
def data(tmp_path: Path) -> signals.SignalData:
    return compute(tmp_path, k=2)


def test_reply_coverage_counts_unanswered_and_leaves_out_the_recent(data) -> None:
    phone = next(c for c in data.coverage.channels if c.channel == "phone")
    one_hour, one_day = phone.marks
    assert (one_hour.label, one_hour.eligible, one_hour.answered) == ("1h", 6, 2)
    assert one_hour.rate == pytest.approx(2 / 6)
    assert (one_day.label, one_day.eligible, one_day.answered) == ("24h", 4, 2)
    assert data.coverage.excluded_recent == {"1h": 0, "24h": 2}
    assert data.rates["reply_within_24h"]["social"]["(none)"].trials == 2


def test_remedy_parity_by_hand(data) -> None:
    phone = next(r for r in data.remedies if r.channel == "phone")
    assert (phone.remedied, phone.amount_known) == (3, 3)
    assert phone.amount_mean == pytest.approx(10.0)
    assert phone.amount_mean_remedied == pytest.approx(20.0)
    assert phone.amount_quantiles == pytest.approx(
        {"p25": 10.0, "p50": 20.0, "p75": 30.0, "p90": 36.0}
    )
    assert phone.apology_only_rate == pytest.approx(1 / 6)
    assert phone.apology_only_known == 6
    assert list(data.amounts["phone"]["(none)"].values) == [0.0, 20.0, 40.0]


def test_small_teams_are_suppressed_and_so_is_their_complement(data) -> None:
    assert data.empowerment is not None
    teams = {(t.channel, t.team): t for t in data.empowerment.teams}
    assert teams["phone", "B"].suppressed
    assert teams["phone", "B"].remedy_rate is None
    assert teams["phone", "A"].suppressed  # else phone's totals minus A's would give B's
    assert teams["phone", "A"].remedy_rate is None
    assert not teams["social", "S"].suppressed
    assert data.empowerment.suppressed_groups == 2
    assert "1 team(s) with fewer than 2 contacts" in data.empowerment.notes[0]
    assert "1 more team(s) are not shown either" in data.empowerment.notes[0]


def test_team_rates_by_hand(tmp_path: Path) -> None:
    empowerment = compute(tmp_path, k=1).empowerment
    assert empowerment is not None
    teams = {(t.channel, t.team): t for t in empowerment.teams}
    assert teams["phone", "A"].contacts == 5
    assert teams["phone", "A"].remedy_rate == pytest.approx(3 / 5)
    assert teams["phone", "A"].resolution_rate == pytest.approx(4 / 5)
    assert empowerment.suppressed_groups == 0


def test_marks_and_their_labels() -> None:
    assert [parse_mark(m) for m in ("1h", "30min", "7d", "90s", 120)] == [
        3600.0, 1800.0, 604800.0, 90.0, 120.0,
    ]  # fmt: skip
    assert [mark_label(s) for s in (3600.0, 86400.0, 604800.0, 1800.0)] == [
        "1h", "24h", "7d", "30min",
    ]  # fmt: skip


def test_signal_settings_and_thresholds_parse() -> None:
    settings = config.parse(
        {
            "clock": "business",
            "journeys": {"window_days": 3},
            "coverage": {"marks": ["24h", "1h"]},
            "empowerment": {"min_group_size": 10},
            "thresholds": {
                "escalation_rate": {"warn": 0.02, "fail": 0.05},
                "remedy_amount": {
                    "warn": {"relative": 0.1, "absolute": 5},
                    "fail": {"relative": 0.2, "absolute": 10},
                },
                "reply_coverage": {"warn": 0.1},
                "escalated_resolution_time": {"warn": {"relative": 0.25, "absolute_s": 90}},
            },
        },
        path=Path("parity.toml"),
    )
    assert settings.clock == "business"
    assert settings.signals == SignalSettings(3.0, (3600.0, 86400.0), 10)
    assert settings.threshold("remedy_amount").warn.relative == 0.1
    assert settings.threshold("escalation_rate").fail.absolute == 0.05


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"clock": "wall"}, "clock"),
        ({"journeys": {"window_days": 0}}, "journeys.window_days"),
        ({"journeys": {"days": 7}}, "journeys.days"),
        ({"coverage": {"marks": ["soon"]}}, "coverage.marks"),
        ({"empowerment": {"min_group_size": 0}}, "empowerment.min_group_size"),
        ({"thresholds": {"remedy_amount": {"warn": 5}}}, "thresholds.remedy_amount.warn"),
    ],
)
def test_bad_signal_settings_name_their_key(data: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        config.parse(data, path=Path("parity.toml"))


def test_report_json_carries_the_signals_and_the_clock(cli, tmp_path: Path) -> None:
    conf = tmp_path / "parity.toml"
    conf.write_text(
        '[calendars.phone]\ntimezone = "Europe/London"\n'
        'hours = { mon = "08:00-20:00", tue = "08:00-20:00", wed = "08:00-20:00", '
        'thu = "08:00-20:00", fri = "08:00-20:00" }\ncountry = "GB"\n'
    )
    run = cli("report", SAMPLE_DATA, "--format", "json", "--clock", "business", "--config", conf)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    doc = json.loads(run.stdout)
    for key in ("clock", "journeys", "remedies", "coverage", "empowerment", "signals"):
        assert key in doc
    assert doc["clock"]["clock"] == "business"
    phone = next(c for c in doc["clock"]["calendars"] if c["channel"] == "phone")
    assert "GB holidays" in phone["description"]
    assert doc["journeys"]["window_days"] == 7
    first = doc["journeys"]["escalations"][0]
    assert set(first) >= {"from_channel", "to_channel", "contacts", "escalated", "rate"}
    assert {s["family"] for s in doc["signals"]} == {"journeys", "remedies", "coverage"}
    flagged = {(s["metric"], s["channel"], s["favours"]) for s in doc["signals"] if s["flagged"]}
    # the demo's planted escalation: phone callers who go to social are rewarded there
    assert ("escalated_remedy_rate", "social", "social") in flagged


def test_amount_means_do_not_depend_on_the_order_of_the_rows(tmp_path: Path) -> None:
    """The same contacts in another order give the same report, to the last digit: the
    means of remedy amounts are summed by amount (a plain avg() adds the rows in the order
    they come, which differed from run to run on several threads; this test fails with
    it). Scores that are not halves, in several categories, check the satisfaction mean
    the same way, though at this size one thread returns the strata in the same order
    either way."""
    rng = random.Random(8)
    base = datetime(2026, 3, 2, 9, tzinfo=UTC)
    header = ["contact_id", "channel", "created_at", "remedy", "remedy_amount", "csat", "category"]
    rows = []
    for i in range(1200):
        remedied = rng.random() < 0.6
        amount = f"{rng.randrange(1, 100_000) / 100:.2f}" if remedied else ""
        created = (base + timedelta(minutes=7 * i)).isoformat()
        score = rng.choice(["1.3", "2.7", "3.1", "4.9", ""])  # not halves: sums round
        category = rng.choice(["billing", "delivery", "account", "returns", ""])
        channel = ("phone", "social")[i % 2]
        rows.append([f"c{i}", channel, created, str(remedied).lower(), amount, score, category])
    shuffled = rows[:]
    rng.shuffle(shuffled)

    def report(name: str, data: list[list[object]]) -> dict[str, object]:
        path = write_csv(tmp_path / name / "contacts.csv", header, data)
        doc = json.loads(
            json_.render(api.report(api.Source(paths=[path]), api.Scope(), config.Settings()))
        )
        doc.pop("generated_at")
        return doc

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = report("a", rows), report("b", shuffled)
    assert first == second
    means = {c["channel"]: c["metrics"]["remedy_amount_mean"] for c in first["channels"]}
    assert None not in means.values()
    assert set(means) == {"phone", "social"}
