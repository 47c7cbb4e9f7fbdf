"""The gap chart: every comparison as a point with its confidence interval against zero.

Comparisons come in different units (seconds, proportions, score points), so
the chart is faceted: one panel per metric, each on its own axis in its own
unit (minutes or hours for times, percentage points for rates, points for
satisfaction), with zero — "the same as the reference" — marked in each. Nothing
is rescaled across metrics, so every tick is a number an analyst can quote.
Under each axis the two sides are named ("better than phone" / "worse than
phone"), since for times lower is better and for most rates higher is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from parity.renderers import format as fmt
from parity.renderers import svg
from parity.renderers.charts import Figure, W
from parity.renderers.markup import Markup, el, join
from parity.report import Comparison
from parity.stats import METRICS

LABEL_RIGHT, PLOT_LEFT, PLOT_RIGHT, VERDICT_LEFT = 150.0, 162.0, 540.0, 552.0
ROW, HEADER, AXIS = 26.0, 26.0, 50.0
NAME = 20  # characters of a channel name that fit in the label and verdict columns


def unit(metric: str, largest: float) -> tuple[float, str]:
    """(seconds or proportion per displayed unit, unit name) for a panel's axis."""
    kind = fmt.kind(metric)
    if kind == "rate":
        return 0.01, "percentage points"
    if kind == "score":
        return 1.0, "points on the satisfaction scale"
    if kind == "amount":
        return 1.0, "units of currency"
    if largest < 120:
        return 1.0, "seconds"
    if largest < 3 * 3600:
        return 60.0, "minutes"
    if largest < 3 * 86400:
        return 3600.0, "hours"
    return 86400.0, "days"


def _gap(c: Comparison) -> float | None:
    return c.estimate if c.estimate is not None else c.difference


def signed_tick(value: float) -> str:
    """An axis tick of a gap: '+2', '0', '−1.5'."""
    text = f"{value:g}"
    return "0" if value == 0 else (f"+{text}" if value > 0 else text.replace("-", "−"))


def _arrow(x: float, y: float, leftwards: bool, colour: str) -> Markup:
    d = -1 if leftwards else 1
    tip, back = svg.fmt(x + 6 * d), svg.fmt(x)
    pts = f"{tip},{svg.fmt(y)} {back},{svg.fmt(y - 4)} {back},{svg.fmt(y + 4)}"
    return el("polygon", points=pts, fill=colour)


def _panel(
    metric: str,
    items: Sequence[Comparison],
    reference: str,
    styles: Mapping[str, svg.SeriesStyle],
    top: float,
) -> tuple[list[Markup], float]:
    """One metric's panel from `top`; returns its elements and its height."""
    values = [v for c in items for v in (_gap(c), *(c.ci or ())) if v is not None]
    finite = [v for v in values if math.isfinite(v)]
    scale, unit_name = unit(metric, max((abs(v) for v in finite), default=1.0))
    lo, hi = svg.nice_bounds(min([0.0, *finite]) / scale, max([0.0, *finite]) / scale, 6)
    room = (hi - lo) * 0.12  # an interval open on one side runs past every finite value
    lo -= room if any(c.ci is not None and c.ci[0] is None for c in items) else 0.0
    hi += room if any(c.ci is not None and c.ci[1] is None for c in items) else 0.0
    x = svg.Linear(lo, hi, PLOT_LEFT, PLOT_RIGHT)
    label = fmt.comparison_label(metric)
    adjusted = sorted({a for c in items for a in c.adjusted_for})
    note = f", adjusted for {', '.join(adjusted)}" if adjusted else ""
    if adjusted == ["customer_id"]:
        note = ", paired by customer"
    journeys = all(c.family == "journeys" for c in items)  # the same customers, paired
    against = "after escalating minus before" if journeys else f"difference from {reference}"
    heading = [
        el("tspan", label, font_weight="bold", font_size=13),
        el("tspan", f"  {against} in {unit_name}{note}", fill=svg.MUTED),
    ]
    out = [svg.text(8, top + 16, join(heading))]
    rows_top = top + HEADER
    bottom = rows_top + ROW * len(items)
    for i, c in enumerate(items):  # shading first, under the grid and the zero line
        if c.flagged:
            out.append(
                el(
                    "rect",
                    x=4,
                    y=svg.fmt(rows_top + ROW * i + 1),
                    width=W - 8,
                    height=ROW - 2,
                    fill="#efefef",
                )
            )
    for tick in x.ticks(6):
        out.append(svg.line(x(tick), rows_top, x(tick), bottom, stroke=svg.GRID))
        out.append(
            svg.text(x(tick), bottom + 15, signed_tick(tick), anchor="middle", fill=svg.MUTED)
        )
    out.append(svg.line(x(0), rows_top - 4, x(0), bottom + 3, stroke=svg.INK, stroke_width=1.5))
    for i, c in enumerate(items):
        out += _row(c, rows_top + ROW * i + ROW / 2, x, scale, styles[c.channel])
    left, right = ("worse", "better") if fmt.higher_is_better(metric) else ("better", "worse")
    than: Markup = join([" than ", svg.clipped(reference, NAME - 2)])
    if journeys:
        than = join([" after escalating"])
    out.append(
        svg.text(PLOT_LEFT, bottom + 32, join([f"◀ {left}", than]), fill=svg.MUTED, font_size=11)
    )
    out.append(
        svg.text(
            PLOT_RIGHT,
            bottom + 32,
            join([right, than, " ▶"]),
            anchor="end",
            fill=svg.MUTED,
            font_size=11,
        )
    )
    return out, HEADER + ROW * len(items) + AXIS


