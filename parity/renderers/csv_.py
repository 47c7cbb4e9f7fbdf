"""CSV: one row per channel metric and per comparison, full precision, for spreadsheets.

Text cells that a spreadsheet would run as a formula (starting with =, +, -,
@, tab or carriage return) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from parity.report import Report

COLUMNS = (
    "record",
    "channel",
    "metric",
    "value",
    "reference",
    "reference_value",
    "difference",
    "ratio",
    "estimate",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "test",
    "adjusted_for",
    "favours",
    "flagged",
    "severity",
)


def neutralise(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula, made text; numbers stay numbers
    (a negative figure is not a formula)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def render(report: Report) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for ch in report.channels:
        for key, value in ch.metrics.items():
            row = {"record": "metric", "channel": ch.channel, "metric": key, "value": value}
            writer.writerow([_cell(neutralise(row.get(c))) for c in COLUMNS])
    for c in report.comparisons:
        row = {
            "record": "comparison",
            "channel": c.channel,
            "metric": c.metric,
            "value": c.value,
            "reference": c.reference,
            "reference_value": c.reference_value,
            "difference": c.difference,
            "ratio": c.ratio,
            "estimate": c.estimate,
            "ci_low": c.ci[0] if c.ci else None,
            "ci_high": c.ci[1] if c.ci else None,
            "p_value": c.p_value,
            "p_adjusted": c.p_adjusted,
            "test": c.test,
            "adjusted_for": ";".join(c.adjusted_for),
            "favours": c.favours,
            "flagged": c.flagged,
            "severity": c.severity,
        }
        writer.writerow([_cell(neutralise(row.get(col))) for col in COLUMNS])
    return buf.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return value
