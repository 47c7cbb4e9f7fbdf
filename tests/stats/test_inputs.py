"""The aggregate input types: validation and pooling of strata."""

from __future__ import annotations

import numpy as np
import pytest

from parity.stats import RateCounts, ScoreCounts, TimeTable, pool_rates, pool_scores, pool_times


def _table(times: list[float], events: list[int], censored: list[int]) -> TimeTable:
    return TimeTable(
        np.asarray(times, dtype=np.float64),
        np.asarray(events, dtype=np.int64),
        np.asarray(censored, dtype=np.int64),
    )


def test_rate_counts_reject_impossible_counts() -> None:
    with pytest.raises(ValueError, match="successes <= trials"):
        RateCounts(5, 4)
    with pytest.raises(ValueError, match="successes <= trials"):
        RateCounts(-1, 4)
    assert RateCounts(0, 0).n == 0


@pytest.mark.parametrize(
    ("times", "events", "censored", "message"),
    [
        ([2.0, 1.0], [1, 1], [0, 0], "distinct and ascending"),
        ([1.0, 1.0], [1, 1], [0, 0], "distinct and ascending"),
        ([1.0, 2.0], [1], [0, 0], "same length"),
        ([1.0, 2.0], [1, -1], [0, 0], "negative"),
        ([1.0, float("inf")], [1, 1], [0, 0], "finite"),
    ],
)
def test_time_table_rejects_malformed_tables(
    times: list[float], events: list[int], censored: list[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _table(times, events, censored)


def test_time_table_from_observations_counts_events_and_censorings() -> None:
    table = TimeTable.from_observations([5, 3, 5, 9, 3], [True, False, True, True, True])
    assert table.times.tolist() == [3.0, 5.0, 9.0]
    assert table.events.tolist() == [1, 2, 1]
    assert table.censored.tolist() == [1, 0, 0]
    assert table.n == 5
    assert TimeTable.from_observations([4.0, 4.0]).events.tolist() == [2]


def test_score_counts_from_scores_and_validation() -> None:
    scores = ScoreCounts.from_scores([5, 4, 4, 1])
    assert scores.values.tolist() == [1.0, 4.0, 5.0]
    assert scores.counts.tolist() == [1, 2, 1]
    assert scores.n == 4
    with pytest.raises(ValueError, match="ascending"):
        ScoreCounts(np.array([2.0, 1.0]), np.array([1, 1], dtype=np.int64))
    with pytest.raises(ValueError, match="negative"):
        ScoreCounts(np.array([1.0]), np.array([-1], dtype=np.int64))


def test_pooling_merges_strata_onto_a_common_grid() -> None:
    a = _table([1.0, 4.0], [1, 2], [0, 1])
    b = _table([2.0, 4.0, 7.0], [3, 0, 1], [1, 1, 0])
    pooled = pool_times([a, b])
    assert pooled.times.tolist() == [1.0, 2.0, 4.0, 7.0]
    assert pooled.events.tolist() == [1, 3, 2, 1]
    assert pooled.censored.tolist() == [0, 1, 2, 0]
    assert pool_times([a]) is a
    assert pool_times([]).n == 0
    assert pool_rates([RateCounts(1, 4), RateCounts(2, 3)]) == RateCounts(3, 7)
    scores = pool_scores([ScoreCounts.from_scores([1, 5, 5]), ScoreCounts.from_scores([3, 5])])
    assert scores.values.tolist() == [1.0, 3.0, 5.0]
    assert scores.counts.tolist() == [1, 1, 3]
    assert pool_scores([]).n == 0
