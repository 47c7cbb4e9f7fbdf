"""Every SPEC §4 metric against values computed by hand on a small fixture.

The fixture (all contacts created at T = 2026-03-02 09:00 UTC; offsets in seconds):

phone (file with every column)
  p1: response +60, resolved +600, hold 30, 0 transfers, remedy no, amount 0, csat 4
  p2: response +120, resolved +1200, hold 90, 1 transfer, reopened, remedy, amount 10, csat 2
  p3: response +180, unresolved, hold 150, 2 transfers, remedy no, amount empty
  p4: abandoned at +300, never answered, unresolved
social (file without hold, transfers, abandoned, reopened columns)
  s1: response +30, resolved +100, remedy, amount 20, csat 5
  s2: never answered, unresolved
  s3: response +90, resolved +300

as-of = T + 1200 (the latest timestamp: p2's resolution).

Kaplan–Meier by hand
  phone first response: 60 (S=3/4), 120 (S=1/2, flat until the next event at 180
    → median = (120 + 180) / 2 = 150), 180 (S=1/4), p4 censored at +300 (its
    abandonment) → 90th percentile not reached.
  phone resolution: 600 (S=3/4); at 1200 one event among 3 at risk (p3, p4 censored
    at as-of) → S=1/2 with no later event → median 1200.
  phone hold: 30, 90, 150 uncensored → median 90, 90th percentile 150.
  social first response: 30 (2/3), 90 (1/3) → median 90; s2 censored at +1200
    → 90th percentile not reached.
  social resolution: 100 (2/3), 300 (1/3) → median 300.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from parity import metrics, stats
from parity.importers.pipeline import import_files
from parity.store import Store
from tests.conftest import SAMPLE_DATA, write_csv

T = "2026-03-02T09:00:00Z"


def at(seconds: int) -> str:
    return datetime.fromtimestamp(
        datetime.fromisoformat(T).timestamp() + seconds, tz=UTC
    ).isoformat()


PHONE_HEADER = [
    "contact_id", "channel", "created_at", "first_response_at", "resolved_at", "hold_seconds",
    "transfers", "abandoned", "abandoned_at", "reopened", "remedy", "remedy_amount", "csat",
    "category",
]  # fmt: skip
PHONE = [
    ["p1", "phone", T, at(60), at(600), 30, 0, "no", "", "no", "no", 0, 4, "a"],
    ["p2", "phone", T, at(120), at(1200), 90, 1, "no", "", "yes", "yes", 10, 2, "a"],
    ["p3", "phone", T, at(180), "", 150, 2, "no", "", "", "no", "", "", "b"],
    ["p4", "phone", T, "", "", "", "", "yes", at(300), "", "", "", "", "b"],
]
SOCIAL_HEADER = [
    "contact_id", "channel", "created_at", "first_response_at", "resolved_at", "remedy",
    "remedy_amount", "csat", "category",
]  # fmt: skip
SOCIAL = [
    ["s1", "social", T, at(30), at(100), "yes", 20, 5, "a"],
    ["s2", "social", T, "", "", "no", "", "", "b"],
    ["s3", "social", T, at(90), at(300), "no", 0, "", "a"],
]


@pytest.fixture
def result(tmp_path: Path) -> metrics.MetricsResult:
    store = Store.memory()
    import_files(
        store,
        [
            write_csv(tmp_path / "phone.csv", PHONE_HEADER, PHONE),
            write_csv(tmp_path / "social.csv", SOCIAL_HEADER, SOCIAL),
        ],
    )
    return metrics.compute(store.con)


def test_phone_metrics_by_hand(result: metrics.MetricsResult) -> None:
    assert result.channels["phone"] == pytest.approx(
        {
            "contacts": 4,
            "share": 4 / 7,
            "response_rate": 3 / 4,
            "first_response_time_median_s": 150.0,
            "first_response_time_p90_s": None,
            "resolution_rate": 2 / 4,
            "resolution_time_median_s": 1200.0,
            "hold_time_median_s": 90.0,
            "hold_time_p90_s": 150.0,
            "abandon_rate": 1 / 4,
            "reopen_rate": 1 / 2,
            "transfer_rate": 2 / 3,
            "remedy_rate": 1 / 3,
            "remedy_amount_mean": 10 / 4,
            "csat_mean": 3.0,
            "csat_responses": 2,
        }
    )
    assert result.not_reached("phone") == ["first_response_time_p90_s"]


def test_social_metrics_by_hand_and_absent_columns_are_null(result: metrics.MetricsResult) -> None:
    assert result.channels["social"] == pytest.approx(
        {
            "contacts": 3,
            "share": 3 / 7,
            "response_rate": 2 / 3,
            "first_response_time_median_s": 90.0,
            "first_response_time_p90_s": None,
            "resolution_rate": 2 / 3,
            "resolution_time_median_s": 300.0,
            "hold_time_median_s": None,
            "hold_time_p90_s": None,
            "abandon_rate": None,
            "reopen_rate": None,
            "transfer_rate": None,
            "remedy_rate": 1 / 3,
            "remedy_amount_mean": 20 / 3,
            "csat_mean": 5.0,
            "csat_responses": 1,
        }
    )
    # hold time is absent for social (no column), not "not reached"
    assert result.not_reached("social") == ["first_response_time_p90_s"]


def test_period_and_as_of(result: metrics.MetricsResult) -> None:
    assert result.period.start == datetime.fromisoformat(T)
    assert result.period.as_of == datetime.fromisoformat(at(1200))
    assert result.period.contacts == 7


def test_the_store_span_is_read_again_when_an_import_changes_the_contacts(
    tmp_path: Path,
) -> None:
    """The span is kept for the connection while the store stays the same, and an import
    on that connection (a later phone file, then one that only replaces a row) reads it
    afresh: as of the later data, with its channels."""
    store = Store.memory()
    import_files(store, [write_csv(tmp_path / "social.csv", SOCIAL_HEADER, SOCIAL)])
    first = metrics.store_span(store.con)
    assert metrics.store_span(store.con) == first
    assert first == metrics.StoreSpan(
        datetime.fromisoformat(at(300)), datetime.fromisoformat(T), ("social",)
    )
    import_files(store, [write_csv(tmp_path / "phone.csv", PHONE_HEADER, PHONE)])
    second = metrics.store_span(store.con)
    assert second == metrics.StoreSpan(
        datetime.fromisoformat(at(1200)), datetime.fromisoformat(T), ("phone", "social")
    )
    later = [["p1", "phone", T, at(60), at(5000), 30, 0, "no", "", "no", "no", 0, 4, "a"]]
    import_files(store, [write_csv(tmp_path / "again.csv", PHONE_HEADER, later)])
    assert metrics.store_span(store.con).as_of == datetime.fromisoformat(at(5000))
    assert metrics.compute(store.con).period.as_of == datetime.fromisoformat(at(5000))


def test_aggregates_keep_censoring_and_strata(result: metrics.MetricsResult) -> None:
    table = result.aggregates.times["first_response_time"]["phone"]["b"]
    assert table.times.tolist() == [180.0, 300.0]  # p3 answered; p4 censored at abandonment
    assert table.events.tolist() == [1, 0]
    assert table.censored.tolist() == [0, 1]
    resolution = result.aggregates.times["resolution_time"]["phone"]["b"]
    assert resolution.censored.tolist() == [2]  # both censored at as-of (+1200)
    assert result.aggregates.rates["abandon_rate"]["phone"]["b"] == stats.RateCounts(1, 2)
    assert "abandon_rate" not in {m for m, c in result.aggregates.rates.items() if "social" in c}


def test_since_and_until_filter_by_creation(tmp_path: Path) -> None:
    header = ["contact_id", "channel", "created_at"]
    rows = [["1", "phone", "2026-03-01T12:00:00Z"], ["2", "phone", "2026-03-02T12:00:00Z"]]
    store = Store.memory()
    import_files(store, [write_csv(tmp_path / "a.csv", header, rows)])
    since = datetime(2026, 3, 2, tzinfo=UTC)
    got = metrics.compute(store.con, since=since)
    assert got.channels["phone"]["contacts"] == 1
    until = datetime(2026, 3, 2, tzinfo=UTC)
    assert metrics.compute(store.con, until=until).channels["phone"]["contacts"] == 1


def test_sql_medians_match_the_statistics_layer_on_the_sample_data() -> None:
    """Two implementations of the Kaplan–Meier quantiles (SQL and NumPy) agree."""
    store = Store.memory()
    import_files(store, [SAMPLE_DATA])
    result = metrics.compute(store.con)
    keys = {
        "first_response_time": ("first_response_time_median_s", "first_response_time_p90_s"),
        "resolution_time": ("resolution_time_median_s", None),
        "hold_time": ("hold_time_median_s", "hold_time_p90_s"),
    }
    checked = 0
    for metric, (median_key, p90_key) in keys.items():
        for channel, strata in result.aggregates.times[metric].items():
            curve = stats.kaplan_meier(stats.pool_times(strata.values()))
            for p, key in ((0.5, median_key), (0.9, p90_key)):
                if key is None:
                    continue
                expected = stats.survival_quantile(curve, p).value
                got = result.channels[channel][key]
                assert (got is None) == (expected is None), (channel, key)
                if expected is not None:
                    assert got == pytest.approx(expected, rel=1e-12)
                checked += 1
    assert checked >= 9


def test_rate_counts_match_a_plain_query_on_the_sample_data() -> None:
    store = Store.memory()
    import_files(store, [SAMPLE_DATA])
    result = metrics.compute(store.con)
    for channel, values in result.channels.items():
        row = store.con.execute(
            "SELECT avg((resolved_at IS NOT NULL)::INT), avg(remedy::INT) FROM contacts "
            "WHERE channel = $c",
            {"c": channel},
        ).fetchone()
        assert row is not None
        assert values["resolution_rate"] == pytest.approx(row[0])
        assert values["remedy_rate"] == pytest.approx(row[1])
    shares = np.array([v["share"] for v in result.channels.values()], dtype=float)
    assert shares.sum() == pytest.approx(1.0)
