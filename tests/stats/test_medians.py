"""Difference of medians with the MOVER interval, and the bounds when not reached."""

from __future__ import annotations

import math

import pytest

from parity.stats import TimeTable, kaplan_meier, mover_interval, quantile_difference
from parity.stats.survival import survival_quantile


def test_mover_hand_computed() -> None:
    # θx = 10 (8, 15), θy = 4 (3, 6): L = 6 − √(2² + 2²), U = 6 + √(5² + 1²).
    low, high = mover_interval(10.0, (8.0, 15.0), 4.0, (3.0, 6.0))
    assert low == pytest.approx(6 - math.sqrt(8))
    assert high == pytest.approx(6 + math.sqrt(26))


def test_mover_with_unbounded_limits() -> None:
    low, high = mover_interval(10.0, (8.0, None), 4.0, (3.0, 6.0))
    assert low == pytest.approx(6 - math.sqrt(8))
    assert high is None
    assert mover_interval(10.0, (8.0, 15.0), 4.0, (3.0, None))[0] is None


def test_mover_reproduces_newcombe_from_wilson_limits() -> None:
    """Newcombe's hybrid score interval is MOVER applied to Wilson intervals."""
    from parity.stats import RateCounts, newcombe_interval, wilson_interval

    px, py = 56 / 70, 48 / 80
    low, high = mover_interval(px, wilson_interval(56, 70), py, wilson_interval(48, 80))
    expected = newcombe_interval(RateCounts(56, 70), RateCounts(48, 80))
    assert (low, high) == pytest.approx(expected)


def _uncensored(values: list[int]) -> TimeTable:
    return TimeTable.from_observations(values)


def test_quantile_difference_uses_both_brookmeyer_crowley_intervals() -> None:
    x = kaplan_meier(_uncensored(list(range(100, 160))))
    y = kaplan_meier(_uncensored(list(range(10, 70))))
    gap = quantile_difference(x, y)
    qx, qy = survival_quantile(x), survival_quantile(y)
    assert qx.value is not None
    assert qy.value is not None
    assert gap.difference == qx.value - qy.value == 90.0
    assert gap.ratio == pytest.approx(qx.value / qy.value)
    assert qx.ci_low is not None
    assert qy.ci_low is not None
    expected = mover_interval(qx.value, (qx.ci_low, qx.ci_high), qy.value, (qy.ci_low, qy.ci_high))
    assert (gap.ci_low, gap.ci_high) == expected
    assert gap.interval == "difference of medians, MOVER from Brookmeyer–Crowley limits"
    assert (gap.at_least, gap.at_most) == (None, None)


def test_not_reached_median_gives_a_bound_not_a_difference() -> None:
    # 30 of 100 answered within two minutes, the rest still waiting after a day.
    fast = TimeTable.from_observations([60] * 30 + [86_400] * 70, [True] * 30 + [False] * 70)
    steady = _uncensored(list(range(3000, 3100)))
    gap = quantile_difference(kaplan_meier(fast), kaplan_meier(steady))
    assert gap.difference is None
    assert gap.value.lower_bound == 86_400
    assert gap.at_least == 86_400 - gap.reference.value  # type: ignore[operator]
    assert gap.ratio_at_least == pytest.approx(86_400 / gap.reference.value)  # type: ignore[operator]
    assert gap.ci_high is None
    assert gap.ci_low is not None
    assert gap.ci_low > 0
    reverse = quantile_difference(kaplan_meier(steady), kaplan_meier(fast))
    assert gap.at_least is not None
    assert reverse.at_most == -gap.at_least
    assert reverse.ci_low is None
    assert reverse.ci_high is not None
    assert reverse.ci_high < 0


def test_both_not_reached_measures_nothing() -> None:
    waiting = TimeTable.from_observations([10, 500], [True, False])
    waiting_more = TimeTable.from_observations([20, 20, 900], [True, False, False])
    gap = quantile_difference(kaplan_meier(waiting), kaplan_meier(waiting_more), p=0.9)
    assert (gap.difference, gap.at_least, gap.at_most, gap.ci_low, gap.ci_high) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert gap.interval.startswith("difference of 90th percentiles")
