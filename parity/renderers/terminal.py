"""The terminal table: channels as columns, the reference marked, gaps highlighted."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from parity.renderers import format as fmt
from parity.renderers.format import printable
from parity.renderers.markdown import headline
from parity.renderers.signal_tables import TextTable, tables
from parity.report import Comparison, Report

SOURCES_SHOWN = 8  # files named, with the profile that read them, under the table


def _cell(
    key: str, value: float | int | None, verdict: Comparison | None, *, not_reached: bool
) -> Text:
    text = fmt.metric_value(key, value, not_reached=not_reached)
    if verdict is None or not verdict.flagged:
        return Text(text)
    better = verdict.favours == verdict.channel
    style = "bold green" if better else "bold red"
    marker = " ▲" if better else " ▼"
    return Text(text + marker, style=style)


def build(report: Report) -> Group:
    ref = report.reference_channel
    verdicts = {(c.metric, c.channel): c for c in report.comparisons}
    title = Text(printable(headline(report)), style="bold")
    table = Table(title="Per-channel metrics", title_justify="left", show_lines=False)
    table.add_column("Metric", style="bold")
    for ch in report.channels:
        name = escape(printable(ch.channel)) + (" (ref)" if ch.channel == ref else "")
        table.add_column(name, justify="right", style="cyan" if ch.channel == ref else None)
    keys = list(report.channels[0].metrics) if report.channels else []
    for key in keys:
        row: list[Text | str] = [fmt.METRIC_LABELS.get(key, key)]
        for ch in report.channels:
            verdict = verdicts.get((fmt.JUDGED_BY.get(key, ""), ch.channel))
            row.append(_cell(key, ch.metrics.get(key), verdict, not_reached=key in ch.not_reached))
        table.add_row(*row)
    gaps = Table(title=f"Gaps against {escape(printable(ref))}", title_justify="left")
    for col in ("Metric", "Channel", "Gap", "95 % CI", "p adj.", "Verdict"):
        gaps.add_column(col, justify="left" if col in ("Metric", "Channel", "Verdict") else "right")
    ordered = sorted(report.comparisons, key=lambda c: (not c.flagged, c.metric, c.channel))
    for c in ordered:
        label = Text(c.severity)
        if c.flagged:
            label = Text(printable(f"{c.severity}: favours {c.favours}"), style="bold red")
        elif c.severity == "insufficient_data":
            label.stylize("dim")
        gaps.add_row(
            fmt.COMPARISON_LABELS.get(c.metric, c.metric),
            escape(printable(c.channel)),
            fmt.comparison_gap(c.metric, c.estimate if c.estimate is not None else c.difference),
            fmt.interval(c.metric, c.ci),
            fmt.p_value(c.p_adjusted),
            label,
        )
    lines: list[Text | Table] = [title, Text(""), table, Text("")]
    flagged = [c for c in ordered if c.flagged]
    for c in flagged:
        lines.append(Text(printable(f"• {c.description}")))
    if flagged:
        lines.append(Text(""))
    lines.append(gaps)
    quiet = [c for c in ordered if not c.flagged]
    if quiet:
        lines.append(Text("\nNot flagged:", style="bold"))
        lines += [Text(printable(f"• {c.description}"), style="dim") for c in quiet]
    lines.append(Text("\nTwo-tier signals", style="bold"))
    for section in tables(report):
        lines += _section(section)
    dq = report.data_quality
    lines.append(
        Text(
            f"\nRows read {dq.rows_read:,} · loaded {dq.rows_loaded:,} · rejected "
            f"{dq.rows_rejected:,} · skipped {dq.rows_skipped:,} · period {report.period.start} "
            f"to {report.period.end} · as of {report.as_of}",
            style="dim",
        )
    )
    if dq.sources:
        shown = [f"{s.file} ({s.profile})" for s in dq.sources[:SOURCES_SHOWN]]
        more = len(dq.sources) - SOURCES_SHOWN
        tail = f" · … {more} more" if more > 0 else ""
        lines.append(Text(printable(f"Read with: {' · '.join(shown)}{tail}"), style="dim"))
    return Group(*lines)


def _section(section: TextTable) -> list[Text | Table]:
    out: list[Text | Table] = []
    if section.header:
        table = Table(title=escape(printable(section.title)), title_justify="left")
        for i, name in enumerate(section.header):
            table.add_column(escape(printable(name)), justify="left" if i < 2 else "right")
        for row in section.rows:
            table.add_row(*(escape(printable(cell)) for cell in row))
        out.append(table)
    else:
        out.append(Text(printable(section.title), style="bold"))
    out += [Text(printable(f"• {note}"), style="dim") for note in section.notes]
    return out


def render(report: Report, console: Console) -> None:
    console.print(build(report))
