"""Holm's step-down adjustment."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parity.stats import holm
from tests.stats.refdata import load

CASES: dict[str, Any] = load("multiplicity")


@pytest.mark.parametrize("name", sorted(CASES))
def test_holm_matches_statsmodels_and_r(name: str) -> None:
    case = CASES[name]
    adjusted = holm(case["p"])
    assert adjusted == pytest.approx(case["holm_statsmodels"], abs=1e-15)
    assert adjusted == pytest.approx(case["holm_r"], abs=1e-15)


def test_holm_skips_missing_p_values() -> None:
    """None (no test: too little data) is neither adjusted nor counted in the family."""
    mixed = CASES["mixed"]["p"]
    with_gaps = [None, *mixed[:3], None, *mixed[3:]]
    adjusted = holm(with_gaps)
    assert adjusted[0] is None
    assert adjusted[4] is None
    assert [a for a in adjusted if a is not None] == pytest.approx(
        CASES["mixed"]["holm_statsmodels"]
    )
    assert holm([]) == []
    assert holm([None]) == [None]


def test_holm_rejects_p_values_outside_zero_one() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        holm([0.5, 1.2])


@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=30))
def test_holm_adjusted_values_are_bounded_and_keep_the_order(p: list[float]) -> None:
    adjusted = holm(p)
    values = [a for a in adjusted if a is not None]
    assert all(raw <= adj <= 1.0 for raw, adj in zip(p, values, strict=True))
    order = sorted(range(len(p)), key=lambda i: p[i])
    ordered = [values[i] for i in order]
    assert ordered == sorted(ordered)
    assert min(values) == pytest.approx(min(1.0, len(p) * min(p)))
