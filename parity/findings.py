"""Metrics + tests + thresholds → the comparisons of a report (SPEC §5).

Gathers the aggregates of `parity.metrics` into the samples the statistics
layer wants, decides whether verdicts are adjusted for case mix (when the
contacts carry a category), and turns each result into the report's
`Comparison` with a plain-language description.
"""

from __future__ import annotations

from collections.abc import Mapping

from parity import stats
from parity.config import Settings
from parity.metrics import Aggregates, MetricsResult
from parity.report import Comparison
from parity.stats import ComparisonResult, Sample

MULTIPLICITY = "Holm"
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
        out[metric] = {
            ch: (s if stratified else {"": stats.pool_times(s.values())})
            for ch, s in by_channel.items()
        }
    for metric, rate_channels in agg.rates.items():
        out[metric] = {
            ch: (s if stratified else {"": stats.pool_rates(s.values())})
            for ch, s in rate_channels.items()
        }
    if agg.scores:
        out["csat"] = {
            ch: (s if stratified else {"": stats.pool_scores(s.values())})
            for ch, s in agg.scores.items()
        }
    return out


def compare(result: MetricsResult, *, reference: str, settings: Settings) -> list[Comparison]:
    """Every channel against `reference` on every metric both have."""
    stratified = has_case_mix(result.aggregates)
    found = stats.compare_all(
        samples(result.aggregates, stratified=stratified),
        reference=reference,
        alpha=settings.alpha,
        min_contacts=settings.min_contacts,
        per_metric_thresholds=dict(settings.thresholds),
        adjust_for=("category",) if stratified else (),
        thresholds_for=settings.threshold,
    )
    return [to_comparison(r) for r in found]


def to_comparison(r: ComparisonResult) -> Comparison:
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
    )


def by_key(comparisons: list[Comparison]) -> Mapping[tuple[str, str], Comparison]:
    return {(c.metric, c.channel): c for c in comparisons}
