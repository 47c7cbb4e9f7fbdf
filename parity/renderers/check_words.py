"""Words for the checks of `parity check`, shared by its text, JUnit and GitHub renderers."""

from __future__ import annotations

from parity.check import CheckItem
from parity.gaps import Gap
from parity.renderers import format as fmt
from parity.report import Comparison
from parity.stats import Level
from parity.trend import Change

OUTCOME_LABELS = {"fail": "FAIL", "warn": "WARN", "pass": "PASS", "skipped": "SKIP"}


def label(metric: str) -> str:
    """ "remedy rate" — the metric as words, lower case."""
    return fmt.COMPARISON_LABELS.get(metric, metric).lower().replace("csat", "CSAT")


def subject(item: CheckItem) -> str:
    c = item.comparison
    return f"{c.channel} vs {c.reference}, {label(c.metric)}"


def level(metric: str, lvl: Level) -> str:
    """A threshold level: '≥ 25 % and ≥ 1.0 min', '≥ 5.0 pts', '≥ 0.30 points'."""
    if metric.endswith("_time"):
        parts = []
        if lvl.relative:
            parts.append(f"≥ {lvl.relative * 100:g} %")
        parts.append(f"≥ {fmt.duration(lvl.absolute)}")
        return " and ".join(parts)
    if metric.endswith("_rate"):
        return f"≥ {lvl.absolute * 100:.1f} pts"
    return f"≥ {lvl.absolute:.2f} points"


def gap(c: Comparison) -> str:
    """'+44.1 pts (95 % CI +40.2 to +48.0 pts)'; times add the ratio to the reference."""
    size = fmt.comparison_gap(c.metric, c.estimate)
    ratio = Gap.from_comparison(c).ratio
    if c.metric.endswith("_time") and ratio is not None:
        size += f" ({factor(ratio)} {c.reference})"
    interval = fmt.interval(c.metric, c.ci)
    return size if interval == "–" else f"{size}, CI {interval}"


def factor(ratio: float) -> str:
    """A ratio of times for people: '0.12×', '1.8×', '60×'."""
    return f"{ratio:.0f}×" if ratio >= 10 else f"{ratio:.2g}×"


def widening(metric: str, moved: Change) -> str:
    before = fmt.comparison_gap(metric, moved.before)
    after = fmt.comparison_gap(metric, moved.after)
    margin = level(metric, moved.margin)
    return f"widened since the baseline from {before} to {after} (margin {margin})"


def message(item: CheckItem) -> str:
    """Why the check ended as it did, in one line."""
    c = item.comparison
    if item.outcome == "skipped":
        return "no verdict: " + ("; ".join(c.notes) if c.notes else "insufficient data")
    parts = [f"gap {gap(c)}"]
    if c.favours:
        parts.append(f"{c.favours} favoured")
    fail_level = level(c.metric, item.thresholds.fail)
    if "fail_level" in item.reasons:
        parts.append(f"at or beyond the fail level ({fail_level})")
    elif "warn_level" in item.reasons:
        warn_level = level(c.metric, item.thresholds.warn)
        parts.append(f"beyond the warn level ({warn_level}), below fail ({fail_level})")
    elif not c.flagged:
        parts.append("no material gap")
    if "widened" in item.reasons and item.since_baseline is not None:
        parts.append(widening(c.metric, item.since_baseline))
    return "; ".join(parts)


def totals(counts: dict[str, int]) -> str:
    """'2 failed, 3 warnings, 20 passed, 5 without a verdict'."""
    return (
        f"{counts['fail']} failed, {counts['warn']} warning{'s' if counts['warn'] != 1 else ''}, "
        f"{counts['pass']} passed, {counts['skipped']} without a verdict (insufficient data)"
    )
