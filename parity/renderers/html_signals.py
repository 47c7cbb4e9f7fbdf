"""The two-tier signals section of the HTML report (docs/signals.md).

Every signal verdict as a gap chart and in tables, then each signal's figures:
escalation journeys as a from × to matrix with the paired outcomes of those
who escalated, remedy parity with the distribution of amounts, reply coverage
by mark, empowerment by team (small teams suppressed, and said so), and the
clock the times were measured on. The plain tables are the ones the terminal
and Markdown show (`signal_tables`), laid out as HTML.
"""

from __future__ import annotations

from collections.abc import Mapping

from parity.renderers import format as fmt
from parity.renderers import html_page as page
from parity.renderers import html_tables as tables
from parity.renderers import signal_tables as text
from parity.renderers import svg
from parity.renderers.gap_chart import gap_chart
from parity.renderers.markup import Child, Markup, el
from parity.renderers.signal_charts import amount_chart, coverage_chart
from parity.report import Report
from parity.report_signals import Escalation, Journeys

FAMILIES = (
    ("journeys", "Is complaining elsewhere rewarded? Outcomes after escalating"),
    ("remedies", "Remedy parity against the reference"),
    ("coverage", "Reply coverage against the reference"),
)


def content(report: Report, styles: Mapping[str, svg.SeriesStyle]) -> list[Child]:
    ref = report.reference_channel
    parts: list[Child] = [_clock(report)]
    judged = [c for c in report.signals if c.severity != "insufficient_data"]
    if judged:
        figure = gap_chart(
            judged,
            reference=ref,
            styles=styles,
            confidence=report.method.confidence,
            ident="chart-signal-gaps",
            title=f"Every signal verdict, with its {report.method.confidence * 100:g} % "
            "confidence interval",
        )
        parts.append(page.figure(figure, extra=el("a", "Every figure is below.", href="#signals")))
    if report.journeys is not None:
        parts += [el("h3", "Escalation journeys"), *_journeys(report.journeys, report)]
    if report.remedies:
        chart = amount_chart(report.remedies, reference=ref, styles=styles)
        parts += [
            el("h3", "Remedy parity"),
            *_table(text.tables_of(report, "remedies")[:1]),
            page.figure(chart) if chart else None,
            *_verdicts(report, "remedies"),
        ]
    if report.coverage is not None and report.coverage.channels:
        chart = coverage_chart(report.coverage, reference=ref, styles=styles)
        parts += [
            el("h3", "Reply coverage"),
            page.figure(chart) if chart else None,
            *_table(text.tables_of(report, "coverage")[:1]),
            *_verdicts(report, "coverage"),
        ]
    if report.empowerment is not None:
        parts += [
            el("h3", "Empowerment: who handles each channel"),
            *_table(text.tables_of(report, "empowerment")),
        ]
    return parts


def _clock(report: Report) -> Markup:
    [clock] = text.tables_of(report, "clock")
    rows = [list(row) for row in clock.rows]
    return el(
        "div",
        el(
            "p",
            el("b", "Clock: "),
            f"every time in this report is {report.clock.clock} time: "
            f"{tables.CLOCK_WORDS[report.clock.clock].replace(' (see Two-tier signals)', '')}.",
        ),
        page.table(clock.header, rows, caption="The calendar of each channel") if rows else None,
        class_="clock",
    )


def _table(found: list[text.TextTable]) -> list[Child]:
    out: list[Child] = []
    for t in found:
        out.append(
            page.table(
                t.header,
                t.rows,
                caption=t.title,
                text_columns=2 if t.header[:2] == ["Channel", "Team"] else 1,
            )
        )
        out += [el("p", note, class_="note") for note in t.notes]
    return out


def _verdicts(report: Report, family: str) -> list[Child]:
    title = dict(FAMILIES)[family]
    ref = report.reference_channel
    found = [c for c in report.signals if c.family == family]
    judged = [c for c in found if c.severity != "insufficient_data"]
    out: list[Child] = []
    if judged:
        before, after = ("Before", "After") if family == "journeys" else (ref, "Value")
        out.append(
            tables.verdict_table(
                judged, report, value_column=after, reference_column=before, caption=title
            )
        )
    unjudged = [c for c in found if c.severity == "insufficient_data"]
    if unjudged:
        where = list(dict.fromkeys(tables.who(c) for c in unjudged))
        kind = "channel pair" if family == "journeys" else "channel"
        out.append(
            el(
                "p",
                f"Too few contacts for a verdict on {len(unjudged)} comparisons of {len(where)} "
                f"{kind}{'s' if len(where) != 1 else ''}: {', '.join(where)}.",
                class_="note",
            )
        )
    return out


def _journeys(journeys: Journeys, report: Report) -> list[Child]:
    """The from × to matrix of escalation rates, then the paired outcomes."""
    names = sorted(
        {e.from_channel for e in journeys.escalations}
        | {e.to_channel for e in journeys.escalations}
    )
    by_pair = {(e.from_channel, e.to_channel): e for e in journeys.escalations}
    top = max((e.rate or 0.0 for e in journeys.escalations), default=0.0)
    head: list[Child] = ["From ↓ · to →", *names]
    rows = [[name, *(_rate_cell(by_pair.get((name, to)), top) for to in names)] for name in names]
    caption = (
        f"Share of each channel's contacts (with a customer id, whose {journeys.window_days:g}-day "
        "window had passed) whose customer then contacted another channel about the same matter"
    )
    notes = [
        f"A contact escalates when the same customer contacts another channel within "
        f"{journeys.window_days:g} days of it (in the same category when both have one). "
        "Darker cells escalate more; the 95 % interval is in small print"
        + (
            "; a level is marked where [thresholds.escalation_rate] is set."
            if any(e.severity for e in journeys.escalations)
            else "."
        ),
        *journeys.notes,
    ]
    return [
        page.table(head, rows, caption=caption, class_="matrix"),
        *(el("p", n, class_="note") for n in notes),
        *_verdicts(report, "journeys"),
    ]


def _rate_cell(e: Escalation | None, top: float) -> Child:
    if e is None:
        return el("span", "—", class_="cell")
    shade = 0.0 if not top or e.rate is None else 0.45 * e.rate / top
    parts: list[Child] = [
        el("b", fmt.percent(e.rate)) if e.severity in ("warn", "fail") else fmt.percent(e.rate),
        el("small", f"{e.escalated:,} of {e.contacts:,}", class_="ci"),
        el("small", fmt.percent_interval(e.ci), class_="ci"),
    ]
    if e.severity is not None:
        parts.append(el("small", f"level: {e.severity.replace('_', ' ')}", class_="ci"))
    return el("span", parts, class_="cell", style=f"background: rgba(0, 114, 178, {shade:.2f})")
