"""parity's statistics layer: pure functions on aggregates (numpy and scipy only).

The rest of parity computes per-channel, per-category aggregates in SQL and hands
them to `compare_all`, which returns one `ComparisonResult` per channel and
metric with its test, interval, multiplicity-adjusted p-value and verdict.
`describe` turns a result into a sentence. The building blocks are public too,
for notebooks and for the per-channel figures of SPEC §4 (e.g. Kaplan–Meier
medians with `kaplan_meier` and `survival_quantile`). See docs/methodology.md.
"""

from parity.stats.assess import Assessment
from parity.stats.compare import assess_all, compare_all, settle
from parity.stats.describe import describe, format_duration
from parity.stats.inputs import (
    RateCounts,
    Sample,
    ScoreCounts,
    TimeTable,
    pool_rates,
    pool_scores,
    pool_times,
)
from parity.stats.logrank import LogRank, logrank, logrank_stratified
from parity.stats.medians import QuantileDifference, mover_interval, quantile_difference
from parity.stats.metrics import (
    METRICS,
    SIGNAL_METRICS,
    Better,
    Kind,
    Metric,
    MetricName,
    coverage_metric,
)
from parity.stats.multiplicity import holm
from parity.stats.rates import (
    RateDifference,
    StratifiedRateDifference,
    mantel_haenszel,
    miettinen_nurminen_interval,
    newcombe_interval,
    rate_difference,
    score_test,
    wilson_interval,
)
from parity.stats.result import ComparisonResult, Severity
from parity.stats.scores import (
    MeanDifference,
    RankTest,
    mean_difference,
    stratified_mean_difference,
    van_elteren,
    wilcoxon_mann_whitney,
)
from parity.stats.survival import (
    SurvivalCurve,
    SurvivalQuantile,
    kaplan_meier,
    standardised_curve,
    survival_quantile,
)
from parity.stats.thresholds import Level, MetricThresholds, Thresholds

__all__ = [
    "METRICS",
    "SIGNAL_METRICS",
    "Assessment",
    "Better",
    "ComparisonResult",
    "Kind",
    "Level",
    "LogRank",
    "MeanDifference",
    "Metric",
    "MetricName",
    "MetricThresholds",
    "QuantileDifference",
    "RankTest",
    "RateCounts",
    "RateDifference",
    "Sample",
    "ScoreCounts",
    "Severity",
    "StratifiedRateDifference",
    "SurvivalCurve",
    "SurvivalQuantile",
    "Thresholds",
    "TimeTable",
    "assess_all",
    "compare_all",
    "coverage_metric",
    "describe",
    "format_duration",
    "holm",
    "kaplan_meier",
    "logrank",
    "logrank_stratified",
    "mantel_haenszel",
    "mean_difference",
    "miettinen_nurminen_interval",
    "mover_interval",
    "newcombe_interval",
    "pool_rates",
    "pool_scores",
    "pool_times",
    "quantile_difference",
    "rate_difference",
    "score_test",
    "settle",
    "standardised_curve",
    "stratified_mean_difference",
    "survival_quantile",
    "van_elteren",
    "wilcoxon_mann_whitney",
    "wilson_interval",
]
