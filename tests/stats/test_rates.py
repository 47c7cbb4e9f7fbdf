"""Rates: Miettinen–Nurminen, Newcombe, Wilson, CMH and the Mantel–Haenszel difference."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.stats import (
    RateCounts,
    mantel_haenszel,
    miettinen_nurminen_interval,
    newcombe_interval,
    rate_difference,
    score_test,
    wilson_interval,
)
from tests.stats.refdata import load

TWO_SAMPLE: list[dict[str, Any]] = load("rates")["two_sample"]
STRATIFIED: dict[str, Any] = load("rates")["stratified"]


def _pair(case: dict[str, Any]) -> tuple[RateCounts, RateCounts]:
    return RateCounts(*case["x"]), RateCounts(*case["y"])


def _id(case: dict[str, Any]) -> str:
    return f"{case['x'][0]}of{case['x'][1]}-vs-{case['y'][0]}of{case['y'][1]}"


@pytest.mark.parametrize("case", TWO_SAMPLE, ids=_id)
def test_miettinen_nurminen_matches_numerical_constrained_mle(case: dict[str, Any]) -> None:
    low, high = miettinen_nurminen_interval(*_pair(case))
    assert low == pytest.approx(case["mn_interval"][0], abs=1e-7)
    assert high == pytest.approx(case["mn_interval"][1], abs=1e-7)


PUBLISHED = [c for c in TWO_SAMPLE if "mn_interval_published" in c]


@pytest.mark.parametrize("case", PUBLISHED, ids=_id)
def test_miettinen_nurminen_matches_newcombe_1998_table_ii(case: dict[str, Any]) -> None:
    low, high = miettinen_nurminen_interval(*_pair(case))
    assert round(low, 4) == pytest.approx(case["mn_interval_published"][0], abs=1e-12)
    assert round(high, 4) == pytest.approx(case["mn_interval_published"][1], abs=1e-12)


@pytest.mark.parametrize("case", TWO_SAMPLE, ids=_id)
def test_newcombe_matches_statsmodels(case: dict[str, Any]) -> None:
    low, high = newcombe_interval(*_pair(case))
    assert low == pytest.approx(case["newcombe_interval"][0], abs=1e-12)
    assert high == pytest.approx(case["newcombe_interval"][1], abs=1e-12)


@pytest.mark.parametrize("case", TWO_SAMPLE, ids=_id)
def test_wilson_matches_statsmodels(case: dict[str, Any]) -> None:
    x, y = _pair(case)
    assert wilson_interval(x.successes, x.trials) == pytest.approx(case["wilson_x"], abs=1e-12)
    assert wilson_interval(y.successes, y.trials) == pytest.approx(case["wilson_y"], abs=1e-12)


SCORED = [c for c in TWO_SAMPLE if "score_test" in c]


@pytest.mark.parametrize("case", SCORED, ids=_id)
def test_score_test_matches_statsmodels(case: dict[str, Any]) -> None:
    z, p = score_test(*_pair(case))
    assert z == pytest.approx(case["score_test"][0], rel=1e-10)
    assert p == pytest.approx(case["score_test"][1], rel=1e-8)


@pytest.mark.parametrize("counts", [(0, 30, 0, 40), (30, 30, 40, 40), (0, 10, 0, 20)])
def test_score_test_without_any_variation_gives_no_evidence(
    counts: tuple[int, int, int, int],
) -> None:
    z, p = score_test(RateCounts(*counts[:2]), RateCounts(*counts[2:]))
    assert (z, p) == (0.0, 1.0)


def test_mn_interval_at_the_boundary_reaches_minus_one() -> None:
    low, high = miettinen_nurminen_interval(RateCounts(0, 30), RateCounts(40, 40))
    assert low == -1.0
    assert -1.0 < high < -0.8


def test_rate_difference_names_its_test_and_interval() -> None:
    result = rate_difference(RateCounts(56, 70), RateCounts(48, 80))
    assert result.test == "Miettinen–Nurminen score test"
    assert result.interval == "Miettinen–Nurminen score interval"
    assert result.difference == pytest.approx(0.8 - 0.6)
    assert (result.n, result.n_reference, result.confidence) == (70, 80, 0.95)
    newcombe = rate_difference(RateCounts(56, 70), RateCounts(48, 80), interval="newcombe")
    assert newcombe.interval == "Newcombe hybrid score interval"
    assert newcombe.ci_high == pytest.approx(0.33387265403690614, abs=1e-12)


def test_rate_comparison_needs_trials_on_both_sides() -> None:
    with pytest.raises(ValueError, match="at least one trial"):
        rate_difference(RateCounts(0, 0), RateCounts(3, 10))


@pytest.mark.parametrize("name", sorted(STRATIFIED))
def test_cmh_matches_statsmodels_and_r(name: str) -> None:
    case = STRATIFIED[name]
    strata = [(RateCounts(*a), RateCounts(*b)) for a, b in case["strata"]]
    result = mantel_haenszel(strata)
    assert result.statistic == pytest.approx(case["cmh_statsmodels"][0], rel=1e-10)
    assert result.p_value == pytest.approx(case["cmh_statsmodels"][1], rel=1e-6)
    assert result.statistic == pytest.approx(case["cmh_r"][0], rel=1e-10)
    assert result.p_value == pytest.approx(case["cmh_r"][1], rel=1e-6)


@pytest.mark.parametrize("name", sorted(STRATIFIED))
def test_mantel_haenszel_difference_matches_metafor_sato(name: str) -> None:
    case = STRATIFIED[name]
    strata = [(RateCounts(*a), RateCounts(*b)) for a, b in case["strata"]]
    result = mantel_haenszel(strata)
    expected = case["mh_rd_metafor"]
    assert result.difference == pytest.approx(expected["difference"], rel=1e-10)
    assert result.standard_error == pytest.approx(expected["se"], rel=1e-10)
    assert result.ci_low == pytest.approx(expected["ci"][0], rel=1e-9, abs=1e-12)
    assert result.ci_high == pytest.approx(expected["ci"][1], rel=1e-9)
    assert result.test == "Cochran–Mantel–Haenszel"
    assert result.strata == len(strata)


def test_mantel_haenszel_hand_computed_single_stratum() -> None:
    # a=6 of 10 vs c=2 of 10: RD = 0.4; W = 5; P = (100·2 − 100·6 + 0)/400 = −1;
    # Q = (6·8 + 2·4)/40 = 1.4; Var = (0.4·(−1) + 1.4)/25 = 0.04; SE = 0.2.
    result = mantel_haenszel([(RateCounts(6, 10), RateCounts(2, 10))])
    assert result.difference == pytest.approx(0.4)
    assert result.standard_error == pytest.approx(0.2)
    # CMH: E = 4, V = 10·10·8·12/(400·19) = 1.263…; chi2 = 4/V = 3.1666…
    assert result.statistic == pytest.approx(4 / (10 * 10 * 8 * 12 / (400 * 19)))
    assert result.excess == pytest.approx(2.0)


def test_mantel_haenszel_skips_strata_with_an_empty_side() -> None:
    kept = [(RateCounts(6, 10), RateCounts(2, 10))]
    with_empty = [*kept, (RateCounts(0, 0), RateCounts(5, 9)), (RateCounts(3, 4), RateCounts(0, 0))]
    assert mantel_haenszel(with_empty) == mantel_haenszel(kept)
    with pytest.raises(ValueError, match="both groups have trials"):
        mantel_haenszel([(RateCounts(0, 0), RateCounts(5, 9))])


def test_mantel_haenszel_without_variation_has_no_evidence() -> None:
    result = mantel_haenszel([(RateCounts(0, 30), RateCounts(0, 40))] * 2)
    assert (result.statistic, result.p_value, result.difference) == (0.0, 1.0, 0.0)


def test_mantel_haenszel_continuity_correction_shrinks_the_statistic() -> None:
    strata = [(RateCounts(10, 50), RateCounts(4, 45)), (RateCounts(25, 90), RateCounts(12, 80))]
    plain = mantel_haenszel(strata)
    corrected = mantel_haenszel(strata, continuity=True)
    assert corrected.statistic < plain.statistic
    expected = (abs(plain.excess) - 0.5) ** 2 / (plain.excess**2 / plain.statistic)
    assert corrected.statistic == pytest.approx(expected)


counts = st.integers(min_value=1, max_value=400).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@settings(max_examples=150, deadline=None)
@given(x=counts, y=counts)
def test_mn_interval_and_score_test_agree(x: tuple[int, int], y: tuple[int, int]) -> None:
    """The interval is the set of differences the test keeps: 0 is outside iff p < α."""
    a, b = RateCounts(*x), RateCounts(*y)
    low, high = miettinen_nurminen_interval(a, b)
    _, p = score_test(a, b)
    d = a.successes / a.trials - b.successes / b.trials
    assert -1.0 <= low <= d + 1e-12
    assert d - 1e-12 <= high <= 1.0
    excluded = low > 1e-9 or high < -1e-9
    included = low < -1e-9 and high > 1e-9
    if excluded:
        assert p < 0.05 + 1e-6
    if included:
        assert p > 0.05 - 1e-6


@settings(max_examples=100, deadline=None)
@given(x=counts, y=counts)
def test_intervals_are_antisymmetric_in_the_groups(x: tuple[int, int], y: tuple[int, int]) -> None:
    a, b = RateCounts(*x), RateCounts(*y)
    for interval in (miettinen_nurminen_interval, newcombe_interval):
        low, high = interval(a, b)
        back_low, back_high = interval(b, a)
        assert math.isclose(low, -back_high, abs_tol=1e-9)
        assert math.isclose(high, -back_low, abs_tol=1e-9)
