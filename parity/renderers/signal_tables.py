"""The two-tier signals as plain text tables, shared by the terminal, Markdown and HTML.

Pure: a `Report` in, titled tables of display strings out. Each renderer only
lays them out (and escapes the cells for its own markup). `compact` tables
fit an 80-column terminal: a verdict keeps its gap, interval, adjusted p-value
and who it favours (`COMPACT_HEADER`, also the terminal's table of gaps), and
the raw figures stay in the other formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parity.renderers import format as fmt
from parity.report import Comparison, Report
from parity.report_signals import Coverage, Empowerment, Journeys, RemedyParity


@dataclass(frozen=True, slots=True)
class TextTable:
    title: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)


def tables(report: Report, *, compact: bool = False) -> list[TextTable]:
    out: list[TextTable] = []
    for part in PARTS:
        out += tables_of(report, part, compact=compact)
    return out


PARTS = ("clock", "journeys", "remedies", "coverage", "empowerment")
COMPACT_HEADER = ["Metric", "Channel", "Gap", "95 % CI", "p adj.", "Favours (level)"]


def tables_of(report: Report, part: str, *, compact: bool = False) -> list[TextTable]:
    """The tables of one part of the signals (one of `PARTS`): its figures, then its
    verdicts against the reference; none when the report lacks that signal."""
    if part == "clock":
        return [_clock(report)]
    if part == "journeys" and report.journeys is not None:
        title = "Is complaining elsewhere rewarded? (paired journeys)"
        verdicts = _verdicts(title, report, "journeys", compact)
        return [_escalations(report.journeys), verdicts]
    if part == "remedies" and report.remedies:
        title = "Remedy parity against the reference"
        verdicts = _verdicts(title, report, "remedies", compact)
        return [_remedies(report.remedies, compact), verdicts]
    if part == "coverage" and report.coverage is not None and report.coverage.channels:
        title = "Reply coverage against the reference"
        return [_coverage(report.coverage), _verdicts(title, report, "coverage", compact)]
    if part == "empowerment" and report.empowerment is not None:
        return [_empowerment(report.empowerment)]
    return []


def compact_row(c: Comparison) -> list[str]:
    """A verdict in the columns of `COMPACT_HEADER`."""
    who = f"{c.reference} → {c.channel}" if c.family == "journeys" else c.channel
    if c.severity == "insufficient_data":
        verdict = "too few"
    else:
        verdict = f"{c.favours} ({c.severity})" if c.flagged and c.favours else "–"
    return [
        fmt.comparison_label(c.metric),
        who,
        fmt.comparison_gap(c.metric, c.estimate if c.estimate is not None else c.difference),
        fmt.interval(c.metric, c.ci, short=True),
        fmt.p_value(c.p_adjusted),
        verdict,
    ]


def _clock(report: Report) -> TextTable:
    clock = report.clock
    if clock.clock == "calendar":
        note = "Times are calendar time (elapsed seconds, nights and weekends included)."
        return TextTable("Clock", [], [], [note])
    rows = [[c.channel, c.description] for c in clock.calendars]
    note = "Times are business time: the seconds each channel's calendar was open."
    return TextTable("Clock: business hours", ["Channel", "Calendar"], rows, [note])


def _escalations(journeys: Journeys) -> TextTable:
    ordered = sorted(journeys.escalations, key=lambda e: -(e.rate or 0.0))
    rows = [
        [
            e.from_channel,
            e.to_channel,
            fmt.number(e.contacts),
            fmt.number(e.escalated),
            fmt.percent(e.rate),
            fmt.percent_interval(e.ci),
        ]
        + ([e.severity] if e.severity else [])
        for e in ordered
    ]
    header = ["From", "To", "Contacts", "Escalated", "Rate", "95 % CI"]
    if any(e.severity for e in ordered):
        header.append("Level")
    notes = [
        f"A contact escalates when the same customer contacts another channel within "
        f"{journeys.window_days:g} days (same category when both have one).",
        *journeys.notes,
    ]
    return TextTable(
        f"Escalation journeys ({journeys.window_days:g}-day window)", header, rows, notes
    )


def _verdicts(title: str, report: Report, family: str, compact: bool) -> TextTable:
    found = [c for c in report.signals if c.family == family]
    shown = [c for c in found if c.severity != "insufficient_data"]
    ordered = sorted(shown, key=lambda c: (not c.flagged, c.metric, c.reference, c.channel))
    rows = [compact_row(c) if compact else _verdict_row(c) for c in ordered]
    header = ["Signal", "Channel", "Reference", "Value", "Reference value", "Gap", "95 % CI",
              "p (adjusted)", "Favours", "Severity"]  # fmt: skip
    if compact:
        header = ["Signal", *COMPACT_HEADER[1:]]
    notes = [c.description for c in ordered if c.flagged]
    hidden = len(found) - len(shown)
    if hidden:
        notes.append(f"{hidden} comparisons with too little data are not shown (no verdict).")
    return TextTable(title, header, rows, notes)


def _verdict_row(c: Comparison) -> list[str]:
    return [
        fmt.comparison_label(c.metric),
        c.channel,
        c.reference,
        fmt.comparison_value(c.metric, c.value),
        fmt.comparison_value(c.metric, c.reference_value),
        fmt.comparison_gap(c.metric, c.estimate if c.estimate is not None else c.difference),
        fmt.interval(c.metric, c.ci),
        fmt.p_value(c.p_adjusted),
        c.favours or "–",
        c.severity,
    ]


def _remedies(remedies: list[RemedyParity], compact: bool = False) -> TextTable:
    rows = []
    for r in remedies:
        q = [fmt.number(r.amount_quantiles.get(k)) for k in ("p25", "p50", "p75", "p90")]
        mean = fmt.number(r.amount_mean_remedied)
        if compact:  # the mean over all contacts is in the channel table already
            row = [r.channel, fmt.number(r.remedied), mean, f"{q[0]}–{q[2]}", q[1], q[3]]
        else:
            row = [r.channel, fmt.number(r.remedied), fmt.number(r.amount_mean), mean, *q]
        rows.append([*row, fmt.percent(r.apology_only_rate)])
    header = ["Channel", "Remedied", "Mean amount (all)", "Mean (remedied)", "p25", "Median",
              "p75", "p90", "Apology only"]  # fmt: skip
    if compact:
        header = ["Channel", "Remedied", "Mean", "p25–p75", "Median", "p90", "Apology only"]
    notes = [
        "Amount percentiles are over remedied contacts; apology only = resolved without a "
        "concrete remedy."
    ]
    if compact:
        notes = [
            "Mean and percentiles of the amounts of remedied contacts (the mean over all "
            "contacts is in the channel table); apology only = resolved without a concrete remedy."
        ]
    return TextTable("Remedy parity", header, rows, notes)


def _coverage(coverage: Coverage) -> TextTable:
    labels = [fmt.mark(m) for m in coverage.marks_s]
    rows = [[c.channel, *(fmt.percent(m.rate) for m in c.marks)] for c in coverage.channels]
    recent = ", ".join(f"{n:,} for {label}" for label, n in coverage.excluded_recent.items() if n)
    notes = ["Unanswered contacts count as not answered in time."]
    if recent:
        notes.append(
            f"Contacts created less than the mark before the as-of time are left out of that "
            f"mark (they could not reach it yet): {recent}."
        )
    return TextTable("Reply coverage", ["Channel", *(f"within {x}" for x in labels)], rows, notes)


def _empowerment(empowerment: Empowerment) -> TextTable:
    rows = [
        [
            t.channel,
            t.team,
            "suppressed" if t.suppressed else fmt.number(t.contacts),
            fmt.percent(t.remedy_rate),
            fmt.percent(t.resolution_rate),
        ]
        for t in empowerment.teams
    ]
    header = ["Channel", "Team", "Contacts", "Remedy rate", "Resolution rate"]
    return TextTable("Empowerment: rates by team", header, rows, list(empowerment.notes))
