"""One plain-language sentence per comparison, for the terminal and Markdown reports.

This is the only place in the statistics layer that rounds, and only for words:
the numbers in `ComparisonResult` keep full precision.
"""

from __future__ import annotations

import math

from parity.stats.metrics import METRICS, SIGNAL_METRICS, Metric, coverage_metric
from parity.stats.result import ComparisonResult

__all__ = ["describe", "format_duration"]


def _num(x: float) -> str:
    """Two significant figures below 10, whole numbers from 10 on."""
    return f"{x:.0f}" if abs(x) >= 10 else f"{x:.2g}"


def format_duration(seconds: float) -> str:
    """A duration in the unit an analyst would say it in: 45 s, 12 min, 6.1 h, 3.2 days."""
    if math.isinf(seconds):
        return "forever"
    size = abs(seconds)
    sign = "-" if seconds < 0 else ""
    if size < 90:
        return f"{sign}{size:.0f} s"
    if size < 90 * 60:
        return f"{sign}{_num(size / 60)} min"
    if size < 48 * 3600:
        return f"{sign}{_num(size / 3600)} h"
    return f"{sign}{_num(size / 86400)} days"


def _range(low: str, high: str, negative: bool) -> str:
    return f"{low} to {high}" if negative else f"{low}–{high}"


def _oriented(result: ComparisonResult) -> tuple[str, float | None, float | None] | None:
    """The confidence level's label and the interval of |estimate| (bounds may be open),
    oriented like the sentence; None when there is no interval to state."""
    if result.ci is None or result.estimate is None:
        return None
    low, high = result.ci
    if result.estimate < 0:
        low, high = (None if high is None else -high), (None if low is None else -low)
    if low is None and high is None:
        return None
    return f"{result.confidence * 100:g} % CI", low, high


def _ci_magnitude(result: ComparisonResult, scale: float, unit: str = "") -> str:
    """The interval of |estimate|, oriented like the sentence ("18–24")."""
    if (oriented := _oriented(result)) is None:
        return ""
    level, low, high = oriented
    if high is None:
        return f"{level} above {_num((low or 0.0) * scale)}{unit}"
    if low is None:
        return f"{level} below {_num(high * scale)}{unit}"
    text = _range(_num(low * scale), _num(high * scale), low < 0)
    return f"{level} {text}{unit}"


def _time_ci(result: ComparisonResult) -> str:
    """The interval of the gap's size, oriented like the sentence ("95 % CI 19–28 min")."""
    if (oriented := _oriented(result)) is None:
        return ""
    level, low, high = oriented
    if high is None:
        return f"{level} above {format_duration(low or 0.0)}"
    if low is None:
        return f"{level} below {format_duration(high)}"
    return f"{level} {format_duration(low)} to {format_duration(high)}"


def _threshold(result: ComparisonResult) -> str:
    warn = result.thresholds.warn
    if result.kind == "rate":
        return f"{_num(warn.absolute * 100)}-point"
    if result.kind == "score":
        return f"{_num(warn.absolute)}-point"
    if result.kind == "amount":
        return f"{_num(warn.absolute)} and {_num((warn.relative or 0) * 100)} %"
    relative = f" and {_num((warn.relative or 0) * 100)} %" if warn.relative else ""
    return f"{format_duration(warn.absolute)}{relative}"


def _rate_sentence(r: ComparisonResult, phrase: str) -> str:
    est = r.estimate or 0.0
    if est == 0:
        return f"{r.channel} contacts {phrase} as often as {r.reference}"
    more = "more" if est > 0 else "less"
    ci = _ci_magnitude(r, 100)
    tail = f" ({ci})" if ci else ""
    size = _num(abs(est) * 100)
    points = "point" if size == "1" else "points"
    return f"{r.channel} contacts {phrase} {size} {points} {more} often than {r.reference}{tail}"


def _score_sentence(r: ComparisonResult) -> str:
    est = r.estimate or 0.0
    label = "raw means" if r.adjusted else "mean"
    means = f"{label} {_num(r.value or 0)} vs {_num(r.reference_value or 0)}"
    if est == 0:
        return f"{r.channel} customers rate their service the same as {r.reference} ({means})"
    ci = _ci_magnitude(r, 1)
    higher = "higher" if est > 0 else "lower"
    return (
        f"{r.channel} customers rate their service {_num(abs(est))} points {higher} than "
        f"{r.reference} ({means}; {ci})"
    )


