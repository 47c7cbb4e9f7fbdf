"""Words for the checks of `parity check`, shared by its text, JUnit and GitHub renderers."""

from __future__ import annotations

from parity.check import CheckItem
from parity.config import LEVEL_METRICS
from parity.gaps import Gap
from parity.renderers import format as fmt
from parity.report import Comparison
from parity.stats import Level
from parity.trend import Change

OUTCOME_LABELS = {"fail": "FAIL", "warn": "WARN", "pass": "PASS", "skipped": "SKIP"}


def label(metric: str) -> str:
    """ "remedy rate" — the metric as words, lower case."""
    return fmt.comparison_label(metric).lower().replace("csat", "CSAT")


def who(c: Comparison) -> str:
    """The channels a check is about: 'social vs phone', or 'phone → social' for a journey."""
    return where(c) if c.family == "journeys" else f"{c.channel} vs {c.reference}"


def where(c: Comparison) -> str:
    """The channel a check is about: 'social', or 'phone → social' for a journey."""
    return f"{c.reference} → {c.channel}" if c.family == "journeys" else c.channel


def size(c: Comparison) -> str:
    """The gap alone ('+20.0 pts'), or the rate a level judges ('3.2 %')."""
    if is_level(c):
        return fmt.percent(c.estimate)
    return fmt.comparison_gap(c.metric, c.estimate)


def subject(item: CheckItem) -> str:
    c = item.comparison
    return f"{who(c)}, {label(c.metric)}"


def is_level(c: Comparison) -> bool:
    """A figure judged against a level (an escalation rate), not a gap."""
    return c.metric in LEVEL_METRICS


def level(metric: str, lvl: Level) -> str:
    """A threshold level: '≥ 25 % and ≥ 1.0 min', '≥ 5.0 pts', '≥ 0.30 points', '≥ 5.0 %'."""
    kind = fmt.kind(metric)
    if metric in LEVEL_METRICS:
        return f"≥ {lvl.absolute * 100:.1f} %"
    if kind in ("time", "amount"):
        parts = []
        if lvl.relative:
            parts.append(f"≥ {lvl.relative * 100:g} %")
        size = fmt.duration(lvl.absolute) if kind == "time" else f"{lvl.absolute:.2f}"
        parts.append(f"≥ {size}")
        return " and ".join(parts)
    if kind == "rate":
        return f"≥ {lvl.absolute * 100:.1f} pts"
    return f"≥ {lvl.absolute:.2f} points"


def gap(c: Comparison) -> str:
    """'+44.1 pts (95 % CI +40.2 to +48.0 pts)'; times add the ratio to the reference."""
    if is_level(c):
        return f"rate {fmt.percent(c.estimate)}, CI {fmt.percent_interval(c.ci)}"
    text = fmt.comparison_gap(c.metric, c.estimate)
    ratio = Gap.from_comparison(c).ratio
    if fmt.kind(c.metric) == "time" and ratio is not None:
        text += f" ({factor(ratio)} {c.reference})"
    interval = fmt.interval(c.metric, c.ci)
    return text if interval == "–" else f"{text}, CI {interval}"


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
    parts = [gap(c) if is_level(c) else f"gap {gap(c)}"]
    if c.favours:
        parts.append(f"{c.favours} favoured")
    fail_level = level(c.metric, item.thresholds.fail)
    judged = "lower limit (Bonferroni over the pairs) " if is_level(c) else ""
    if "fail_level" in item.reasons:
        parts.append(f"{judged}at or beyond the fail level ({fail_level})")
    elif "warn_level" in item.reasons:
        warn_level = level(c.metric, item.thresholds.warn)
        parts.append(f"{judged}beyond the warn level ({warn_level}), below fail ({fail_level})")
    elif is_level(c):
        parts.append(f"below the warn level ({level(c.metric, item.thresholds.warn)})")
    elif not c.flagged:
        parts.append("no material gap")
    if "widened" in item.reasons and item.since_baseline is not None:
        parts.append(widening(c.metric, item.since_baseline))
    return "; ".join(parts)


FAMILY_WORDS = {
    "journeys": "escalated journeys",
    "remedies": "remedy parity",
    "coverage": "reply coverage",
}


def unjudged(items: list[Comparison]) -> str:
    """Checks without a verdict in a line: channel comparisons by name, signals counted.

    'social remedy rate; 27 signal checks (escalated journeys 27)'.
    """
    names = ", ".join(f"{c.channel} {label(c.metric)}" for c in items if c.family == "channels")
    signals: dict[str, int] = {}
    for c in items:
        if c.family != "channels":
            signals[c.family] = signals.get(c.family, 0) + 1
    if not signals:
        return names
    total = sum(signals.values())
    each = ", ".join(f"{FAMILY_WORDS.get(f, f)} {n}" for f, n in signals.items())
    counted = f"{total} signal check{'s' if total != 1 else ''} ({each})"
    return f"{names}; {counted}" if names else counted


def totals(counts: dict[str, int]) -> str:
    """'2 failed, 3 warnings, 20 passed, 5 without a verdict'."""
    return (
        f"{counts['fail']} failed, {counts['warn']} warning{'s' if counts['warn'] != 1 else ''}, "
        f"{counts['pass']} passed, {counts['skipped']} without a verdict (insufficient data)"
    )
