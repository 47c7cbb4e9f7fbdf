"""compare_all: the verdicts the rest of parity reports (SPEC §5)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pytest

from parity.stats import (
    ComparisonResult,
    Level,
    MetricThresholds,
    RateCounts,
    Sample,
    ScoreCounts,
    Thresholds,
    TimeTable,
    compare_all,
    holm,
    pool_rates,
    pool_scores,
    pool_times,
)

HOUR = 3600.0
DAY = 86400.0


def rate(successes: int, trials: int) -> dict[str, RateCounts]:
    return {"": RateCounts(successes, trials)}


def lognormal_times(median: float, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.round(median * np.exp(0.8 * rng.standard_normal(n)))


def table(median: float, n: int, seed: int) -> TimeTable:
    return TimeTable.from_observations(lognormal_times(median, n, seed))


def times(median: float, n: int, seed: int) -> dict[str, TimeTable]:
    return {"": table(median, n, seed)}


def csat(counts: list[int]) -> dict[str, ScoreCounts]:
    return {"": ScoreCounts(np.arange(1.0, 6.0), np.asarray(counts, dtype=np.int64))}


def one(results: list[ComparisonResult], metric: str, channel: str) -> ComparisonResult:
    (found,) = [r for r in results if r.metric == metric and r.channel == channel]
    return found


def ci_of(result: ComparisonResult) -> tuple[float | None, float | None]:
    assert result.ci is not None
    return result.ci


def test_every_channel_against_the_reference_on_every_metric_both_have() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "resolution_rate": {
            "email": rate(50, 100),
            "phone": rate(50, 100),
            "social": rate(50, 100),
        },
        "hold_time": {"phone": times(60, 100, 1)},  # no other channel has holds
        "csat": {"email": csat([1, 1, 10, 10, 10])},  # the reference has no csat
        "first_response_time": {"phone": times(60, 100, 2), "chat": times(60, 100, 3)},
    }
    results = compare_all(samples, reference="phone")
    assert [(r.metric, r.channel) for r in results] == [
        ("first_response_time", "chat"),
        ("resolution_rate", "email"),
        ("resolution_rate", "social"),
    ]
    assert all(r.reference == "phone" for r in results)


def test_material_significant_rate_gap_is_flagged_for_the_better_channel() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "resolution_rate": {"phone": rate(600, 1000), "social": rate(810, 1000)},
        "abandon_rate": {"phone": rate(100, 1000), "social": rate(170, 1000)},
    }
    results = compare_all(samples, reference="phone")
    resolved = one(results, "resolution_rate", "social")
    assert resolved.value == 0.81
    assert resolved.reference_value == 0.6
    assert resolved.difference == pytest.approx(0.21)
    assert resolved.estimate == resolved.difference
    assert resolved.ratio == pytest.approx(0.81 / 0.6)
    low, high = ci_of(resolved)
    assert low is not None
    assert high is not None
    assert low < 0.21 < high
    assert resolved.test == "Miettinen–Nurminen score test"
    assert resolved.interval == "Miettinen–Nurminen score interval"
    assert (resolved.flagged, resolved.favours, resolved.severity) == (True, "social", "fail")
    assert resolved.adjusted_for == ()
    assert resolved.adjusted_difference is None
    abandoned = one(results, "abandon_rate", "social")  # lower is better: phone is favoured
    assert (abandoned.flagged, abandoned.favours, abandoned.severity) == (True, "phone", "warn")


def test_p_values_are_holm_adjusted_over_the_whole_report() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "resolution_rate": {"phone": rate(60, 100), "email": rate(75, 100), "chat": rate(5, 10)},
        "remedy_rate": {"phone": rate(30, 100), "email": rate(38, 100), "chat": rate(35, 100)},
    }
    results = compare_all(samples, reference="phone")
    assert [r.p_adjusted for r in results] == holm([r.p_value for r in results])
    chat = one(results, "resolution_rate", "chat")
    assert chat.p_value is None
    assert chat.p_adjusted is None


def test_too_few_contacts_is_insufficient_data_never_a_verdict() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "resolution_rate": {"phone": rate(600, 1000), "email": rate(29, 29)},
        "csat": {"phone": csat([10, 10, 10, 10, 10]), "email": csat([0, 0, 0, 10, 19])},
    }
    for result in compare_all(samples, reference="phone"):
        assert result.severity == "insufficient_data"
        assert (result.p_value, result.p_adjusted, result.test) == (None, None, None)
        assert (result.flagged, result.favours, result.significant) == (False, None, False)
        assert result.note is not None
        assert "fewer than 30" in result.note
    rates = one(compare_all(samples, reference="phone"), "resolution_rate", "email")
    assert (rates.value, rates.reference_value, rates.n, rates.n_reference) == (1.0, 0.6, 29, 1000)
    lowered = compare_all(samples, reference="phone", min_contacts=20)
    assert one(lowered, "resolution_rate", "email").severity != "insufficient_data"


def test_tiny_significant_gap_on_a_million_contacts_is_not_flagged() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "resolution_rate": {"phone": rate(500_000, 1_000_000), "email": rate(505_000, 1_000_000)}
    }
    (result,) = compare_all(samples, reference="phone")
    assert result.p_adjusted is not None
    assert result.p_adjusted < 1e-10
    assert result.significant
    assert not result.material
    assert (result.flagged, result.favours, result.severity) == (False, None, "ok")


def test_a_gap_exactly_at_the_threshold_reaches_it() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "transfer_rate": {"phone": rate(10_000, 100_000), "email": rate(15_000, 100_000)}
    }
    (result,) = compare_all(samples, reference="phone")
    assert result.material
    assert (result.flagged, result.favours) == (True, "phone")


def test_channel_answering_30_percent_fast_and_ignoring_the_rest_is_not_faster() -> None:
    fast_few = TimeTable.from_observations(
        np.r_[lognormal_times(120, 300, 4), np.full(700, 10 * DAY)],
        np.r_[np.ones(300, dtype=bool), np.zeros(700, dtype=bool)],
    )
    samples: dict[str, Mapping[str, Sample]] = {
        "first_response_time": {"phone": times(HOUR, 1000, 5), "social": {"": fast_few}}
    }
    (result,) = compare_all(samples, reference="phone")
    assert result.value is None
    assert result.value_lower_bound == 10 * DAY
    assert result.difference is None
    assert result.estimate is None
    assert result.reference_value is not None
    assert result.estimate_at_least == pytest.approx(10 * DAY - result.reference_value)
    assert (result.flagged, result.favours, result.severity) == (True, "phone", "fail")
    assert result.test == "log-rank"
    assert ci_of(result)[1] is None  # unbounded above


def test_crossing_curves_are_not_flagged_either_way() -> None:
    # 55 % answered in a minute, 45 % never: the median is short, the log-rank
    # says the channel is slower overall. Neither verdict is safe.
    split = TimeTable.from_observations(
        np.r_[np.full(550, 60.0), np.full(450, 10 * DAY)],
        np.r_[np.ones(550, dtype=bool), np.zeros(450, dtype=bool)],
    )
    samples: dict[str, Mapping[str, Sample]] = {
        "first_response_time": {"phone": times(HOUR, 1000, 6), "social": {"": split}}
    }
    (result,) = compare_all(samples, reference="phone")
    assert result.value == 60.0
    assert result.significant
    assert result.material
    assert (result.flagged, result.favours, result.severity) == (False, None, "ok")
    assert result.note is not None
    assert "opposite directions" in result.note


def test_medians_not_reached_on_either_side_measure_no_gap() -> None:
    waiting = TimeTable.from_observations(
        np.r_[np.full(100, 60.0), np.full(400, 5 * DAY)],
        np.r_[np.ones(100, dtype=bool), np.zeros(400, dtype=bool)],
    )
    samples: dict[str, Mapping[str, Sample]] = {
        "resolution_time": {"phone": {"": waiting}, "email": {"": waiting}}
    }
    (result,) = compare_all(samples, reference="phone")
    assert (result.value, result.reference_value, result.estimate) == (None, None, None)
    assert result.value_lower_bound == result.reference_value_lower_bound == 5 * DAY
    assert (result.flagged, result.severity) == (False, "ok")
    assert result.note == "the median is not reached on either side: no gap measured"


def test_time_gap_needs_both_relative_and_absolute_size() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        # 20 s vs 40 s: twice as long but only 20 s longer: not material.
        "hold_time": {"phone": times(20, 3000, 7), "chat": times(40, 3000, 8)},
        # 10 h vs 10.5 h: half an hour longer but only 5 %: not material.
        "resolution_time": {
            "phone": times(10 * HOUR, 3000, 9),
            "chat": times(10.5 * HOUR, 3000, 10),
        },
        # 10 min vs 30 min: material, and over the fail levels (2× of 25 % and 60 s).
        "first_response_time": {"phone": times(600, 3000, 11), "chat": times(1800, 3000, 12)},
    }
    results = compare_all(samples, reference="phone")
    hold = one(results, "hold_time", "chat")
    assert hold.significant
    assert (hold.material, hold.flagged) == (False, False)
    resolution = one(results, "resolution_time", "chat")
    assert (resolution.material, resolution.flagged) == (False, False)
    first = one(results, "first_response_time", "chat")
    assert first.ratio == pytest.approx(3.0, rel=0.1)
    assert (first.flagged, first.favours, first.severity) == (True, "phone", "fail")
    assert first.interval == "difference of medians, MOVER from Brookmeyer–Crowley limits"


def test_zero_reference_median_has_no_ratio() -> None:
    zeros = TimeTable.from_observations(np.r_[np.zeros(600), lognormal_times(300, 400, 13)])
    samples: dict[str, Mapping[str, Sample]] = {
        "hold_time": {"phone": {"": zeros}, "chat": times(600, 1000, 14)}
    }
    (result,) = compare_all(samples, reference="phone")
    assert result.reference_value == 0.0
    assert result.ratio is None
    assert (result.flagged, result.favours) == (True, "phone")


def _confounded_times() -> dict[str, Mapping[str, Sample]]:
    """Same speed within each category; social mostly gets the easy one."""
    easy, hard = 600.0, 6 * HOUR
    return {
        "resolution_time": {
            "phone": {"easy": table(easy, 200, 20), "hard": table(hard, 1800, 21)},
            "social": {"easy": table(easy, 1800, 22), "hard": table(hard, 200, 23)},
        },
        "resolution_rate": {
            "phone": {"easy": RateCounts(180, 200), "hard": RateCounts(900, 1800)},
            "social": {"easy": RateCounts(1620, 1800), "hard": RateCounts(100, 200)},
        },
        "csat": {
            "phone": {"easy": ScoreCounts.from_scores([5, 4] * 100), "hard": csat_hard(900)},
            "social": {"easy": ScoreCounts.from_scores([5, 4] * 900), "hard": csat_hard(100)},
        },
    }


def csat_hard(pairs: int) -> ScoreCounts:
    return ScoreCounts.from_scores([2, 3] * pairs)


def test_channel_that_only_gets_easier_cases_is_not_flagged_when_stratified() -> None:
    samples = _confounded_times()
    raw = compare_all(
        {m: {ch: _pooled(s) for ch, s in by.items()} for m, by in samples.items()},
        reference="phone",
    )
    assert all(r.flagged and r.favours == "social" for r in raw)
    adjusted = compare_all(samples, reference="phone", adjust_for=["category"])
    for result in adjusted:
        assert result.adjusted_for == ("category",)
        assert result.adjusted
        assert not result.flagged
        assert result.favours is None
        assert result.difference == raw[adjusted.index(result)].difference  # raw kept
    times_result = one(adjusted, "resolution_time", "social")
    assert times_result.test == "log-rank (stratified by category)"
    assert times_result.adjusted_value is not None
    assert times_result.adjusted_ratio == pytest.approx(1.0, abs=0.15)
    assert (times_result.interval or "").startswith("difference of medians standardised")
    rates_result = one(adjusted, "resolution_rate", "social")
    assert rates_result.test == "Cochran–Mantel–Haenszel (stratified by category)"
    assert rates_result.adjusted_difference == pytest.approx(0.0, abs=1e-12)
    assert rates_result.estimate == rates_result.adjusted_difference
    scores_result = one(adjusted, "csat", "social")
    assert scores_result.test == "van Elteren (stratified by category)"
    assert scores_result.adjusted_difference == pytest.approx(0.0, abs=1e-12)


def _pooled(sample: Sample) -> Sample:
    values = list(sample.values())
    if isinstance(values[0], RateCounts):
        return {"": pool_rates(v for v in values if isinstance(v, RateCounts))}
    if isinstance(values[0], TimeTable):
        return {"": pool_times(v for v in values if isinstance(v, TimeTable))}
    return {"": pool_scores(v for v in values if isinstance(v, ScoreCounts))}


def test_real_gap_within_categories_is_still_found_when_stratified() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "resolution_time": {
            "phone": {"easy": table(600, 400, 30), "hard": table(6 * HOUR, 1600, 31)},
            "email": {"easy": table(1800, 1600, 32), "hard": table(18 * HOUR, 400, 33)},
        }
    }
    (result,) = compare_all(samples, reference="phone", adjust_for=("category",))
    assert (result.flagged, result.favours) == (True, "phone")
    assert result.estimate == result.adjusted_difference
    assert result.adjusted_value is not None
    assert result.adjusted_reference_value is not None
    assert result.estimate == result.adjusted_value - result.adjusted_reference_value


def test_strata_only_one_side_has_are_left_out_of_the_adjusted_comparison() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "remedy_rate": {
            "phone": {"billing": RateCounts(30, 100), "outage": RateCounts(90, 100)},
            "social": {"billing": RateCounts(60, 100), "praise": RateCounts(0, 500)},
        }
    }
    (result,) = compare_all(samples, reference="phone", adjust_for=["category"])
    assert result.n == 600  # raw figures use every contact
    assert result.value == pytest.approx(60 / 600)
    assert result.adjusted_difference == pytest.approx(0.3)  # billing only
    assert (result.flagged, result.favours) == (True, "social")


def test_no_stratum_in_common_is_insufficient_data() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "remedy_rate": {
            "phone": {"billing": RateCounts(30, 100)},
            "social": {"praise": RateCounts(0, 500)},
        }
    }
    (result,) = compare_all(samples, reference="phone", adjust_for=["category"])
    assert result.severity == "insufficient_data"
    assert result.note == "no category with contacts on both sides"
    assert result.p_value is None


def test_csat_gap_uses_wilcoxon_and_a_welch_interval() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "csat": {"phone": csat([40, 60, 100, 60, 40]), "chat": csat([10, 20, 60, 110, 100])}
    }
    (result,) = compare_all(samples, reference="phone")
    assert result.test == "Wilcoxon–Mann–Whitney"
    assert result.interval == "Welch interval"
    assert result.value is not None
    assert result.reference_value is not None
    assert result.estimate == pytest.approx(result.value - result.reference_value)
    assert (result.flagged, result.favours) == (True, "chat")


def test_per_metric_thresholds_replace_the_defaults() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "resolution_rate": {"phone": rate(600, 1000), "email": rate(700, 1000)},
        "remedy_rate": {"phone": rate(600, 1000), "email": rate(700, 1000)},
    }
    strict = MetricThresholds(warn=Level(0.15), fail=Level(0.3))
    results = compare_all(
        samples, reference="phone", per_metric_thresholds={"resolution_rate": strict}
    )
    assert one(results, "resolution_rate", "email").flagged is False
    assert one(results, "resolution_rate", "email").thresholds == strict
    assert one(results, "remedy_rate", "email").severity == "fail"
    lenient = compare_all(samples, reference="phone", thresholds=Thresholds(rate_points_fail=0.2))
    assert one(lenient, "remedy_rate", "email").severity == "warn"


def test_default_thresholds_follow_the_spec() -> None:
    levels = Thresholds().for_kind("time")
    assert levels.warn == Level(60.0, 0.25)
    assert levels.fail == Level(120.0, 0.5)
    assert Thresholds().for_kind("rate").warn == Level(0.05)
    assert Thresholds().for_kind("score").fail == Level(0.6)
    with pytest.raises(ValueError, match="non-negative"):
        Thresholds(rate_points=-0.1)
    with pytest.raises(ValueError, match="below its warn level"):
        Thresholds(csat_points=0.5, csat_points_fail=0.4)


def test_invalid_calls_are_errors() -> None:
    good: dict[str, Mapping[str, Sample]] = {
        "resolution_rate": {"phone": rate(1, 2), "email": rate(1, 2)}
    }
    with pytest.raises(ValueError, match="unknown metric"):
        compare_all({"speed": good["resolution_rate"]}, reference="phone")
    with pytest.raises(ValueError, match="alpha"):
        compare_all(good, reference="phone", alpha=1.0)
    with pytest.raises(ValueError, match="min_contacts"):
        compare_all(good, reference="phone", min_contacts=0)
    with pytest.raises(ValueError, match="thresholds for unknown"):
        compare_all(
            good,
            reference="phone",
            per_metric_thresholds={"speed": Thresholds().for_kind("rate")},
        )
    stratified: dict[str, Mapping[str, Sample]] = {
        "resolution_rate": {"phone": {"a": RateCounts(1, 2)}, "email": {"a": RateCounts(1, 2)}}
    }
    with pytest.raises(ValueError, match="adjust_for names no column"):
        compare_all(stratified, reference="phone")
    mixed: dict[str, Mapping[str, Sample]] = {
        "resolution_rate": {"phone": rate(1, 2), "email": times(5, 10, 1)}
    }
    with pytest.raises(TypeError, match="expected RateCounts, got TimeTable"):
        compare_all(mixed, reference="phone")


def test_unknown_reference_gives_no_comparisons() -> None:
    samples: dict[str, Mapping[str, Sample]] = {
        "resolution_rate": {"phone": rate(1, 2), "email": rate(1, 2)}
    }
    assert compare_all(samples, reference="fax") == []
