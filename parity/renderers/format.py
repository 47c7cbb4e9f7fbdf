"""Rounding and units for people: the only place figures are rounded; and text from data
made safe to print."""

from __future__ import annotations

import math
import unicodedata

from parity.stats import METRICS, SIGNAL_METRICS, Kind


def printable(text: str) -> str:
    """`text` with every control character written as an escape (`\\n`, `\\x1b`).

    For text outputs (the terminal, `check --format text`, CI logs, error lines): a
    name from the data then stays on its line, cannot start a line of its own (a CI
    runner reads `::command::` lines from any output) and cannot send an escape
    sequence to the terminal. Spaces of other widths are kept.
    """
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() or unicodedata.category(c) == "Zs" else repr(c)[1:-1] for c in text
    )


METRIC_LABELS: dict[str, str] = {
    "contacts": "Contacts",
    "share": "Share of contacts",
    "response_rate": "Response rate",
    "first_response_time_median_s": "First response, median",
    "first_response_time_p90_s": "First response, 90th pct",
    "resolution_rate": "Resolution rate",
    "resolution_time_median_s": "Resolution time, median",
    "hold_time_median_s": "Hold time, median",
    "hold_time_p90_s": "Hold time, 90th pct",
    "abandon_rate": "Abandon rate",
    "reopen_rate": "Reopen rate",
    "transfer_rate": "Transfer rate",
    "remedy_rate": "Remedy rate",
    "remedy_amount_mean": "Remedy amount, mean",
    "csat_mean": "CSAT, mean",
    "csat_responses": "CSAT responses",
}

COMPARISON_LABELS: dict[str, str] = {
    "first_response_time": "First response time",
    "resolution_time": "Resolution time",
    "hold_time": "Hold time",
    "response_rate": "Response rate",
    "resolution_rate": "Resolution rate",
    "abandon_rate": "Abandon rate",
    "reopen_rate": "Reopen rate",
    "transfer_rate": "Transfer rate",
    "remedy_rate": "Remedy rate",
    "csat": "CSAT",
    "escalated_resolution_rate": "Resolved after escalating",
    "escalated_remedy_rate": "Remedy after escalating",
    "escalated_resolution_time": "Resolution time after escalating",
    "apology_only_rate": "Apology only",
    "remedy_amount": "Remedy amount",
    "escalation_rate": "Escalation rate",
}

# the channel metric a comparison's value is shown from
COMPARISON_METRIC_KEY: dict[str, str] = {
    "first_response_time": "first_response_time_median_s",
    "resolution_time": "resolution_time_median_s",
    "hold_time": "hold_time_median_s",
    "csat": "csat_mean",
}

# channel metric key → the comparison that judges it
JUDGED_BY: dict[str, str] = {
    "response_rate": "response_rate",
    "first_response_time_median_s": "first_response_time",
    "resolution_rate": "resolution_rate",
    "resolution_time_median_s": "resolution_time",
    "hold_time_median_s": "hold_time",
    "abandon_rate": "abandon_rate",
    "reopen_rate": "reopen_rate",
    "transfer_rate": "transfer_rate",
    "remedy_rate": "remedy_rate",
    "csat_mean": "csat",
}

NOT_REACHED = "not reached"


def kind(metric: str) -> Kind:
    """time, rate, score or amount: how a metric's figures and gaps are shown."""
    known = METRICS.get(metric) or SIGNAL_METRICS.get(metric)
    if known is not None:
        return known.kind
    if metric.endswith("_time"):
        return "time"
    if metric.endswith("_rate") or metric.startswith("reply_within_"):
        return "rate"
    return "score"


def higher_is_better(metric: str) -> bool:
    """True when a larger figure is the better service (rates of response, csat…)."""
    known = METRICS.get(metric) or SIGNAL_METRICS.get(metric)
    return known is None or known.better == "higher"


