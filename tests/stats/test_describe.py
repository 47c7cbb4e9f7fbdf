"""Plain-language sentences for comparisons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pytest

from parity.stats import (
    ComparisonResult,
    RateCounts,
    Sample,
    ScoreCounts,
    TimeTable,
    compare_all,
    describe,
    format_duration,
)


def _first(samples: Mapping[str, Mapping[str, Sample]], **options: object) -> ComparisonResult:
    return compare_all(samples, reference="phone", **options)[0]  # type: ignore[arg-type]


def test_rate_sentence_with_adjustment() -> None:
    strata = {
        "billing": (RateCounts(800, 1000), RateCounts(600, 1000)),
        "outage": (RateCounts(420, 500), RateCounts(200, 500)),
    }
    result = _first(
        {
            "resolution_rate": {
                "social": {k: v[0] for k, v in strata.items()},
                "phone": {k: v[1] for k, v in strata.items()},
            }
        },
        adjust_for=["category"],
    )
    # Mantel–Haenszel: (0.20·500 + 0.44·250) / 750 = 0.28.
    assert result.estimate == pytest.approx(0.28)
    assert describe(result) == (
        "social contacts are resolved 28 points more often than phone (95 % CI 25–31), "
        "after adjusting for category"
    )


def test_rate_sentence_for_a_lower_rate_orients_the_interval() -> None:
    result = _first(
        {
            "remedy_rate": {
                "phone": {"": RateCounts(500, 1000)},
                "email": {"": RateCounts(300, 1000)},
            }
        }
    )
    sentence = describe(result)
    assert sentence.startswith(
        "email contacts get a concrete remedy 20 points less often than phone"
    )
    assert "(95 % CI 16–24)" in sentence


def test_not_significant_and_not_material_are_said() -> None:
    same = _first(
        {"reopen_rate": {"phone": {"": RateCounts(50, 1000)}, "chat": {"": RateCounts(52, 1000)}}}
    )
    assert describe(same).endswith("; not statistically significant")
    small = _first(
        {
            "reopen_rate": {
                "phone": {"": RateCounts(500_000, 1_000_000)},
                "chat": {"": RateCounts(510_000, 1_000_000)},
            }
        }
    )
    assert describe(small).endswith("; statistically significant but below the 5-point threshold")


def test_insufficient_data_sentence() -> None:
    result = _first(
        {
            "csat": {
                "phone": {"": ScoreCounts.from_scores([4] * 50)},
                "chat": {"": ScoreCounts.from_scores([5] * 3)},
            }
        }
    )
    assert describe(result) == (
        "not enough data to compare chat with phone on satisfaction (csat): "
        "fewer than 30 responses on one side (3 vs 50)"
    )


def _time_result() -> ComparisonResult:
    rng = np.random.default_rng(3)
    slow = TimeTable.from_observations(np.round(6 * 3600 * np.exp(0.5 * rng.standard_normal(500))))
    fast = TimeTable.from_observations(np.round(2 * 3600 * np.exp(0.5 * rng.standard_normal(500))))
    return _first({"first_response_time": {"phone": {"": fast}, "email": {"": slow}}})


def test_time_sentence_names_the_ratio_and_medians() -> None:
    base = _time_result()
    result = replace(
        base,
        value=6 * 3600.0,
        reference_value=2 * 3600.0,
        ratio=3.0,
        estimate=4 * 3600.0,
        ci=(3 * 3600.0, 5 * 3600.0),
    )
    assert describe(result) == (
        "email first responses take 3× as long as phone "
        "(median 6 h vs 2 h; 4 h longer, 95 % CI 3 h to 5 h)"
    )
    faster = replace(result, value=1800.0, ratio=0.25, estimate=-5400.0, ci=(-6000.0, -4800.0))
    assert describe(faster) == (
        "email first responses take 75 % less time than phone "
        "(median 30 min vs 2 h; 1.5 h shorter, 95 % CI 80 min to 1.7 h)"
    )


def test_time_sentence_when_the_median_is_not_reached() -> None:
    result = replace(
        _time_result(),
        value=None,
        value_lower_bound=3 * 86400.0,
        reference_value=7200.0,
        difference=None,
        estimate=None,
        estimate_at_least=3 * 86400.0 - 7200.0,
        ci=(86400.0, None),
    )
    assert describe(result) == (
        "email first responses take over 3 days at the median (not reached: fewer than "
        "half within that time) vs 2 h on phone"
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (45.0, "45 s"),
        (89.4, "89 s"),
        (720.0, "12 min"),
        (5400.0, "1.5 h"),
        (6 * 3600.0, "6 h"),
        (3.2 * 86400, "3.2 days"),
        (-120.0, "-2 min"),
        (float("inf"), "forever"),
    ],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
