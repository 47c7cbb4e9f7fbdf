"""Confidence intervals of the per-channel figures themselves (not of the gaps).

Kaplan–Meier medians get the Brookmeyer–Crowley interval, rates the Wilson
score interval; both from the same aggregates as the figures, all strata
pooled. A side that cannot be bounded (a median whose upper limit is never
reached) is None.
"""

from __future__ import annotations

from parity import stats
from parity.config import RATE_METRICS
from parity.metrics import MetricsResult

MEDIANS = {
    "first_response_time_median_s": "first_response_time",
    "resolution_time_median_s": "resolution_time",
    "hold_time_median_s": "hold_time",
}

Interval = tuple[float | None, float | None]


def channel_intervals(result: MetricsResult, channel: str, *, alpha: float) -> dict[str, Interval]:
    out: dict[str, Interval] = {}
    for key, metric in MEDIANS.items():
        strata = result.aggregates.times.get(metric, {}).get(channel)
        if not strata:
            continue
        table = stats.pool_times(strata.values())
        if int(table.events.sum()) == 0:
            continue
        q = stats.survival_quantile(stats.kaplan_meier(table), 0.5, alpha=alpha)
        out[key] = (q.ci_low, q.ci_high)
    for metric in RATE_METRICS:
        counts = result.aggregates.rates.get(metric, {}).get(channel)
        if not counts:
            continue
        pooled = stats.pool_rates(counts.values())
        if pooled.trials > 0:
            out[metric] = stats.wilson_interval(pooled.successes, pooled.trials, alpha=alpha)
    return out
