"""Kaplan–Meier curves, quantiles with Brookmeyer–Crowley intervals, standardised curves."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.stats import (
    TimeTable,
    kaplan_meier,
    standardised_curve,
    survival_quantile,
)
from tests.stats.refdata import load, table

QUANTILES: dict[str, Any] = load("survival")["quantiles"]
STRATIFIED: dict[str, Any] = load("survival")["stratified"]


def _table(times: list[float], events: list[int], censored: list[int]) -> TimeTable:
    return TimeTable(
        np.asarray(times, dtype=np.float64),
        np.asarray(events, dtype=np.int64),
        np.asarray(censored, dtype=np.int64),
    )


@pytest.mark.parametrize("name", sorted(QUANTILES))
def test_kaplan_meier_matches_statsmodels(name: str) -> None:
    case = QUANTILES[name]
    curve = kaplan_meier(table(case["table"]))
    assert curve.times.tolist() == case["surv_times"]
    np.testing.assert_allclose(curve.survival, case["surv_prob"], rtol=1e-12, atol=1e-15)
    # statsmodels gives NaN where S reaches 0; we define the variance there as 0.
    expected_se = np.nan_to_num(np.asarray(case["surv_prob_se"], dtype=float), nan=0.0)
    np.testing.assert_allclose(np.sqrt(curve.variance), expected_se, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("name", sorted(QUANTILES))
@pytest.mark.parametrize("p", [0.5, 0.9])
def test_quantile_matches_r_survfit(name: str, p: float) -> None:
    """R's rule: first time with S(t) ≤ 1 − p, midpoint where S equals 1 − p exactly."""
    case = QUANTILES[name]
    q = survival_quantile(kaplan_meier(table(case["table"])), p)
    assert q.value == case[f"q{int(p * 100)}_r"]
    if q.value is None:
        assert q.lower_bound == case["table"]["times"][-1]
    else:
        assert q.lower_bound is None


# statsmodels gives no interval (NaN) when no time is compatible with the quantile;
# what we give then is tested in test_median_not_reached_is_none_with_its_bound.
INTERVAL_CASES = [
    (name, p, how)
    for name in sorted(QUANTILES)
    for p in (0.5, 0.9)
    for how in ("cloglog", "linear", "log", "logit", "asinsqrt")
    if QUANTILES[name][f"q{int(p * 100)}_ci_{how}"][0] is not None
]


@pytest.mark.parametrize(("name", "p", "transform"), INTERVAL_CASES)
def test_brookmeyer_crowley_interval_matches_statsmodels(
    name: str, p: float, transform: Any
) -> None:
    expected_low, expected_high = QUANTILES[name][f"q{int(p * 100)}_ci_{transform}"]
    q = survival_quantile(kaplan_meier(table(QUANTILES[name]["table"])), p, transform=transform)
    assert (q.ci_low, q.ci_high) == (expected_low, expected_high)
    assert q.method == f"Kaplan–Meier, Brookmeyer–Crowley interval ({transform})"


def test_median_not_reached_is_none_with_its_bound() -> None:
    case = QUANTILES["not_reached_80"]
    q = survival_quantile(kaplan_meier(table(case["table"])))
    assert q.value is None
    assert not q.reached
    assert q.lower_bound == 3000.0
    # Every observed time is significantly above the median: it lies past them all.
    assert (q.ci_low, q.ci_high) == (3000.0, None)


def test_hand_computed_curve_and_midpoint_median() -> None:
    # 4 contacts: events at 1 and 2, one censored at 3, event at 4.
    curve = kaplan_meier(_table([1, 2, 3, 4], [1, 1, 0, 1], [0, 0, 1, 0]))
    assert curve.times.tolist() == [1.0, 2.0, 4.0]
    assert curve.survival.tolist() == [0.75, 0.5, 0.0]
    # Greenwood: 0.75² · 1/(4·3) and 0.5² · (1/12 + 1/6); zero once S is zero.
    np.testing.assert_allclose(curve.variance, [0.75**2 / 12, 0.25 * (1 / 12 + 1 / 6), 0.0])
    assert curve.horizon == math.inf
    q = survival_quantile(curve)
    assert q.value == 3.0  # S = 0.5 exactly from 2 until the next event at 4
    assert q.p == 0.5


def test_censored_at_a_tie_are_still_at_risk_at_that_time() -> None:
    # At t=5 all 5 are at risk, the 2 censored there included: S = 1 − 2/5.
    curve = kaplan_meier(_table([5, 8], [2, 1], [2, 0]))
    assert curve.survival.tolist() == [0.6, 0.0]