def _favours(c: Comparison) -> Markup | str:
    if c.flagged and c.favours:
        return join(["favours ", svg.clipped(c.favours, NAME - 2)])
    return "no material gap"


def _aside(words: str, mid: float) -> Markup:
    """A note in the middle of a row that has no point to draw."""
    centre = (PLOT_LEFT + PLOT_RIGHT) / 2
    return svg.text(centre, mid + 4, words, anchor="middle", fill=svg.MUTED, font_style="italic")


def _row(
    c: Comparison, mid: float, x: svg.Linear, scale: float, st: svg.SeriesStyle
) -> list[Markup]:
    out: list[Markup] = []
    weight = "bold" if c.flagged else None
    who = f"{c.reference}→{c.channel}" if c.family == "journeys" else c.channel
    out.append(
        svg.text(LABEL_RIGHT, mid + 4, svg.clipped(who, NAME), anchor="end", font_weight=weight)
    )
    gap = _gap(c)
    if c.severity == "insufficient_data":
        out.append(_aside("too few contacts to judge", mid))
        verdict: Markup | str = "no verdict"
    elif gap is None:
        out.append(_aside("median not reached", mid))
        verdict = _favours(c)
    else:
        colour = st.colour if c.flagged else svg.MUTED
        low, high = c.ci if c.ci else (gap, gap)
        x_low = x(low / scale) if low is not None else PLOT_LEFT
        x_high = x(high / scale) if high is not None else PLOT_RIGHT
        out.append(
            svg.line(x_low, mid, x_high, mid, stroke=colour, stroke_width=2.5 if c.flagged else 1.5)
        )
        for bound, at, leftwards in ((low, x_low, True), (high, x_high, False)):
            if c.ci is not None and bound is None:
                out.append(_arrow(at, mid, leftwards, colour))
            elif c.ci is not None:
                out.append(svg.line(at, mid - 5, at, mid + 5, stroke=colour))
        fill = st.colour if c.flagged else "white"
        out.append(
            svg.marker(
                st.marker,
                x(gap / scale),
                mid,
                size=6 if c.flagged else 5,
                fill=fill,
                stroke=st.colour,
                stroke_width=1.5,
            )
        )
        verdict = _favours(c)
    out.append(
        svg.text(
            VERDICT_LEFT,
            mid + 4,
            verdict,
            font_weight=weight,
            fill=svg.INK if c.flagged else svg.MUTED,
        )
    )
    return out


def gap_chart(
    comparisons: Sequence[Comparison],
    *,
    reference: str,
    styles: Mapping[str, svg.SeriesStyle],
    headline: Comparison | None = None,
    confidence: float = 0.95,
    ident: str = "chart-gaps",
    title: str | None = None,
) -> Figure:
    """All comparisons, faceted by metric; flagged ones filled, shaded and named.

    Signal verdicts draw the same way (`ident`, `title` set by the caller); an
    escalated journey's row is named "from→to", its panel reads after minus before.
    """
    order = [m for m in METRICS if any(c.metric == m for c in comparisons)]
    order += sorted({c.metric for c in comparisons} - set(order))
    zero = "no difference" if ident != "chart-gaps" else f"the same as {reference}"
    legend = (
        "● filled marker, shaded row: a material gap, its favoured channel named at right",
        f"○ hollow marker: no material gap · bar: {confidence * 100:g} % confidence interval"
        f" · ▶ open on that side · 0: {zero}",
    )
    body = [svg.text(8, 14 + 15 * i, t, fill=svg.MUTED, font_size=11) for i, t in enumerate(legend)]
    top = 40.0
    for metric in order:
        items = sorted(
            (c for c in comparisons if c.metric == metric), key=lambda c: (c.reference, c.channel)
        )
        panel, height = _panel(metric, items, reference, styles, top)
        body += panel
        top += height
    flagged = [c for c in comparisons if c.flagged]
    noun = "gaps" if ident == "chart-gaps" else "signal verdicts"
    reading = f"{len(flagged)} of {len(comparisons)} {noun} are material (filled markers)"
    if headline is not None:
        label = fmt.comparison_label(headline.metric).lower()
        reading += (
            f"; the largest is {label} on {headline.channel}, in favour of {headline.favours}"
        )
    reading += "."
    title = title or (
        f"Every gap against {reference}, with its {confidence * 100:g} % confidence interval"
    )
    desc = f"{reading} Every figure is also in the table of all comparisons below."
    return Figure(ident, title, svg.chart(ident, W, top + 4, title, desc, body), reading)
