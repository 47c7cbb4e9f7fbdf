"""The one entry point: every channel against the reference on every metric.

For each metric both channels have, `compare_all` runs the test and estimate of
the metric's kind (stratified when the samples are split by category), adjusts
all p-values of the report together with Holm's procedure, and settles each
verdict: a gap is flagged only when it is significant after adjustment, at
least as large as the practical threshold, and the test points the same way as
the estimate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from itertools import chain
from typing import TypeVar

from parity.stats.assess import Assessment, Context, assess_rates, assess_scores, assess_times
from parity.stats.inputs import RateCounts, Sample, ScoreCounts, TimeTable
from parity.stats.metrics import METRICS, Metric
from parity.stats.multiplicity import holm
from parity.stats.result import ComparisonResult, Severity
from parity.stats.thresholds import MetricThresholds, Thresholds

__all__ = ["assess_all", "compare_all", "settle"]

T = TypeVar("T")


def compare_all(
    samples: Mapping[str, Mapping[str, Sample]],
    *,
    reference: str,
    alpha: float = 0.05,
    min_contacts: int = 30,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, never mutated
    per_metric_thresholds: Mapping[str, MetricThresholds] | None = None,
    adjust_for: Sequence[str] = (),
    thresholds_for: Callable[[str, str], MetricThresholds] | None = None,
) -> list[ComparisonResult]:
    """Compare every channel with `reference` on every metric both have.

    `assess_all` then `settle`: see them to adjust several families together.

    `samples` maps metric → channel → stratum → aggregate. Strata keys other
    than the single ``""`` mean the data are split by `adjust_for` (e.g.
    ``["category"]``): the verdict then compares like with like and
    `adjusted_for` says so. Results come in the order of the metric catalogue
    (SPEC §5), then of the channels in `samples`. `thresholds_for(metric, channel)`,
    when given, picks the levels of each comparison (e.g. per-channel overrides);
    it takes precedence over `per_metric_thresholds` and `thresholds`.
    """
    found = assess_all(
        samples,
        reference=reference,
        alpha=alpha,
        min_contacts=min_contacts,
        thresholds=thresholds,
        per_metric_thresholds=per_metric_thresholds,
        adjust_for=adjust_for,
        thresholds_for=thresholds_for,
    )
    return settle(found, alpha=alpha)


def assess_all(
    samples: Mapping[str, Mapping[str, Sample]],
    *,
    reference: str,
    alpha: float = 0.05,
    min_contacts: int = 30,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, never mutated
    per_metric_thresholds: Mapping[str, MetricThresholds] | None = None,
    adjust_for: Sequence[str] = (),
    catalogue: Mapping[str, Metric] = METRICS,
    thresholds_for: Callable[[str, str], MetricThresholds] | None = None,
) -> list[Assessment]:
    """The comparisons of `compare_all` before Holm's adjustment and the verdicts.

    `catalogue` names the metrics that may appear in `samples` (default: SPEC §5's);
    `thresholds_for(metric, channel)` as in `compare_all`.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha}")
    if min_contacts < 1:
        raise ValueError(f"min_contacts must be at least 1, got {min_contacts}")
    unknown = sorted(set(samples) - set(catalogue))
    if unknown:
        raise ValueError(f"unknown metric(s): {', '.join(unknown)}; known: {', '.join(catalogue)}")
    overrides = dict(per_metric_thresholds or {})
    unknown = sorted(set(overrides) - set(catalogue))
    if unknown:
        raise ValueError(f"thresholds for unknown metric(s): {', '.join(unknown)}")
    names = tuple(adjust_for)
    assessments: list[Assessment] = []
    for metric in catalogue.values():
        by_channel = samples.get(metric.name)
        if by_channel is None or reference not in by_channel:
            continue
        levels = overrides.get(metric.name) or thresholds.for_kind(metric.kind)
        reference_sample = by_channel[reference]
        for channel, sample in by_channel.items():
            if channel == reference:
                continue
            stratified = any(key != "" for key in chain(sample, reference_sample))
            if stratified and not names:
                raise ValueError(
                    f"{metric.name}: samples are split into strata but adjust_for names no column"
                )
            own = thresholds_for(metric.name, channel) if thresholds_for else levels
            ctx = Context(alpha, min_contacts, own, stratified, names if stratified else ())
            assessments.append(_assess(metric, channel, reference, sample, reference_sample, ctx))
    return assessments


def settle(assessments: Sequence[Assessment], *, alpha: float) -> list[ComparisonResult]:
    """Holm-adjust the p-values of all `assessments` together, then settle each verdict.

    Pass every family a report shows (channel comparisons and signals alike) in
    one call: the family-wise error rate then holds over the whole report.
    """
    adjusted = holm([a.result.p_value for a in assessments])
    return [_verdict(a, p, alpha) for a, p in zip(assessments, adjusted, strict=True)]


def _assess(
    metric: Metric, channel: str, reference: str, x: Sample, y: Sample, ctx: Context
) -> Assessment:
    if metric.kind == "rate":
        return assess_rates(
            metric, channel, reference, _typed(x, RateCounts), _typed(y, RateCounts), ctx
        )
    if metric.kind == "time":
        return assess_times(
            metric, channel, reference, _typed(x, TimeTable), _typed(y, TimeTable), ctx
        )
    return assess_scores(  # csat and remedy amounts: ordinal test, difference of means
        metric, channel, reference, _typed(x, ScoreCounts), _typed(y, ScoreCounts), ctx
    )


def _typed(sample: Sample, kind: type[T]) -> dict[str, T]:
    out: dict[str, T] = {}
    for key, value in sample.items():
        if not isinstance(value, kind):
            raise TypeError(
                f"stratum {key!r}: expected {kind.__name__}, got {type(value).__name__}"
            )
        out[key] = value
    return out


def _verdict(assessment: Assessment, p_adjusted: float | None, alpha: float) -> ComparisonResult:
    result = replace(assessment.result, p_adjusted=p_adjusted)
    if result.severity == "insufficient_data":
        return result
    significant = p_adjusted is not None and p_adjusted <= alpha
    agrees = assessment.direction != 0 and assessment.direction == assessment.test_direction
    flagged = significant and result.material and agrees
    favours = None
    if flagged:
        channel_better = (assessment.direction > 0) == (result.better == "higher")
        favours = result.channel if channel_better else result.reference
    severity: Severity = "ok"
    if flagged:
        severity = "fail" if assessment.material_fail else "warn"
    note = result.note
    if significant and result.material and not agrees:
        note = (
            "significant and large, but the test and the estimate point in opposite "
            "directions (for times: the curves cross), so no side is favoured"
        )
    return replace(
        result,
        significant=significant,
        flagged=flagged,
        favours=favours,
        severity=severity,
        note=note,
    )