def test_all_censored_has_no_event_and_no_median() -> None:
    curve = kaplan_meier(_table([10, 20], [0, 0], [3, 2]))
    assert curve.times.size == 0
    assert curve.horizon == 20.0
    q = survival_quantile(curve)
    assert (q.value, q.lower_bound, q.ci_low, q.ci_high) == (None, 20.0, 20.0, None)


def test_all_events_at_one_time() -> None:
    curve = kaplan_meier(_table([42], [7], [0]))
    q = survival_quantile(curve)
    assert (q.value, q.ci_low, q.ci_high) == (42.0, 42.0, 42.0)


def test_empty_table_and_bad_p_are_errors() -> None:
    with pytest.raises(ValueError, match="at least one contact"):
        kaplan_meier(_table([], [], []))
    with pytest.raises(ValueError, match="between 0 and 1"):
        survival_quantile(kaplan_meier(_table([1], [1], [0])), 1.0)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=80))
def test_uncensored_median_is_the_ordinary_median(values: list[int]) -> None:
    q = survival_quantile(kaplan_meier(TimeTable.from_observations(values)))
    assert q.value == pytest.approx(float(np.median(values)))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=50), st.booleans()), min_size=1, max_size=60
    )
)
def test_curve_is_a_non_increasing_probability(rows: list[tuple[int, bool]]) -> None:
    durations, observed = zip(*rows, strict=True)
    curve = kaplan_meier(TimeTable.from_observations(durations, observed))
    assert np.all(np.diff(curve.survival) <= 0)
    assert np.all((curve.survival >= 0) & (curve.survival <= 1))
    assert np.all(curve.variance >= 0)
    q = survival_quantile(curve)
    assert (q.value is None) == (q.lower_bound is not None)


def _strata() -> list[list[TimeTable]]:
    return [[table(g) for g in pair] for pair in STRATIFIED["strata"]]


@pytest.mark.parametrize("side", [0, 1])
def test_standardised_curve_matches_weighted_statsmodels_curves(side: int) -> None:
    expected = STRATIFIED["standardised"][f"side_{side}"]
    tables = [pair[side] for pair in _strata()]
    weights = [sum(t.n for t in pair) for pair in _strata()]
    curve = standardised_curve(tables, weights)
    assert curve.times.tolist() == expected["times"]
    np.testing.assert_allclose(curve.survival, expected["survival"], rtol=1e-12)
    np.testing.assert_allclose(curve.variance, expected["variance"], rtol=1e-9, atol=1e-18)
    horizon = expected["horizon"]
    assert curve.horizon == (math.inf if horizon is None else horizon)
    assert survival_quantile(curve).value == expected["median"]
    assert curve.method == "Kaplan–Meier standardised over 3 strata"


def test_standardised_curve_of_one_stratum_is_its_kaplan_meier() -> None:
    only = _strata()[0][0]
    curve = standardised_curve([only], [5.0])
    km = kaplan_meier(only)
    np.testing.assert_array_equal(curve.times, km.times)
    np.testing.assert_allclose(curve.survival, km.survival)
    np.testing.assert_allclose(curve.variance, km.variance)
    assert curve.method == "Kaplan–Meier"


def test_standardised_curve_weights_are_normalised_and_zero_weights_dropped() -> None:
    a, b, c = (pair[0] for pair in _strata())
    once = standardised_curve([a, b], [1.0, 3.0])
    scaled = standardised_curve([a, b, c], [10.0, 30.0, 0.0])
    np.testing.assert_allclose(once.survival, scaled.survival)
    with pytest.raises(ValueError, match="one weight per table"):
        standardised_curve([a, b], [1.0])
    with pytest.raises(ValueError, match="positive sum"):
        standardised_curve([a], [0.0])


def test_standardised_curve_carries_a_finished_stratum_forward() -> None:
    # Stratum A is observed until 10 only (S = 0.5 there); B runs on to 100.
    a = _table([5, 10], [1, 0], [0, 1])
    b = _table([50, 100], [1, 1], [0, 0])
    curve = standardised_curve([a, b], [1.0, 1.0])
    assert curve.times.tolist() == [5.0, 50.0, 100.0]
    np.testing.assert_allclose(curve.survival, [0.75, 0.5, 0.25])
    assert curve.horizon == math.inf
    assert survival_quantile(curve).value == 75.0