def comparison_label(metric: str) -> str:
    """A comparison's metric for people: "Remedy rate", "Reply within 1 h"."""
    if metric in COMPARISON_LABELS:
        return COMPARISON_LABELS[metric]
    if metric.startswith("reply_within_"):
        return f"Reply within {_mark_words(metric.removeprefix('reply_within_'))}"
    words = metric.replace("_", " ")
    return words[:1].upper() + words[1:]


def _mark_words(label: str) -> str:
    """ "1h" → "1 h", "30min" → "30 min" (a coverage mark's key as words)."""
    digits = label.rstrip("abcdefghijklmnopqrstuvwxyz")
    return f"{digits} {label[len(digits) :]}" if digits and digits != label else label


def _is_rate(metric: str) -> bool:
    return kind(metric) == "rate"


def mark(seconds: float) -> str:
    """A coverage mark: 1 h, 24 h, 7 d."""
    if seconds >= 2 * 86400 and seconds % 86400 == 0:
        return f"{seconds / 86400:g} d"
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


def duration(seconds: float | None) -> str:
    """Seconds as a short human duration: 45 s, 12.5 min, 3.2 h, 2.1 d."""
    if seconds is None or not math.isfinite(seconds):
        return "–"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def percent(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value * 100:.1f} %"


def points(value: float | None) -> str:
    """A difference of proportions in percentage points, signed."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value * 100:+.1f} pts"


def number(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    if not math.isfinite(value):
        return "–"
    return f"{value:,.{digits}f}"


def metric_value(key: str, value: float | int | None, *, not_reached: bool = False) -> str:
    """A channel metric for display."""
    if key.endswith("_s"):
        if value is None:
            return NOT_REACHED if not_reached else "–"
        return duration(float(value))
    if key.endswith("_rate") or key == "share":
        return percent(None if value is None else float(value))
    if key in ("contacts", "csat_responses"):
        return number(None if value is None else int(value))
    return number(value)


def comparison_value(metric: str, value: float | None) -> str:
    if kind(metric) == "time":
        return duration(value) if value is not None else NOT_REACHED
    if _is_rate(metric):
        return percent(value)
    return number(value)


def comparison_gap(metric: str, difference: float | None) -> str:
    if difference is None:
        return "–"
    if kind(metric) == "time":
        sign = "+" if difference >= 0 else "−"
        return f"{sign}{duration(abs(difference))}"
    if _is_rate(metric):
        return points(difference)
    return f"{difference:+.2f}"


def interval(
    metric: str,
    ci: tuple[float | None, float | None] | list[float | None] | None,
    *,
    short: bool = False,
) -> str:
    """A confidence interval of a gap; an open side (not estimable) shows as ∞.

    `short` names a time unit once when both sides share it: '−19.4 to −18.6 min'.
    """
    if ci is None or (ci[0] is None and ci[1] is None):
        return "–"
    low, high = ci
    if kind(metric) == "time":
        lo = comparison_gap(metric, low) if low is not None else "−∞"
        hi = comparison_gap(metric, high) if high is not None else "+∞"
        lo_number, _, lo_unit = lo.partition(" ")
        if short and lo_unit and hi.endswith(f" {lo_unit}"):
            return f"{lo_number} to {hi}"
        return f"{lo} to {hi}"
    if _is_rate(metric):
        lo = f"{low * 100:+.1f}" if low is not None else "−∞"
        hi = f"{high * 100:+.1f}" if high is not None else "+∞"
        return f"{lo} to {hi} pts"
    lo = f"{low:+.2f}" if low is not None else "−∞"
    hi = f"{high:+.2f}" if high is not None else "+∞"
    return f"{lo} to {hi}"


def percent_interval(ci: tuple[float | None, float | None] | None) -> str:
    """The interval of a share: '2.9–3.6 %'."""
    if ci is None or ci[0] is None or ci[1] is None:
        return "–"
    return f"{ci[0] * 100:.1f}–{ci[1] * 100:.1f} %"


def p_value(p: float | None) -> str:
    if p is None or not math.isfinite(p):
        return "–"
    if p < 0.0001:
        return "<0.0001"
    return f"{p:.4f}"
