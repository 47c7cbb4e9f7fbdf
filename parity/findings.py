"""Metrics + tests + thresholds → the comparisons of a report (SPEC §5).

Gathers the aggregates of `parity.metrics` into the samples the statistics
layer wants, decides whether verdicts are adjusted for case mix (when the
contacts carry a category), and turns each result into the report's
`Comparison` with a plain-language description.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from parity import journeys, stats
from parity.config import Settings
from parity.journeys import JourneyData
from parity.metrics import Aggregates, MetricsResult
from parity.report import Comparison
from parity.signals import SignalData
from parity.stats import ComparisonResult, Sample
from parity.stats.assess import Context

MULTIPLICITY = "Holm"
T = TypeVar("T")
NO_CATEGORY = "(none)"


def has_case_mix(agg: Aggregates) -> bool:
    """True when some contacts carry a category: verdicts then compare like with like."""
    strata: set[str] = set()
    for times in agg.times.values():
        for by_stratum in times.values():
            strata.update(by_stratum)
    for rates in agg.rates.values():
        for counts in rates.values():
            strata.update(counts)
    for scores in agg.scores.values():
        strata.update(scores)
    return bool(strata - {NO_CATEGORY})


def samples(agg: Aggregates, *, stratified: bool) -> dict[str, dict[str, Sample]]:
    """metric → channel → stratum → aggregate; strata pooled into "" when not stratified."""
    out: dict[str, dict[str, Sample]] = {}
    for metric, by_channel in agg.times.items():
        out[metric] = _pooled(by_channel, stats.pool_times, stratified)
    for metric, rate_channels in agg.rates.items():
        out[metric] = _pooled(rate_channels, stats.pool_rates, stratified)
    if agg.scores:
        out["csat"] = _pooled(agg.scores, stats.pool_scores, stratified)
    return out


def _pooled(
    by_channel: Mapping[str, Mapping[str, T]],
    pool: Callable[[Iterable[T]], T],
    stratified: bool,
) -> dict[str, Sample]:
    return {
        ch: (dict(s) if stratified else {"": pool(s.values())})  # type: ignore[misc]
        for ch, s in by_channel.items()
    }


JOURNEY_METRICS = (
    "escalated_resolution_rate",
    "escalated_remedy_rate",
    "escalated_resolution_time",
)


def compare_report(
    result: MetricsResult,
    *,
    reference: str,
    settings: Settings,
    journey_data: JourneyData,
    signal_data: SignalData,
) -> tuple[list[Comparison], list[Comparison]]:
    """The channel comparisons (SPEC §5) and the signal verdicts, in ONE Holm family.

    Adjusting them together keeps the report's promise: the chance that it
    shows even one false finding, channel gap or signal, is at most alpha.
    """
    stratified = has_case_mix(result.aggregates)
    adjust = ("category",) if stratified else ()
    alpha, floor = settings.alpha, settings.min_contacts
    channel = stats.assess_all(
        samples(result.aggregates, stratified=stratified),
        reference=reference,
        alpha=alpha,
        min_contacts=floor,
        # the catalogue's own metrics only: the config also holds the signals' levels
        per_metric_thresholds={m: settings.threshold(m) for m in stats.METRICS},
        adjust_for=adjust,
        thresholds_for=settings.threshold,
    )
    catalogue = signal_data.catalogue
    signal = stats.assess_all(
        signal_samples(signal_data, stratified=stratified),
        reference=reference,
        alpha=alpha,
        min_contacts=floor,
        per_metric_thresholds={m: settings.threshold(m) for m in catalogue},
        adjust_for=adjust,
        catalogue=catalogue,
        thresholds_for=settings.threshold,
    )
    ctx_for = {m: Context(alpha, floor, settings.threshold(m), False, ()) for m in JOURNEY_METRICS}
    paired = journeys.assess(journey_data, ctx_for=ctx_for)
    settled = stats.settle([*channel, *signal, *paired], alpha=alpha)
    comparisons = [to_comparison(r) for r in settled[: len(channel)]]
    signals = [to_comparison(r, family=_family(r.metric)) for r in settled[len(channel) :]]
    return comparisons, signals


def signal_samples(data: SignalData, *, stratified: bool) -> dict[str, dict[str, Sample]]:
    """Signal metric → channel → stratum → counts; strata pooled when not stratified."""
    out: dict[str, dict[str, Sample]] = {}
    for metric, by_channel in data.rates.items():
        out[metric] = _pooled(by_channel, stats.pool_rates, stratified)
    if data.amounts:
        out["remedy_amount"] = _pooled(data.amounts, stats.pool_scores, stratified)
    return out


def _family(metric: str) -> str:
    if metric.startswith("escalated_"):
        return "journeys"
    if metric.startswith("reply_within_"):
        return "coverage"
    return "remedies"


def to_comparison(r: ComparisonResult, *, family: str = "channels") -> Comparison:
    notes = [r.note] if r.note else []
    return Comparison(
        metric=r.metric,
        channel=r.channel,
        reference=r.reference,
        value=r.value,
        reference_value=r.reference_value,
        difference=r.difference,
        ratio=r.ratio,
        ci=r.ci,
        p_value=r.p_value,
        p_adjusted=r.p_adjusted,
        test=r.test or "",
        adjusted_for=list(r.adjusted_for),
        favours=r.favours,
        flagged=r.flagged,
        severity=r.severity,
        estimate=r.estimate,
        interval=r.interval,
        statistic=r.statistic,
        value_lower_bound=r.value_lower_bound,
        reference_value_lower_bound=r.reference_value_lower_bound,
        adjusted_value=r.adjusted_value,
        adjusted_reference_value=r.adjusted_reference_value,
        n=r.n,
        n_reference=r.n_reference,
        description=stats.describe(r),
        notes=notes,
        family=family,
    )


def by_key(comparisons: list[Comparison]) -> Mapping[tuple[str, str], Comparison]:
    return {(c.metric, c.channel): c for c in comparisons}
