"""Has a gap changed? The one definition behind --baseline and the summary's trends."""

from __future__ import annotations

import math

import pytest

from parity.gaps import Gap, from_item
from parity.stats import Level
from parity.trend import change

MARGIN = Level(0.025)


def gap(
    estimate: float | None,
    ci: tuple[float | None, float | None] | None,
    *,
    flagged: bool = False,
    favours: str | None = None,
    metric: str = "remedy_rate",
    reference_value: float | None = 0.1,
) -> Gap:
    return Gap(
        metric=metric,
        channel="social",
        reference="phone",
        estimate=estimate,
        ci=ci,
        value=None,
        reference_value=reference_value,
        adjusted_for=(),
        flagged=flagged,
        favours=favours,
        severity="warn" if flagged else "ok",
    )


def test_the_interval_of_the_change_is_mover_by_hand() -> None:
    moved = change(gap(0.01, (-0.005, 0.025)), gap(0.045, (0.03, 0.06)), MARGIN)
    assert moved.trend == "widening"
    assert moved.widened_by == pytest.approx(0.035)
    assert moved.ci == pytest.approx(
        (0.035 - math.hypot(0.015, 0.015), 0.035 + math.hypot(0.015, 0.015))
    )


def test_symmetric_intervals_give_the_wald_interval_of_the_difference() -> None:
    # half-widths 1.96·se: MOVER reduces to d1 − d0 ± 1.96·√(se0² + se1²)
    se0, se1 = 0.004, 0.003
    z = 1.959963984540054
    before = gap(0.02, (0.02 - z * se0, 0.02 + z * se0))
    after = gap(0.05, (0.05 - z * se1, 0.05 + z * se1))
    moved = change(before, after, MARGIN)
    half = z * math.hypot(se0, se1)
    assert moved.ci == pytest.approx((0.03 - half, 0.03 + half))


def test_the_sign_of_the_gap_does_not_matter() -> None:
    up = change(gap(0.01, (-0.005, 0.025)), gap(0.045, (0.03, 0.06)), MARGIN)
    down = change(gap(-0.01, (-0.025, 0.005)), gap(-0.045, (-0.06, -0.03)), MARGIN)
    assert down.trend == up.trend == "widening"
    assert down.ci == pytest.approx(up.ci)
    assert down.widened_by == pytest.approx(up.widened_by)


@pytest.mark.parametrize(
    ("before", "after", "trend"),
    [
        # narrowing: the later gap is smaller, beyond noise, by at least the margin
        (gap(0.045, (0.03, 0.06)), gap(0.01, (-0.005, 0.025)), "narrowing"),
        # within noise: the intervals of the change straddle 0
        (gap(0.02, (-0.02, 0.06)), gap(0.05, (0.01, 0.09)), "stable"),
        # beyond noise but smaller than the margin
        (gap(0.02, (0.019, 0.021)), gap(0.03, (0.029, 0.031)), "stable"),
        # from one side of zero to the other: the larger gap orients the change
        (gap(0.002, (-0.001, 0.005)), gap(-0.04, (-0.043, -0.037)), "widening"),
        (gap(0.04, (0.037, 0.043)), gap(-0.002, (-0.005, 0.001)), "narrowing"),
        # flagged both times, favouring different channels
        (
            gap(0.08, (0.06, 0.1), flagged=True, favours="social"),
            gap(-0.08, (-0.1, -0.06), flagged=True, favours="phone"),
            "reversed",
        ),
        # no earlier figure, no estimate, no interval: unknown
        (None, gap(0.05, (0.01, 0.09)), "unknown"),
        (gap(None, None), gap(0.05, (0.01, 0.09)), "unknown"),
        (gap(0.05, (0.01, 0.09)), gap(0.05, None), "unknown"),
    ],
)
def test_trend_states(before, after, trend) -> None:
    assert change(before, after, MARGIN).trend == trend


def test_an_open_side_of_an_interval_is_infinitely_uncertain() -> None:
    moved = change(gap(0.0, (-0.01, 0.01)), gap(0.2, (None, 0.3)), MARGIN)
    assert moved.trend == "stable"
    assert moved.ci is not None
    assert moved.ci[0] == -math.inf
    assert moved.to_dict()["ci"][0] is None  # JSON has no infinity


def test_time_margins_have_a_relative_part_against_the_reference() -> None:
    margin = Level(30.0, 0.125)
    before = gap(600.0, (580.0, 620.0), metric="first_response_time", reference_value=1200.0)
    small = gap(700.0, (690.0, 710.0), metric="first_response_time", reference_value=1200.0)
    large = gap(800.0, (790.0, 810.0), metric="first_response_time", reference_value=1200.0)
    assert change(before, small, margin).trend == "stable"  # +100 s < 12.5 % of 1200 s
    assert change(before, large, margin).trend == "widening"  # +200 s ≥ 150 s


def test_adjusted_time_gaps_keep_the_standardised_figures() -> None:
    item = {
        "metric": "first_response_time", "channel": "social", "reference": "phone",
        "estimate": -600.0, "ci": [-700.0, -500.0], "value": 300.0, "reference_value": 1000.0,
        "adjusted_value": 400.0, "adjusted_reference_value": 1000.0, "adjusted_for": ["category"],
        "flagged": True, "favours": "social", "severity": "fail", "n": 50, "n_reference": 80,
    }  # fmt: skip
    restored = from_item(item)
    assert (restored.value, restored.reference_value, restored.ratio) == (400.0, 1000.0, 0.4)
    assert from_item(restored.to_dict()) == restored
