"""Markdown: for email, chat and pull requests. Headline first, then the tables."""

from __future__ import annotations

import re

from parity.renderers import format as fmt
from parity.renderers.signal_tables import TextTable, tables
from parity.report import Comparison, Report

_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def escape(text: str) -> str:
    """Text from data made inert in Markdown: no markup, no HTML, one line, no control
    characters."""
    text = fmt.printable(" ".join(text.split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def headline(report: Report) -> str:
    flagged = [c for c in report.comparisons if c.flagged]
    if not report.comparisons:
        return "No comparisons: only one channel, or no metric shared with the reference."
    if not flagged:
        return (
            f"No material gap between channels: none of {len(report.comparisons)} comparisons "
            f"with {report.reference_channel} is both significant and beyond its threshold."
        )
    favoured: dict[str, int] = {}
    for c in flagged:
        if c.favours:
            favoured[c.favours] = favoured.get(c.favours, 0) + 1
    parts = [f"{name} on {n}" for name, n in sorted(favoured.items(), key=lambda kv: -kv[1])]
    return (
        f"{len(flagged)} of {len(report.comparisons)} comparisons show a material gap; "
        f"favoured: {', '.join(parts)}."
    )


def _comparison_row(c: Comparison) -> str:
    cells = [
        fmt.comparison_label(c.metric),
        escape(c.channel),
        fmt.comparison_value(c.metric, c.value),
        fmt.comparison_value(c.metric, c.reference_value),
        fmt.comparison_gap(c.metric, c.estimate if c.estimate is not None else c.difference),
        fmt.interval(c.metric, c.ci),
        fmt.p_value(c.p_adjusted),
        escape(c.favours) if c.favours else "–",
        c.severity,
        escape(c.test),
    ]
    return "| " + " | ".join(cells) + " |"


def render(report: Report) -> str:
    ref = report.reference_channel
    out: list[str] = ["# Channel parity report", ""]
    out.append(f"**{escape(headline(report))}**")
    out.append("")
    flagged = [c for c in report.comparisons if c.flagged]
    for c in flagged:
        out.append(f"- {escape(c.description)}")
    if flagged:
        out.append("")
    period = report.period
    out.append(
        f"Period {period.start or '–'} to {period.end or '–'}; as of {report.as_of or '–'}; "
        f"reference channel **{escape(ref)}**."
    )
    out += ["", "## Channels", ""]
    names = [c.channel for c in report.channels]
    header = ["Metric"] + [escape(n) + (" (reference)" if n == ref else "") for n in names]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    keys = list(report.channels[0].metrics) if report.channels else []
    for key in keys:
        cells = [fmt.METRIC_LABELS.get(key, key)]
        cells += [
            fmt.metric_value(key, ch.metrics.get(key), not_reached=key in ch.not_reached)
            for ch in report.channels
        ]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "## Gaps", ""]
    if report.comparisons:
        out.append(
            "| Metric | Channel | Value | Reference | Gap | 95 % CI | p (adjusted) | Favours "
            "| Severity | Test |"
        )
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        ordered = sorted(report.comparisons, key=lambda c: (not c.flagged, c.metric, c.channel))
        out += [_comparison_row(c) for c in ordered]
        out += ["", "In words:", ""]
        out += [f"- {escape(c.description)}" for c in ordered]
    else:
        out.append("No comparisons.")
    m = report.method
    out += [
        "",
        f"Gaps are flagged when significant after {m.multiplicity} adjustment "
        f"(family-wise α = {m.alpha:g}) and beyond the practical threshold; "
        f"fewer than {m.min_contacts} contacts on either side gives no verdict.",
    ]
    out += ["", "## Two-tier signals"]
    for table in tables(report):
        out += _table(table)
    dq = report.data_quality
    out += [
        "",
        "## Data quality",
        "",
        f"Rows read {dq.rows_read:,}; loaded {dq.rows_loaded:,}; rejected {dq.rows_rejected:,}; "
        f"skipped {dq.rows_skipped:,}.",
    ]
    if dq.rejects_by_reason:
        reasons = ", ".join(f"{escape(k)} {v:,}" for k, v in dq.rejects_by_reason.items())
        out.append(f"Rejected by reason: {reasons}.")
    if dq.skipped_by_reason:
        reasons = ", ".join(f"{escape(k)} {v:,}" for k, v in dq.skipped_by_reason.items())
        out.append(f"Skipped by reason: {reasons}.")
    for s in dq.sources:
        out.append(
            f"- {escape(s.file)} ({s.format}, profile {escape(s.profile)}): read {s.rows_read:,}, "
            f"loaded {s.rows_loaded:,}, rejected {s.rows_rejected:,}, skipped {s.rows_skipped:,}"
        )
    return "\n".join(out) + "\n"


def _table(table: TextTable) -> list[str]:
    out = ["", f"### {escape(table.title)}", ""]
    if table.header:
        out.append("| " + " | ".join(escape(h) for h in table.header) + " |")
        out.append("|" + "---|" * len(table.header))
        out += ["| " + " | ".join(escape(c) for c in row) + " |" for row in table.rows]
        if not table.rows:
            out.append("| " + " | ".join(["–"] * len(table.header)) + " |")
        out.append("")
    out += [f"- {escape(note)}" for note in table.notes]
    return out
