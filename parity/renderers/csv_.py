"""CSV: one row per figure, full precision, for spreadsheets (long format).

`record` says what a row is: a channel `metric`; a `comparison` (SPEC §5) or
a `signal` verdict, both with every figure of the verdict; then the signals'
figures — an `escalation` (from `reference` to `channel`), a `coverage` mark,
a `remedy` figure, a `team`'s rate — and the `clock` (and each `calendar`).
`n` is the row's denominator and `count` its numerator where it has them.
docs/schema.md lists the columns.

Text cells that a spreadsheet would run as a formula (starting with =, +, -,
@, tab or carriage return) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from parity.report import Comparison, Report
from parity.report_signals import Interval

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
    # added with the signals; the columns above keep their places
    "family",
    "team",
    "n",
    "n_reference",
    "count",
    "note",
)

Row = dict[str, Any]


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
    for row in rows(report):
        # text is neutralised before numbers become text: -0.05 stays a number
        writer.writerow([_cell(neutralise(row.get(c))) for c in COLUMNS])
    return buf.getvalue()


def rows(report: Report) -> Iterator[Row]:
    """Every row of the CSV, in order, as column → value."""
    for ch in report.channels:
        for key, value in ch.metrics.items():
            yield {"record": "metric", "channel": ch.channel, "metric": key, "value": value}
    for c in report.comparisons:
        yield _verdict("comparison", c)
    for c in report.signals:
        yield _verdict("signal", c)
    yield from _signal_figures(report)


def _verdict(record: str, c: Comparison) -> Row:
    return {
        "record": record,
        "channel": c.channel,
        "metric": c.metric,
        "value": c.value,
        "reference": c.reference,
        "reference_value": c.reference_value,
        "difference": c.difference,
        "ratio": c.ratio,
        "estimate": c.estimate,
        **_ci(c.ci),
        "p_value": c.p_value,
        "p_adjusted": c.p_adjusted,
        "test": c.test,
        "adjusted_for": ";".join(c.adjusted_for),
        "favours": c.favours,
        "flagged": c.flagged,
        "severity": c.severity,
        "family": c.family,
        "n": c.n,
        "n_reference": c.n_reference,
    }


def _ci(ci: Interval | None) -> Row:
    return {"ci_low": ci[0] if ci else None, "ci_high": ci[1] if ci else None}


def _signal_figures(report: Report) -> Iterator[Row]:
    journeys = report.journeys
    for e in journeys.escalations if journeys is not None else []:
        yield {
            "record": "escalation",
            "channel": e.to_channel,
            "reference": e.from_channel,
            "metric": "escalation_rate",
            "value": e.rate,
            **_ci(e.ci),
            "severity": e.severity,
            "family": "journeys",
            "n": e.contacts,
            "count": e.escalated,
            "note": f"window {journeys.window_days:g} days" if journeys else None,
        }
    for ch in report.coverage.channels if report.coverage is not None else []:
        for m in ch.marks:
            yield {
                "record": "coverage",
                "channel": ch.channel,
                "metric": f"reply_within_{m.label}",
                "value": m.rate,
                **_ci(m.ci),
                "family": "coverage",
                "n": m.eligible,
                "count": m.answered,
            }
    for r in report.remedies:
        base = {"record": "remedy", "channel": r.channel, "family": "remedies"}
        yield {**base, "metric": "remedied", "value": r.remedied}
        yield {**base, "metric": "amount_mean", "value": r.amount_mean}
        yield {
            **base,
            "metric": "amount_mean_remedied",
            "value": r.amount_mean_remedied,
            "n": r.amount_known,
        }
        for key, value in r.amount_quantiles.items():
            yield {**base, "metric": f"amount_{key}", "value": value, "n": r.amount_known}
        yield {
            **base,
            "metric": "apology_only_rate",
            "value": r.apology_only_rate,
            **_ci(r.apology_only_ci),
            "n": r.apology_only_known,
        }
    yield from _teams(report)
    yield {"record": "clock", "metric": "clock", "value": report.clock.clock}
    for cal in report.clock.calendars:
        yield {
            "record": "calendar",
            "channel": cal.channel,
            "metric": "calendar",
            "value": cal.timezone,
            "note": cal.description,
        }


def _teams(report: Report) -> Iterator[Row]:
    empowerment = report.empowerment
    if empowerment is None:
        return
    hidden = f"suppressed: fewer than {empowerment.min_group_size} contacts"
    for t in empowerment.teams:
        base = {"record": "team", "channel": t.channel, "team": t.team, "family": "empowerment"}
        for metric, value, ci in (
            ("remedy_rate", t.remedy_rate, t.remedy_ci),
            ("resolution_rate", t.resolution_rate, t.resolution_ci),
        ):
            yield {
                **base,
                "metric": metric,
                "value": value,
                **_ci(ci),
                "n": t.contacts,
                "note": hidden if t.suppressed else None,
            }


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return value
