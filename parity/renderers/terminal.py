"""The terminal table: channels as columns, the reference marked, gaps highlighted.

Laid out for an 80-column terminal: light tables without side borders, the
gaps and signal verdicts in the compact columns of `signal_tables` (gap,
interval, adjusted p-value, who is favoured), figures never wrapped, names
and words wrapped rather than cut.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from parity.renderers import format as fmt
from parity.renderers.format import printable
from parity.renderers.markdown import headline
from parity.renderers.signal_tables import COMPACT_HEADER, TextTable, compact_row, tables
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
    table = Table(title="Per-channel metrics", **LIGHT)
    table.add_column("Metric", style="bold", overflow="fold")
    for ch in report.channels:
        name = escape(printable(ch.channel)) + (" (ref)" if ch.channel == ref else "")
        table.add_column(
            name, justify="right", style="cyan" if ch.channel == ref else None, overflow="fold"
        )
    keys = list(report.channels[0].metrics) if report.channels else []
    for key in keys:
        row: list[Text | str] = [fmt.METRIC_LABELS.get(key, key)]
        for ch in report.channels:
            verdict = verdicts.get((fmt.JUDGED_BY.get(key, ""), ch.channel))
            row.append(_cell(key, ch.metrics.get(key), verdict, not_reached=key in ch.not_reached))
        table.add_row(*row)
    gaps = _table(f"Gaps against {printable(ref)}", COMPACT_HEADER)
    ordered = sorted(report.comparisons, key=lambda c: (not c.flagged, c.metric, c.channel))
    for c in ordered:
        style = "bold red" if c.flagged else "dim" if c.severity == "insufficient_data" else ""
        cells = [printable(cell) for cell in compact_row(c)]
        gaps.add_row(*(Text(cell) for cell in cells[:-1]), Text(cells[-1], style=style))
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
    for section in tables(report, compact=True):
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


LIGHT: dict[str, Any] = {
    "box": box.SIMPLE_HEAD,
    "show_edge": False,
    "pad_edge": False,
    "padding": (0, 0, 0, 1),  # two characters between columns, none at the edges
    "title_justify": "left",
    "title_style": "bold",
}
WORDS = {"Metric", "Signal", "Channel", "From", "To", "Team", "Calendar", "Favours (level)"}


def _table(title: str, header: list[str]) -> Table:
    """A light table: words wrap (never cut), figures stay on one line."""
    table = Table(title=Text(title), **LIGHT)
    for name in header:
        words = name in WORDS
        table.add_column(
            Text(name),
            justify="left" if words else "right",
            overflow="fold",
            no_wrap=not words,
        )
    return table


def _section(section: TextTable) -> list[Text | Table]:
    out: list[Text | Table] = [Text("")]
    if section.header:
        table = _table(printable(section.title), [printable(h) for h in section.header])
        for row in section.rows:
            table.add_row(*(Text(printable(cell)) for cell in row))
        out.append(table)
    else:
        out.append(Text(printable(section.title), style="bold"))
    out += [Text(printable(f"• {note}"), style="dim") for note in section.notes]
    return out


def render(report: Report, console: Console) -> None:
    console.print(build(report))
