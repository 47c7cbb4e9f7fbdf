"""Assess one channel against the reference on one metric, before multiplicity.

Each function picks the estimate and test of its kind — plain, or stratified
when the samples are split by category — and says which way the gap goes and
whether it is large enough to matter. The verdict itself (significant after
Holm, flagged, favours, severity) is settled in `compare.py`, once every
comparison of the report is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from parity.stats.inputs import (
    RateCounts,
    ScoreCounts,
    TimeTable,
    pool_rates,
    pool_scores,
    pool_times,
)
from parity.stats.logrank import logrank, logrank_stratified
from parity.stats.medians import QuantileDifference, quantile_difference
from parity.stats.metrics import Metric
from parity.stats.rates import mantel_haenszel, rate_difference
from parity.stats.result import ComparisonResult
from parity.stats.scores import (
    mean_difference,
    stratified_mean_difference,
    van_elteren,
    wilcoxon_mann_whitney,
)
from parity.stats.survival import kaplan_meier, standardised_curve, survival_quantile
from parity.stats.thresholds import Level, MetricThresholds

__all__ = ["Assessment", "Context", "assess_rates", "assess_scores", "assess_times"]

# A gap equal to its threshold counts as reaching it, whatever the last bit of
# floating point says (0.15 − 0.10 is 0.04999999999999999).
_SLACK = 1e-9


class _Counted(Protocol):
    @property
    def n(self) -> int: ...


T = TypeVar("T", bound=_Counted)


@dataclass(frozen=True, slots=True)
class Context:
    """What every assessment of a report shares."""

    alpha: float
    min_contacts: int
    thresholds: MetricThresholds
    stratified: bool
    adjust_for: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Assessment:
    """A comparison whose verdict waits for the Holm adjustment."""

    result: ComparisonResult
    direction: int  # sign of value − reference that the estimate establishes; 0 = unknown
    test_direction: int  # sign the test points to, on the same scale
    material_fail: bool


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _reaches(gap: float, level: float) -> bool:
    return gap >= level * (1 - _SLACK)


def _common(x: Mapping[str, T], y: Mapping[str, T]) -> list[tuple[T, T]]:
    """Pairs of strata both sides have data in (others cannot compare like with like)."""
    return [(x[k], y[k]) for k in x if k in y and x[k].n > 0 and y[k].n > 0]


def _base(
    metric: Metric, channel: str, reference: str, n: int, n_ref: int, ctx: Context
) -> ComparisonResult:
    return ComparisonResult(
        metric=metric.name,
        kind=metric.kind,
        better=metric.better,
        channel=channel,
        reference=reference,
        n=n,
        n_reference=n_ref,
        value=None,
        reference_value=None,
        value_lower_bound=None,
        reference_value_lower_bound=None,
        difference=None,
        ratio=None,
        estimate=None,
        estimate_at_least=None,
        estimate_at_most=None,
        adjusted_difference=None,
        adjusted_value=None,
        adjusted_reference_value=None,
        adjusted_ratio=None,
        ci=None,
        confidence=1 - ctx.alpha,
        interval=None,
        test=None,
        statistic=None,
        p_value=None,
        p_adjusted=None,
        adjusted_for=(),
        significant=False,
        material=False,
        flagged=False,
        favours=None,
        severity="ok",
        thresholds=ctx.thresholds,
        note=None,
    )


def _insufficient(result: ComparisonResult, note: str) -> Assessment:
    return Assessment(replace(result, severity="insufficient_data", note=note), 0, 0, False)


def _too_few(ctx: Context, n: int, n_ref: int, unit: str, where: str = "") -> str | None:
    if min(n, n_ref) >= ctx.min_contacts:
        return None
    return f"fewer than {ctx.min_contacts} {unit} on one side{where} ({n} vs {n_ref})"


def _test_name(name: str, ctx: Context) -> str:
    if ctx.stratified:
        return f"{name} (stratified by {', '.join(ctx.adjust_for)})"
    return name


def _strata_check(pairs: list[tuple[T, T]], ctx: Context, unit: str) -> str | None:
    if not pairs:
        return f"no {' × '.join(ctx.adjust_for)} with {unit} on both sides"
    n = sum(x.n for x, _ in pairs)
    n_ref = sum(y.n for _, y in pairs)
    return _too_few(ctx, n, n_ref, unit, f" in the {' × '.join(ctx.adjust_for)} both have")


def assess_rates(
    metric: Metric,
    channel: str,
    reference: str,
    x: Mapping[str, RateCounts],
    y: Mapping[str, RateCounts],
    ctx: Context,
) -> Assessment:
    """Miettinen–Nurminen (plain) or CMH with the Mantel–Haenszel difference (stratified)."""
    px, py = pool_rates(x.values()), pool_rates(y.values())
    result = _base(metric, channel, reference, px.trials, py.trials, ctx)
    value = px.successes / px.trials if px.trials else None
    ref_value = py.successes / py.trials if py.trials else None
    result = replace(result, value=value, reference_value=ref_value)
    if value is not None and ref_value is not None:
        ratio = value / ref_value if ref_value > 0 else None
        result = replace(result, difference=value - ref_value, ratio=ratio)
    note = _too_few(ctx, px.trials, py.trials, "contacts")
    if note:
        return _insufficient(result, note)
    if ctx.stratified:
        pairs = _common(x, y)
        note = _strata_check(pairs, ctx, "contacts")
        if note:
            return _insufficient(result, note)
        mh = mantel_haenszel(pairs, alpha=ctx.alpha)
        estimate, ci = mh.difference, (mh.ci_low, mh.ci_high)
        test, statistic, p, test_direction = mh.test, mh.statistic, mh.p_value, _sign(mh.excess)
        interval = mh.interval
        result = replace(result, adjusted_difference=estimate, adjusted_for=ctx.adjust_for)
    else:
        rd = rate_difference(px, py, alpha=ctx.alpha)
        estimate, ci = rd.difference, (rd.ci_low, rd.ci_high)
        test, statistic, p, test_direction = rd.test, rd.statistic, rd.p_value, _sign(rd.statistic)
        interval = rd.interval
    levels = ctx.thresholds
    result = replace(
        result,
        estimate=estimate,
        ci=ci,
        interval=interval,
        test=_test_name(test, ctx),
        statistic=statistic,
        p_value=p,
        material=_sign(estimate) != 0 and _reaches(abs(estimate), levels.warn.absolute),
    )
    fail = _reaches(abs(estimate), levels.fail.absolute)
    return Assessment(result, _sign(estimate), test_direction, fail)


def _time_gap(level: Level, gap: QuantileDifference) -> tuple[int, bool]:
    """Direction of a time gap and whether it reaches `level` (absolute and relative)."""
    relative = level.relative or 0.0
    if gap.difference is not None:
        direction = _sign(gap.difference)
        if gap.ratio is None:
            relative_ok = direction != 0
        else:
            relative_ok = _reaches(abs(gap.ratio - 1), relative)
        absolute_ok = _reaches(abs(gap.difference), level.absolute)
        return direction, direction != 0 and absolute_ok and relative_ok
    # A median not reached: only a bound on the gap is known, so only a gap whose
    # bound already reaches the threshold (in the bound's direction) is material.
    if gap.at_least is not None and gap.at_least > 0:
        material = _reaches(gap.at_least, level.absolute) and (
            gap.ratio_at_least is None or _reaches(gap.ratio_at_least - 1, relative)
        )
        return 1, material
    if gap.at_most is not None and gap.at_most < 0:
        material = _reaches(-gap.at_most, level.absolute) and (
            gap.ratio_at_most is None or _reaches(1 - gap.ratio_at_most, relative)
        )
        return -1, material
    return 0, False


def assess_times(
    metric: Metric,
    channel: str,
    reference: str,
    x: Mapping[str, TimeTable],
    y: Mapping[str, TimeTable],
    ctx: Context,
) -> Assessment:
    """Kaplan–Meier medians and log-rank (plain), or standardised medians and
    stratified log-rank (stratified)."""
    tx, ty = pool_times(x.values()), pool_times(y.values())
    result = _base(metric, channel, reference, tx.n, ty.n, ctx)
    km_x = kaplan_meier(tx) if tx.n else None
    km_y = kaplan_meier(ty) if ty.n else None
    raw = quantile_difference(km_x, km_y, alpha=ctx.alpha) if km_x and km_y else None
    qx = raw.value if raw else survival_quantile(km_x, alpha=ctx.alpha) if km_x else None
    qy = raw.reference if raw else survival_quantile(km_y, alpha=ctx.alpha) if km_y else None
    result = replace(
        result,
        value=qx.value if qx else None,
        value_lower_bound=qx.lower_bound if qx else None,
        reference_value=qy.value if qy else None,
        reference_value_lower_bound=qy.lower_bound if qy else None,
    )
    if qx and qy and qx.value is not None and qy.value is not None:
        ratio = qx.value / qy.value if qy.value > 0 else None
        result = replace(result, difference=qx.value - qy.value, ratio=ratio)
    note = _too_few(ctx, tx.n, ty.n, "contacts")
    if note or raw is None:
        return _insufficient(result, note or "no contacts")
    if ctx.stratified:
        pairs = _common(x, y)
        note = _strata_check(pairs, ctx, "contacts")
        if note:
            return _insufficient(result, note)
        weights = [float(a.n + b.n) for a, b in pairs]
        gap = quantile_difference(
            standardised_curve([a for a, _ in pairs], weights),
            standardised_curve([b for _, b in pairs], weights),
            alpha=ctx.alpha,
        )
        test = logrank_stratified(pairs)
        result = replace(
            result,
            adjusted_difference=gap.difference,
            adjusted_value=gap.value.value,
            adjusted_reference_value=gap.reference.value,
            adjusted_ratio=gap.ratio,
            adjusted_for=ctx.adjust_for,
        )
        name = "log-rank"
        interval = (
            f"difference of medians standardised to the combined {' × '.join(ctx.adjust_for)} "
            "mix, MOVER from Brookmeyer–Crowley limits"
        )
    else:
        gap = raw
        test = logrank(tx, ty)
        name = test.test
        interval = gap.interval
    direction, material = _time_gap(ctx.thresholds.warn, gap)
    _, fail = _time_gap(ctx.thresholds.fail, gap)
    if gap.difference is None and gap.at_least is None and gap.at_most is None:
        result = replace(result, note="the median is not reached on either side: no gap measured")
    result = replace(
        result,
        estimate=gap.difference,
        estimate_at_least=gap.at_least,
        estimate_at_most=gap.at_most,
        ci=(gap.ci_low, gap.ci_high),
        interval=interval,
        test=_test_name(name, ctx),
        statistic=test.statistic,
        p_value=test.p_value,
        material=material,
    )
    # More events than expected under no difference = events sooner = shorter times.
    return Assessment(result, direction, -_sign(test.observed - test.expected), fail)


def assess_scores(
    metric: Metric,
    channel: str,
    reference: str,
    x: Mapping[str, ScoreCounts],
    y: Mapping[str, ScoreCounts],
    ctx: Context,
) -> Assessment:
    """Wilcoxon–Mann–Whitney and Welch (plain), or van Elteren and the
    Mantel–Haenszel-weighted mean difference (stratified)."""
    sx, sy = pool_scores(x.values()), pool_scores(y.values())
    result = _base(metric, channel, reference, sx.n, sy.n, ctx)
    means = mean_difference(sx, sy, alpha=ctx.alpha) if sx.n and sy.n else None
    value = float((sx.values * sx.counts).sum() / sx.n) if sx.n else None
    ref_value = float((sy.values * sy.counts).sum() / sy.n) if sy.n else None
    result = replace(result, value=value, reference_value=ref_value)
    if value is not None and ref_value is not None:
        ratio = value / ref_value if ref_value > 0 else None
        result = replace(result, difference=value - ref_value, ratio=ratio)
    unit = "remedied contacts" if metric.kind == "amount" else "responses"
    note = _too_few(ctx, sx.n, sy.n, unit)
    if note or means is None:
        return _insufficient(result, note or "no responses")
    if ctx.stratified:
        pairs = _common(x, y)
        note = _strata_check(pairs, ctx, unit)
        if note:
            return _insufficient(result, note)
        means = stratified_mean_difference(pairs, alpha=ctx.alpha)
        rank = van_elteren(pairs)
        result = replace(result, adjusted_difference=means.difference, adjusted_for=ctx.adjust_for)
    else:
        rank = wilcoxon_mann_whitney(sx, sy)
    estimate = means.difference
    levels = ctx.thresholds
    result = replace(
        result,
        estimate=estimate,
        ci=(means.ci_low, means.ci_high),
        interval=means.interval,
        test=_test_name(rank.test, ctx),
        statistic=rank.statistic,
        p_value=rank.p_value,
        material=_level_reached(estimate, ref_value, levels.warn),
    )
    fail = _level_reached(estimate, ref_value, levels.fail)
    return Assessment(result, _sign(estimate), _sign(rank.statistic), fail)


def _level_reached(estimate: float, reference: float | None, level: Level) -> bool:
    """|estimate| ≥ the absolute level and, when the level has one, ≥ its share of the reference."""
    if _sign(estimate) == 0 or not _reaches(abs(estimate), level.absolute):
        return False
    if level.relative is None or not reference:
        return True
    return _reaches(abs(estimate) / abs(reference), level.relative)
