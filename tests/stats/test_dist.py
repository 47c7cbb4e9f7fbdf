"""parity.stats.dist agrees with scipy.stats, the implementation it stands in for."""

from __future__ import annotations

import pytest
from scipy import stats

from parity.stats import dist


@pytest.mark.parametrize("z", [-8.0, -1.96, -0.5, 0.0, 0.3, 1.6448536, 3.5, 12.0])
def test_normal_tail(z: float) -> None:
    assert dist.norm_sf(z) == pytest.approx(stats.norm.sf(z), rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("q", [1e-12, 0.001, 0.025, 0.05, 0.3, 0.5, 0.9])
def test_normal_quantile(q: float) -> None:
    assert dist.norm_isf(q) == pytest.approx(stats.norm.isf(q), rel=1e-12)


@pytest.mark.parametrize("x", [0.0, 0.01, 1.0, 3.841458820694124, 10.0, 200.0])
def test_chi_square_one_df(x: float) -> None:
    assert dist.chi2_sf_1(x) == pytest.approx(stats.chi2.sf(x, 1), rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(("q", "df"), [(0.025, 1.0), (0.025, 4.5), (0.05, 30.0), (0.005, 1e6)])
def test_student_quantile(q: float, df: float) -> None:
    assert dist.t_isf(q, df) == pytest.approx(stats.t.isf(q, df), rel=1e-10)
