"""Assess escalated journeys: the outcome after escalating against the first channel's.

The counterpart of `assess.py` for PAIRED contacts (same customer, same
matter): McNemar with Tango's interval for rates, the log-rank test stratified
by pair for times. The results are ordinary `Assessment`s, so their verdicts
are settled by the same Holm adjustment and rules as every channel comparison
(`compare.settle`). `channel` is where the customer escalated to, `reference`
where they started; `value` and `reference_value` describe the same pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from parity.stats.assess import (
    Assessment,
    Context,
    _base,
    _insufficient,
    _reaches,
    _sign,
    _time_gap,
    _too_few,
)
from parity.stats.inputs import TimeTable
from parity.stats.medians import quantile_difference
from parity.stats.metrics import Metric
from parity.stats.paired import PairedCounts, paired_logrank, paired_rate_difference
from parity.stats.survival import kaplan_meier

__all__ = ["PAIRED_BY", "PairedTimes", "assess_paired_rate", "assess_paired_time"]

PAIRED_BY = ("customer_id",)  # what a paired verdict holds fixed: the customer (and matter)


@dataclass(frozen=True, slots=True)
class PairedTimes:
    """Times of escalated pairs: each side's table, and the order of events within pairs.

    `second_sooner` / `first_sooner`: pairs whose earlier time is an event of
    the contact after escalating / of the first contact (ties with both events,
    or an earlier censoring, tell nothing).
    """

    second: TimeTable
    first: TimeTable
    second_sooner: int
    first_sooner: int


def assess_paired_rate(
    metric: Metric, channel: str, reference: str, counts: PairedCounts, ctx: Context
) -> Assessment:
    """McNemar's test and Tango's interval of (rate after escalating − rate before)."""
    result = _base(metric, channel, reference, counts.n, counts.n, ctx)
    if counts.n == 0:
        return _insufficient(result, "no escalated journeys")
    value, ref_value = counts.second_rate, counts.first_rate
    result = replace(
        result,
        value=value,
        reference_value=ref_value,
        difference=value - ref_value,
        ratio=value / ref_value if ref_value > 0 else None,
        adjusted_for=PAIRED_BY,
    )
    note = _too_few(ctx, counts.n, counts.n, "escalated journeys")
    if note:
        return _insufficient(result, note)
    rd = paired_rate_difference(counts, alpha=ctx.alpha)
    levels = ctx.thresholds
    result = replace(
        result,
        estimate=rd.difference,
        ci=(rd.ci_low, rd.ci_high),
        interval=rd.interval,
        test=rd.test,
        statistic=rd.statistic,
        p_value=rd.p_value,
        material=_sign(rd.difference) != 0 and _reaches(abs(rd.difference), levels.warn.absolute),
    )
    fail = _reaches(abs(rd.difference), levels.fail.absolute)
    return Assessment(result, _sign(rd.difference), _sign(rd.statistic), fail)


def assess_paired_time(
    metric: Metric, channel: str, reference: str, times: PairedTimes, ctx: Context
) -> Assessment:
    """Log-rank stratified by pair; the gap is the difference of the two sides' medians."""
    n = times.second.n
    result = _base(metric, channel, reference, n, times.first.n, ctx)
    if n == 0 or times.first.n == 0:
        return _insufficient(result, "no escalated journeys")
    gap = quantile_difference(
        kaplan_meier(times.second), kaplan_meier(times.first), alpha=ctx.alpha
    )
    result = replace(
        result,
        value=gap.value.value,
        value_lower_bound=gap.value.lower_bound,
        reference_value=gap.reference.value,
        reference_value_lower_bound=gap.reference.lower_bound,
        difference=gap.difference,
        ratio=gap.ratio,
        # pairs are like with like already: the "adjusted" figures are the paired sides'
        adjusted_value=gap.value.value,
        adjusted_reference_value=gap.reference.value,
        adjusted_ratio=gap.ratio,
        adjusted_difference=gap.difference,
        adjusted_for=PAIRED_BY,
    )
    note = _too_few(ctx, n, times.first.n, "escalated journeys")
    if note:
        return _insufficient(result, note)
    test = paired_logrank(second_sooner=times.second_sooner, first_sooner=times.first_sooner)
    direction, material = _time_gap(ctx.thresholds.warn, gap)
    _, fail = _time_gap(ctx.thresholds.fail, gap)
    result = replace(
        result,
        estimate=gap.difference,
        estimate_at_least=gap.at_least,
        estimate_at_most=gap.at_most,
        ci=(gap.ci_low, gap.ci_high),
        interval=gap.interval + " (each side's own limits: the pairing is not used)",
        test=test.test,
        statistic=test.statistic,
        p_value=test.p_value,
        material=material,
        note=(
            f"the contact after escalating was resolved first in {times.second_sooner} "
            f"journeys, the first contact in {times.first_sooner}"
        ),
    )
    # The second side resolved sooner in more pairs = shorter times after escalating.
    return Assessment(result, direction, -_sign(test.z), fail)
