"""The log-rank test from aggregated tables, plain and stratified."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from scipy import stats

from parity.stats import TimeTable, logrank, logrank_stratified
from tests.stats.refdata import load, table

REFERENCE: dict[str, Any] = load("survival")
QUANTILES = REFERENCE["quantiles"]
PAIRS: dict[str, Any] = REFERENCE["logrank"]


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_logrank_matches_statsmodels_scipy_and_r(name: str) -> None:
    pair = PAIRS[name]
    result = logrank(table(QUANTILES[pair["x"]]["table"]), table(QUANTILES[pair["y"]]["table"]))
    for source in ("statsmodels", "scipy", "r"):
        assert result.statistic == pytest.approx(pair[source][0], rel=1e-10)
    assert result.p_value == pytest.approx(pair["r"][1], rel=1e-8)
    assert result.test == "log-rank"


def test_stratified_logrank_matches_statsmodels_and_r() -> None:
    case = REFERENCE["stratified"]
    strata = [(table(a), table(b)) for a, b in case["strata"]]
    result = logrank_stratified(strata)
    assert result.statistic == pytest.approx(case["logrank_statsmodels"][0], rel=1e-10)
    assert result.statistic == pytest.approx(case["logrank_r"][0], rel=1e-10)
    assert result.p_value == pytest.approx(case["logrank_r"][1], rel=1e-8)
    assert result.test == "stratified log-rank"
    assert result.strata == 3


def test_hand_computed_logrank() -> None:
    # x: events at 1 and 3; y: event at 2, censored at 4.
    x = TimeTable.from_observations([1, 3])
    y = TimeTable.from_observations([2, 4], [True, False])
    # t=1: n=4 (2,2), d=1 → E=0.5, V=0.25; t=2: n=3 (1,2), d=1 (y) → E=1/3, V=2/9;
    # t=3: n=2 (1,1), d=1 → E=0.5, V=0.25.
    result = logrank(x, y)
    assert result.observed == 2.0
    assert result.expected == pytest.approx(0.5 + 1 / 3 + 0.5)
    assert result.variance == pytest.approx(0.25 + 2 / 9 + 0.25)
    assert result.statistic == pytest.approx((2 - 4 / 3) ** 2 / (0.5 + 2 / 9))
    assert result.z > 0  # x had its events sooner than expected


def test_logrank_without_events_has_no_evidence() -> None:
    x = TimeTable.from_observations([5, 6], [False, False])
    y = TimeTable.from_observations([5], [False])
    result = logrank(x, y)
    assert (result.statistic, result.p_value, result.z) == (0.0, 1.0, 0.0)


def test_stratified_logrank_adds_strata_and_skips_empty_ones() -> None:
    a = (TimeTable.from_observations([1, 4, 6]), TimeTable.from_observations([2, 3, 9]))
    b = (TimeTable.from_observations([10, 30]), TimeTable.from_observations([20, 25, 40]))
    empty = TimeTable.from_observations([])
    first, second = logrank(*a), logrank(*b)
    both = logrank_stratified([a, b, (empty, b[1]), (a[0], empty)])
    assert both.strata == 2
    assert both.observed == first.observed + second.observed
    assert both.expected == pytest.approx(first.expected + second.expected)
    assert both.variance == pytest.approx(first.variance + second.variance)
    single = logrank_stratified([a])
    assert (single.statistic, single.p_value) == pytest.approx((first.statistic, first.p_value))
    with pytest.raises(ValueError, match="both groups have contacts"):
        logrank_stratified([(empty, b[1])])


def _accurate_logrank(x: TimeTable, y: TimeTable) -> tuple[float, float]:
    """O − E and V with exact integer arithmetic per term and math.fsum."""
    times = sorted(set(x.times.tolist()) | set(y.times.tolist()))
    dx = dict(zip(x.times.tolist(), x.events.tolist(), strict=True))
    cx = dict(zip(x.times.tolist(), x.censored.tolist(), strict=True))
    dy = dict(zip(y.times.tolist(), y.events.tolist(), strict=True))
    cy = dict(zip(y.times.tolist(), y.censored.tolist(), strict=True))
    n1, n0 = x.n, y.n
    excess, variance = [], []
    for t in times:
        d1, d0 = dx.get(t, 0), dy.get(t, 0)
        d, n = d1 + d0, n1 + n0
        if d:
            excess.append((d1 * n - d * n1) / n)
            if n > 1:
                variance.append((n1 * n0 * d * (n - d)) / (n * n * (n - 1)))
        n1 -= d1 + cx.get(t, 0)
        n0 -= d0 + cy.get(t, 0)
    return math.fsum(excess), math.fsum(variance)


def test_logrank_is_exact_at_seven_and_a_half_million_contacts() -> None:
    """FIELD-NOTES: scipy's logrank returned NaN at 7 M + 0.5 M rows. From tables, the
    variance is a sum of non-negative terms and matches exact arithmetic."""
    rng = np.random.default_rng(11)
    times = np.arange(1.0, 3601.0)
    big = rng.multinomial(
        7_000_000, stats.expon.pdf(times, scale=600) / stats.expon.pdf(times, scale=600).sum()
    )
    small = rng.multinomial(
        500_000, stats.expon.pdf(times, scale=610) / stats.expon.pdf(times, scale=610).sum()
    )
    x = TimeTable(times, (big * 0.8).astype(np.int64), big - (big * 0.8).astype(np.int64))
    y = TimeTable(times, (small * 0.8).astype(np.int64), small - (small * 0.8).astype(np.int64))
    result = logrank(x, y)
    excess, variance = _accurate_logrank(x, y)
    assert math.isfinite(result.statistic)
    assert result.variance > 0
    assert result.observed - result.expected == pytest.approx(excess, rel=1e-9)
    assert result.variance == pytest.approx(variance, rel=1e-12)
    assert 0.0 <= result.p_value <= 1.0
