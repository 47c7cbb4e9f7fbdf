"""Escalation journeys on generated data whose true escalations are known by construction.

Every customer below has one phone contact at a known time (all at least a week
before the as-of time) and, depending on their group, a later contact:

  group          customers  later contact                           escalates?
  esc_social        40      social, +1..6 days, same category       yes → social
  esc_nullcat       10      social, +2 days, no category            yes → social
  late              15      social, +8 days                         no (outside 7 days)
  other_category    12      social, +1 day, another category        no
  before            10      social, 1 day BEFORE the phone contact  no
  esc_email          8      email, +3 days, same category           yes → email
  alone             25      none                                    no
  recent             5      phone 2 days before as-of, social +1 d  not counted (window open)

so phone → social: 50 of 120 eligible phone contacts; phone → email: 8 of 120.
Outcomes: every escalated social contact is resolved with a remedy; the phone
contact before it was resolved with a remedy in 5 of the 50 journeys only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from parity import journey_index, journeys, metrics
from parity.importers.pipeline import import_files
from parity.stats.assess import Context
from parity.stats.paired import PairedCounts
from parity.stats.thresholds import Thresholds
from parity.store import Store
from tests.conftest import write_csv

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HEADER = [
    "contact_id", "channel", "created_at", "resolved_at", "remedy", "category", "customer_id",
]  # fmt: skip
GROUPS = {
    "esc_social": 40, "esc_nullcat": 10, "late": 15, "other_category": 12, "before": 10,
    "esc_email": 8, "alone": 25, "recent": 5,
}  # fmt: skip


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def build_rows() -> list[list[Any]]:
    rows: list[list[Any]] = []
    n = 0
    for group, size in GROUPS.items():
        for i in range(size):
            n += 1
            cust = f"{group}-{i}"
            start = T0 + timedelta(hours=n)  # spread over ~6 days
            if group == "recent":
                start = T0 + timedelta(days=30)
            escalated = group.startswith("esc_")
            good_first = escalated and i < (5 if group == "esc_social" else 0)
            rows.append(
                [f"p{n}", "phone", iso(start),
                 iso(start + timedelta(hours=1)) if good_first else "",
                 "yes" if good_first else "no", "billing", cust]
            )  # fmt: skip
            later = {
                "esc_social": ("social", timedelta(days=1 + i % 6), "billing"),
                "esc_nullcat": ("social", timedelta(days=2), ""),
                "late": ("social", timedelta(days=8), "billing"),
                "other_category": ("social", timedelta(days=1), "delivery"),
                "before": ("social", timedelta(days=-1), "billing"),
                "esc_email": ("email", timedelta(days=3), "billing"),
                "recent": ("social", timedelta(days=1), "billing"),
            }.get(group)
            if later is None:
                continue
            channel, delay, category = later
            at = start + delay
            rows.append(
                [f"x{n}", channel, iso(at), iso(at + timedelta(minutes=30)), "yes", category, cust]
            )
    rows.append(["end", "email", iso(T0 + timedelta(days=32)), "", "no", "", "nobody"])
    return rows


@pytest.fixture
def data(tmp_path: Path) -> journeys.JourneyData:
    store = Store.memory()
    import_files(store, [write_csv(tmp_path / "all.csv", HEADER, build_rows())])
    result = metrics.compute(store.con)
    return journeys.compute(
        store.con, since=None, until=None, as_of=result.period.as_of, window_days=7
    )


def test_escalation_counts_are_the_planted_ones(data: journeys.JourneyData) -> None:
    found = {(e.from_channel, e.to_channel): e for e in data.journeys.escalations}
    assert (found["phone", "social"].contacts, found["phone", "social"].escalated) == (120, 50)
    assert found["phone", "social"].rate == pytest.approx(50 / 120)
    assert (found["phone", "email"].contacts, found["phone", "email"].escalated) == (120, 8)
    # social contacts escalating to phone: only the 'before' group's social posts,
    # the day before their phone call
    assert found["social", "phone"].escalated == 10
    assert set(found) == {
        (a, b) for a in ("phone", "social", "email") for b in ("phone", "social", "email") if a != b
    }


def test_paired_outcomes_are_counted_pair_by_pair(data: journeys.JourneyData) -> None:
    # 50 phone → social journeys: 5 resolved on both sides, 45 only after escalating
    assert data.resolution["phone", "social"] == PairedCounts(5, 45, 0, 0)
    assert data.remedy["phone", "social"] == PairedCounts(5, 45, 0, 0)
    times = data.times["phone", "social"]
    # the 5 resolved phone contacts took 1 h, their social posts 30 min: social first
    assert (times.second_sooner, times.first_sooner) == (50, 0)
    assert times.second.n == times.first.n == 50


def test_complaining_elsewhere_is_found_rewarded(data: journeys.JourneyData) -> None:
    ctx = Context(0.05, 30, Thresholds().for_kind("rate"), False, ())
    time_ctx = Context(0.05, 30, Thresholds().for_kind("time"), False, ())
    ctx_for = {
        "escalated_resolution_rate": ctx,
        "escalated_remedy_rate": ctx,
        "escalated_resolution_time": time_ctx,
    }
    found = journeys.assess(data, ctx_for=ctx_for, reference="phone")
    by_metric = {(a.result.metric, a.result.channel): a.result for a in found}
    rate = by_metric["escalated_resolution_rate", "social"]
    assert rate.test == "McNemar"
    assert rate.estimate == pytest.approx(0.9)
    assert rate.p_value is not None
    assert rate.p_value < 1e-9
    assert by_metric["escalated_resolution_rate", "email"].severity == "insufficient_data"


def test_placeholder_customer_ids_are_left_out(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(journey_index, "MAX_CONTACTS_PER_CUSTOMER", 1)
    store = Store.memory()
    import_files(store, [write_csv(tmp_path / "all.csv", HEADER, build_rows())])
    result = metrics.compute(store.con)
    data = journeys.compute(
        store.con, since=None, until=None, as_of=result.period.as_of, window_days=7
    )
    found = {(e.from_channel, e.to_channel): e for e in data.journeys.escalations}
    assert found["phone", "social"].escalated == 0
    assert found["phone", "social"].contacts == 25  # the 'alone' customers
    assert data.journeys.excluded_contacts == 95 + 95  # their phone and their later contacts
    assert "placeholders" in data.journeys.notes[0]