def _amount_sentence(r: ComparisonResult) -> str:
    est = r.estimate or 0.0
    label = "raw means" if r.adjusted else "means"
    means = f"{label} {_num(r.value or 0)} vs {_num(r.reference_value or 0)}"
    if est == 0:
        return f"{r.channel} remedies are worth as much as {r.reference}'s ({means})"
    more = "more" if est > 0 else "less"
    ci = _ci_magnitude(r, 1)
    return (
        f"{r.channel} remedies are worth {_num(abs(est))} {more} than {r.reference}'s "
        f"on average ({means}; {ci})"
    )


def _metric(name: str) -> Metric:
    if name in METRICS:
        return METRICS[name]
    if name in SIGNAL_METRICS:
        return SIGNAL_METRICS[name]
    return coverage_metric(name.removeprefix("reply_within_"))


def _time_sentence(r: ComparisonResult, phrase: str) -> str:
    standardised = r.adjusted and not r.metric.startswith("escalated_")
    median = "standardised median" if standardised else "median"
    mine = r.adjusted_value if r.adjusted else r.value
    theirs = r.adjusted_reference_value if r.adjusted else r.reference_value
    ratio = r.adjusted_ratio if r.adjusted else r.ratio
    subject = f"{r.channel} {phrase}"
    if r.estimate_at_least is not None and theirs is not None:
        bound = (r.estimate_at_least or 0.0) + theirs
        return (
            f"{subject} take over {format_duration(bound)} at the {median} (not reached: fewer "
            f"than half within that time) vs {format_duration(theirs)} on {r.reference}"
        )
    if r.estimate_at_most is not None and mine is not None:
        bound = mine - r.estimate_at_most
        return (
            f"{subject} take {format_duration(mine)} at the {median} vs over "
            f"{format_duration(bound)} on {r.reference} (not reached there)"
        )
    if r.estimate is None or mine is None or theirs is None:
        return f"{subject}: the {median} is not reached on one side or both, so no gap is measured"
    ci = _time_ci(r)
    detail = f"{median} {format_duration(mine)} vs {format_duration(theirs)}"
    if r.estimate != 0:
        longer = "longer" if r.estimate > 0 else "shorter"
        detail += f"; {format_duration(abs(r.estimate))} {longer}"
        detail += f", {ci}" if ci else ""
    if r.estimate == 0:
        return f"{subject} take as long as on {r.reference} ({detail})"
    if ratio is None:
        return f"{subject} take {format_duration(r.estimate)} longer than {r.reference} ({detail})"
    if ratio >= 1.5:
        return f"{subject} take {ratio:.2g}× as long as {r.reference} ({detail})"
    if ratio >= 1:
        return f"{subject} take {_num((ratio - 1) * 100)} % more time than {r.reference} ({detail})"
    return f"{subject} take {_num((1 - ratio) * 100)} % less time than {r.reference} ({detail})"


def describe(result: ComparisonResult) -> str:
    """A sentence an analyst reads, e.g. "social contacts are resolved 21 points more
    often than phone (95 % CI 18–24), after adjusting for category". No final full
    stop and no capital: channel names stay as they are, renderers punctuate."""
    metric = _metric(result.metric)
    if result.severity == "insufficient_data":
        return (
            f"not enough data to compare {result.channel} with {result.reference} on "
            f"{metric.label}: {result.note}"
        )
    if result.kind == "rate":
        sentence = _rate_sentence(result, metric.phrase)
    elif result.kind == "score":
        sentence = _score_sentence(result)
    elif result.kind == "amount":
        sentence = _amount_sentence(result)
    else:
        sentence = _time_sentence(result, metric.phrase)
    if result.metric.startswith("escalated_"):
        sentence = f"after escalating from {result.reference}, {sentence}"
        sentence += " (the same customers' journeys, paired)"
    elif result.adjusted:
        sentence += f", after adjusting for {' and '.join(result.adjusted_for)}"
    if not result.significant:
        sentence += "; not statistically significant"
    elif not result.material:
        sentence += f"; statistically significant but below the {_threshold(result)} threshold"
    elif not result.flagged:
        sentence += "; the test points the other way, so no side is favoured"
    return sentence
