"""Satisfaction scores: Wilcoxon–Mann–Whitney, van Elteren, differences of means."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.stats import (
    ScoreCounts,
    mean_difference,
    stratified_mean_difference,
    van_elteren,
    wilcoxon_mann_whitney,
)
from tests.stats.refdata import load

REFERENCE: dict[str, Any] = load("scores")
TWO = REFERENCE["two_sample"]
STRATIFIED = REFERENCE["stratified"]
LEVELS = np.arange(1.0, 6.0)


def scores(counts: list[int]) -> ScoreCounts:
    return ScoreCounts(LEVELS.copy(), np.asarray(counts, dtype=np.int64))


@pytest.mark.parametrize("name", sorted(TWO))
def test_wilcoxon_mann_whitney_matches_scipy_and_r(name: str) -> None:
    case = TWO[name]
    x, y = scores(case["x"]), scores(case["y"])
    result = wilcoxon_mann_whitney(x, y)
    u = result.superiority * x.n * y.n
    assert u == pytest.approx(case["mannwhitneyu"][0], rel=1e-12)
    assert u == pytest.approx(case["wilcox_r"][0], rel=1e-12)
    assert result.p_value == pytest.approx(case["mannwhitneyu"][1], rel=1e-8, abs=1e-300)
    assert result.p_value == pytest.approx(case["wilcox_r"][1], rel=1e-8, abs=1e-300)
    assert result.test == "Wilcoxon–Mann–Whitney"


@pytest.mark.parametrize("name", sorted(TWO))
def test_welch_interval_matches_statsmodels_and_r(name: str) -> None:
    case = TWO[name]
    result = mean_difference(scores(case["x"]), scores(case["y"]))
    assert (result.ci_low, result.ci_high) == pytest.approx(case["welch_ci_statsmodels"], rel=1e-9)
    assert (result.ci_low, result.ci_high) == pytest.approx(case["welch_ci_r"], rel=1e-9)


@pytest.mark.parametrize("name", sorted(TWO))
def test_van_elteren_of_one_stratum_is_wilcoxon(name: str) -> None:
    case = TWO[name]
    x, y = scores(case["x"]), scores(case["y"])
    stratified = van_elteren([(x, y)])
    assert stratified.statistic == pytest.approx(case["van_elteren_one_stratum"][0], rel=1e-10)
    assert stratified.statistic == pytest.approx(wilcoxon_mann_whitney(x, y).statistic, rel=1e-10)


def test_van_elteren_matches_cmh_row_mean_scores_with_modified_ridits() -> None:
    strata = [(scores(a), scores(b)) for a, b in STRATIFIED["strata"]]
    result = van_elteren(strata)
    z, p = STRATIFIED["van_elteren_cmh_modridit"]
    assert result.statistic == pytest.approx(z, rel=1e-10)
    assert result.p_value == pytest.approx(p, rel=1e-8)
    assert (result.test, result.strata) == ("van Elteren", 3)


def test_stratified_mean_difference_matches_contact_level_computation() -> None:
    strata = [(scores(a), scores(b)) for a, b in STRATIFIED["strata"]]
    result = stratified_mean_difference(strata)
    d, se, low, high = STRATIFIED["mh_mean_difference"]
    assert (result.difference, result.standard_error) == pytest.approx((d, se), rel=1e-12)
    assert (result.ci_low, result.ci_high) == pytest.approx((low, high), rel=1e-12)


def test_hand_computed_wilcoxon() -> None:
    # x = {2, 3}, y = {1, 2}: midranks 1 (y=1), 2.5, 2.5 (the 2s), 4 (x=3).
    x, y = ScoreCounts.from_scores([2, 3]), ScoreCounts.from_scores([1, 2])
    result = wilcoxon_mann_whitney(x, y)
    assert result.superiority == pytest.approx((6.5 - 3) / 4)  # U = R − n(n+1)/2
    # Var(U) = n1·n0/12 · ((N+1) − Σ(t³−t)/(N(N−1))) = 4/12 · (5 − 6/12)
    assert result.statistic == pytest.approx((3.5 - 2) / np.sqrt(4 / 12 * (5 - 0.5)))


def test_identical_constant_scores_give_no_evidence() -> None:
    same = ScoreCounts.from_scores([4, 4, 4])
    result = wilcoxon_mann_whitney(same, same)
    assert (result.statistic, result.p_value, result.superiority) == (0.0, 1.0, 0.5)
    assert mean_difference(same, same).difference == 0.0


def test_score_functions_need_responses_on_both_sides() -> None:
    empty = ScoreCounts(np.empty(0), np.empty(0, dtype=np.int64))
    one = ScoreCounts.from_scores([3])
    with pytest.raises(ValueError, match="both sides"):
        wilcoxon_mann_whitney(empty, one)
    with pytest.raises(ValueError, match="both sides"):
        mean_difference(one, empty)
    with pytest.raises(ValueError, match="both groups"):
        van_elteren([(empty, one)])
    with pytest.raises(ValueError, match="both sides"):
        stratified_mean_difference([(one, empty)])


five_counts = st.lists(st.integers(min_value=0, max_value=40), min_size=5, max_size=5).filter(
    lambda c: sum(c) > 1
)


@settings(max_examples=100, deadline=None)
@given(x=five_counts, y=five_counts, z=five_counts, w=five_counts)
def test_swapping_the_groups_mirrors_every_result(
    x: list[int], y: list[int], z: list[int], w: list[int]
) -> None:
    forward = wilcoxon_mann_whitney(scores(x), scores(y))
    back = wilcoxon_mann_whitney(scores(y), scores(x))
    assert back.statistic == pytest.approx(-forward.statistic, abs=1e-9)
    assert back.p_value == pytest.approx(forward.p_value, rel=1e-9)
    assert back.superiority == pytest.approx(1 - forward.superiority, abs=1e-12)
    strata = [(scores(x), scores(y)), (scores(z), scores(w))]
    mirrored = [(b, a) for a, b in strata]
    assert van_elteren(mirrored).statistic == pytest.approx(
        -van_elteren(strata).statistic, abs=1e-9
    )
    means = stratified_mean_difference(strata)
    assert stratified_mean_difference(mirrored).difference == pytest.approx(
        -means.difference, abs=1e-12
    )
    assert means.ci_low <= means.difference <= means.ci_high
