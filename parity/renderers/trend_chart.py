"""How gaps moved period by period: small multiples, one panel per gap.

Used by the report (its main gaps, week by week: `Report.weekly`) and by the
summary page (its gaps over the summarised periods). Each panel has its own
axis in the gap's unit (as in the gap chart: minutes, percentage points,
satisfaction points), zero — the same as the reference — as a solid line, and
per period the gap's estimate with its confidence interval. A period whose
gap is material (flagged) has a filled marker, a thick interval and a shaded
column; others are hollow and grey; a period without a verdict shows a dash.
The two sides of zero are named by the channel they favour, so the reading
does not depend on knowing whether higher is better.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parity.renderers import format as fmt
from parity.renderers import svg
from parity.renderers.charts import Figure, W
from parity.renderers.gap_chart import signed_tick, unit
from parity.renderers.markup import Child, Markup, el, join
from parity.report_trend import GapSeries, TrendPoint

LEFT, RIGHT = 64.0, 640.0
PLOT, HEADER, AXIS = 120.0, 30.0, 34.0
SHADE = "#efefef"
READ_OUT = 3  # gaps told in the one-line reading; the rest are in the chart and table


@dataclass(frozen=True, slots=True)
class Periods:
    """The x axis: short labels ("W44"), long ones for tables ("2026-W44"), and the periods
    measured before they were over (marked with an asterisk)."""

    short: Sequence[str]
    long: Sequence[str]
    partial: frozenset[int] = frozenset()
    word: str = "week"  # "week" or "month"

    def label(self, i: int) -> str:
        return self.short[i] + ("*" if i in self.partial else "")


def name(channel: str, metric: str) -> str:
    """'social · remedy rate'."""
    return f"{channel} · {fmt.comparison_label(metric).lower().replace('csat', 'CSAT')}"


def _plural(word: str) -> str:
    return f"{word}s"


def _values(s: GapSeries) -> list[float]:
    out = [
        v for p in s.points if p is not None for v in (p.estimate, *(p.ci or ())) if v is not None
    ]
    return [v for v in out if math.isfinite(v)]


def _panel(
    s: GapSeries, periods: Periods, style: svg.SeriesStyle, top: float
) -> tuple[list[Markup], float]:
    values = _values(s)
    scale, unit_name = unit(s.metric, max((abs(v) for v in values), default=1.0))
    lo, hi = svg.nice_bounds(min([0.0, *values]) / scale, max([0.0, *values]) / scale, 4)
    plot_top = top + HEADER
    bottom = plot_top + PLOT
    y = svg.Linear(lo, hi, bottom, plot_top)
    n = len(periods.short)
    x = svg.Linear(-0.5, n - 0.5, LEFT, RIGHT)
    column = (RIGHT - LEFT) / max(n, 1)
    heading = [
        el("tspan", name(s.channel, s.metric), font_weight="bold", font_size=13),
        el("tspan", f"  gap against {s.reference} in {unit_name}", fill=svg.MUTED),
    ]
    out = [svg.text(8, top + 16, join(heading))]
    for i, p in enumerate(s.points):  # shading first, under grid and data
        if p is not None and p.flagged:
            out.append(
                el(
                    "rect",
                    x=svg.fmt(x(i) - column / 2),
                    y=svg.fmt(plot_top),
                    width=svg.fmt(column),
                    height=svg.fmt(PLOT),
                    fill=SHADE,
                )
            )
    for tick in svg.nice_ticks(lo, hi, 4):
        out.append(svg.line(LEFT, y(tick), RIGHT, y(tick), stroke=svg.GRID))
        out.append(svg.text(LEFT - 6, y(tick) + 4, signed_tick(tick), anchor="end", fill=svg.MUTED))
    out.append(svg.line(LEFT, y(0), RIGHT, y(0), stroke=svg.INK, stroke_width=1.5))
    every = 1 if n <= 16 else 2
    for i in range(n):
        if (n - 1 - i) % every == 0:  # the latest period is always labelled
            out.append(
                svg.text(x(i), bottom + 16, periods.label(i), anchor="middle", fill=svg.MUTED)
            )
    up, down = (
        (s.channel, s.reference) if fmt.higher_is_better(s.metric) else (s.reference, s.channel)
    )
    out.append(_side(f"▲ favours {up}", plot_top + 12))
    out.append(_side(f"▼ favours {down}", bottom - 4))
    out += _line(s, x, y, scale, style)
    for i, p in enumerate(s.points):
        out += _mark(p, x(i), y, scale, style)
    return out, HEADER + PLOT + AXIS


def _side(words: str, at: float) -> Markup:
    return svg.text(RIGHT + 8, at, svg.clipped(words, 20), fill=svg.MUTED, font_size=11)


def _line(
    s: GapSeries, x: svg.Linear, y: svg.Linear, scale: float, style: svg.SeriesStyle
) -> list[Markup]:
    """The estimates joined period to period, broken where one is unknown."""
    runs: list[list[tuple[float, float]]] = [[]]
    for i, p in enumerate(s.points):
        if p is None or p.estimate is None or p.severity == "insufficient_data":
            runs.append([])
        else:
            runs[-1].append((x(i), y(p.estimate / scale)))
    return [
        svg.polyline(
            run, stroke=style.colour, stroke_width=1.2, stroke_dasharray=style.dash or None
        )
        for run in runs
        if len(run) > 1
    ]


def _mark(
    p: TrendPoint | None, at: float, y: svg.Linear, scale: float, style: svg.SeriesStyle
) -> list[Markup]:
    """A period's gap: its interval and marker; a dash (with why, as a tooltip) when
    there is no verdict or no estimate — a median not reached keeps its interval."""
    if p is None or p.severity == "insufficient_data":
        why = "no figure for this period" if p is None else "too few contacts to judge"
        return [_dash(at, y, why)]
    colour = style.colour if p.flagged else svg.MUTED
    out: list[Markup] = []
    if p.ci is not None:
        low, high = p.ci
        y_low = y(low / scale) if low is not None else y.start
        y_high = y(high / scale) if high is not None else y.end
        out.append(
            svg.line(at, y_low, at, y_high, stroke=colour, stroke_width=2.5 if p.flagged else 1.2)
        )
        for bound, edge, down in ((low, y_low, True), (high, y_high, False)):
            if bound is not None:
                out.append(svg.line(at - 4, edge, at + 4, edge, stroke=colour))
            else:  # open on this side (a median not reached): an arrow at the axis' end
                out.append(_arrow(at, edge, down, colour))
    if p.estimate is None:
        return [*out, _dash(at, y, "a median not reached: its interval is open on one side")]
    out.append(
        svg.marker(
            style.marker,
            at,
            y(p.estimate / scale),
            size=5.5 if p.flagged else 4.5,
            fill=style.colour if p.flagged else "white",
            stroke=style.colour,
            stroke_width=1.5,
        )
    )
    return out


def _arrow(x: float, y: float, down: bool, colour: str) -> Markup:
    d = 1 if down else -1
    tip, back = svg.fmt(y + 6 * d), svg.fmt(y)
    pts = f"{svg.fmt(x)},{tip} {svg.fmt(x - 4)},{back} {svg.fmt(x + 4)},{back}"
    return el("polygon", points=pts, fill=colour)


def _dash(at: float, y: svg.Linear, why: str) -> Markup:
    middle = (y.start + y.end) / 2 + 4  # mid-plot: clear of the zero line and the heading
    return svg.text(at + 8, middle, join(["–", el("title", why)]), anchor="middle", fill=svg.MUTED)


def trend_chart(
    ident: str,
    title: str,
    periods: Periods,
    series: Sequence[GapSeries],
    *,
    styles: Mapping[str, svg.SeriesStyle],
    confidence: float = 0.95,
    note: str | None = None,
) -> Figure:
    """Every series in a panel of its own, periods along the x axis."""
    legend = (
        "● filled marker, shaded column: a material gap that "
        f"{periods.word} · ○ hollow: no material gap · – no verdict",
        f"bar: {confidence * 100:g} % confidence interval · 0: the same as the reference"
        + (" · * measured before it was over" if periods.partial else ""),
    )
    body = [svg.text(8, 14 + 15 * i, t, fill=svg.MUTED, font_size=11) for i, t in enumerate(legend)]
    top = 40.0
    for s in series:
        panel, height = _panel(s, periods, styles.get(s.channel, svg.REFERENCE_STYLE), top)
        body += panel
        top += height
    reading = _reading(series, periods)
    desc = f"{reading} The table under the chart gives every value."
    chart = svg.chart(ident, W, top + 4, title, desc, body)
    return Figure(ident, title, chart, reading, _table(series, periods, confidence, note))


def _reading(series: Sequence[GapSeries], periods: Periods) -> str:
    """One line: how often each gap was material, and where it started and ended."""
    parts = []
    for s in series[:READ_OUT]:
        known = [(i, p) for i, p in enumerate(s.points) if p is not None and p.estimate is not None]
        judged = [p for p in s.points if p is not None and p.severity != "insufficient_data"]
        material = sum(p.flagged for p in judged)
        text = (
            f"{name(s.channel, s.metric)}: material in {material} of {len(judged)} "
            f"{_plural(periods.word)}"
        )
        if len(known) > 1:
            (i, first), (j, last) = known[0], known[-1]
            text += (
                f", {fmt.comparison_gap(s.metric, first.estimate)} in {periods.short[i]} → "
                f"{fmt.comparison_gap(s.metric, last.estimate)} in {periods.short[j]}"
            )
        parts.append(text)
    if not parts:
        return f"No gap to follow {periods.word} by {periods.word}."
    more = len(series) - READ_OUT
    return "; ".join(parts) + (f"; and {more} more below." if more > 0 else ".")


def _cell(metric: str, p: TrendPoint | None) -> list[Child]:
    if p is None:
        return ["–"]
    if p.severity == "insufficient_data":
        return ["too few"]
    text = fmt.comparison_gap(metric, p.estimate)
    if p.estimate is None:
        text = "not reached"
    cell: list[Child] = [el("b", text) if p.flagged else text]
    if p.flagged:
        cell.append(f" {p.severity}")
    cell.append(el("small", fmt.interval(metric, p.ci), class_="ci"))
    return cell


def _table(
    series: Sequence[GapSeries], periods: Periods, confidence: float, note: str | None
) -> Markup:
    head = [el("th", periods.word.capitalize(), scope="col")]
    head += [el("th", name(s.channel, s.metric), scope="col") for s in series]
    rows = [
        el(
            "tr",
            el("th", periods.long[i] + ("*" if i in periods.partial else ""), scope="row"),
            [el("td", join(_cell(s.metric, s.points[i]))) for s in series],
        )
        for i in range(len(periods.short))
    ]
    caption = (
        f"Each gap per {periods.word}, bold when material, with its {confidence * 100:g} % "
        "interval in small print" + (f". {note}" if note else "")
    )
    return el(
        "table",
        el("caption", caption),
        el("thead", el("tr", head)),
        el("tbody", rows),
        class_="numbers",
    )
