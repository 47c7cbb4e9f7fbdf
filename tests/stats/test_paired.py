"""Paired tests against scripts/reference_paired.py: statsmodels, R, Tango by definition."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.stats.paired import (
    PairedCounts,
    mcnemar,
    paired_logrank,
    paired_rate_difference,
    tango_interval,
)
from tests.stats.refdata import load

RATES: list[dict[str, Any]] = load("paired")["rates"]
LOGRANK: dict[str, Any] = load("paired")["logrank"]


def _id(case: dict[str, Any]) -> str:
    return "-".join(str(x) for x in case["counts"])


@pytest.mark.parametrize("case", RATES, ids=_id)
def test_tango_interval_matches_its_definition(case: dict[str, Any]) -> None:
    low, high = tango_interval(PairedCounts(*case["counts"]))
    assert low == pytest.approx(case["tango_interval"][0], abs=1e-7)
    assert high == pytest.approx(case["tango_interval"][1], abs=1e-7)


@pytest.mark.parametrize("case", [c for c in RATES if "mcnemar_chi2" in c], ids=_id)
def test_mcnemar_matches_statsmodels_and_r(case: dict[str, Any]) -> None:
    z, p = mcnemar(PairedCounts(*case["counts"]))
    assert z * z == pytest.approx(case["mcnemar_chi2"], rel=1e-12)
    assert p == pytest.approx(case["mcnemar_p"], rel=1e-9, abs=1e-300)
    assert z * z == pytest.approx(case["r_mcnemar_chi2"], rel=1e-12)
    assert p == pytest.approx(case["r_mcnemar_p"], rel=1e-9, abs=1e-300)


def test_no_discordant_pairs_is_no_evidence() -> None:
    assert mcnemar(PairedCounts(30, 0, 0, 12)) == (0.0, 1.0)


def test_the_difference_is_second_minus_first() -> None:
    # 10 + 25 of 100 resolved after escalating, 10 + 5 on the first channel
    result = paired_rate_difference(PairedCounts(10, 25, 5, 60))
    assert result.rate == 0.35
    assert result.reference_rate == 0.15
    assert result.difference == pytest.approx(0.20)
    assert result.statistic > 0
    assert result.test == "McNemar"


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60), st.integers(0, 60))
def test_tango_interval_excludes_zero_exactly_when_mcnemar_rejects(
    a: int, b: int, c: int, d: int
) -> None:
    counts = PairedCounts(a, b, c, d)
    if counts.n == 0:
        return
    low, high = tango_interval(counts)
    _, p = mcnemar(counts)
    estimate = (b - c) / counts.n
    assert low <= estimate <= high
    if abs(p - 0.05) > 1e-6:
        assert (p < 0.05) == (low > 0 or high < 0)


def _order_counts(data: dict[str, list[float]]) -> tuple[int, int]:
    """Which contact of each pair had its event first, when that is known."""
    second = first = 0
    rows = zip(data["first_t"], data["first_d"], data["second_t"], data["second_d"], strict=True)
    for t1, d1, t2, d2 in rows:
        if (t2 < t1 and d2) or (t2 == t1 and d2 and not d1):
            second += 1
        elif (t1 < t2 and d1) or (t1 == t2 and d1 and not d2):
            first += 1
    return second, first


@pytest.mark.parametrize("name", sorted(LOGRANK))
def test_paired_logrank_equals_survdiff_stratified_by_pair(name: str) -> None:
    data = LOGRANK[name]
    second, first = _order_counts(data)
    result = paired_logrank(second_sooner=second, first_sooner=first)
    assert result.statistic == pytest.approx(data["statsmodels_chi2"], rel=1e-10)
    assert result.statistic == pytest.approx(data["r_chi2"], rel=1e-10)
    assert result.p_value == pytest.approx(data["r_p"], rel=1e-8)


def test_paired_logrank_without_informative_pairs() -> None:
    result = paired_logrank(second_sooner=0, first_sooner=0)
    assert (result.statistic, result.p_value, result.z) == (0.0, 1.0, 0.0)
