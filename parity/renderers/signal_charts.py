"""Charts of the two-tier signals: remedy amounts and reply coverage (docs/signals.md).

Static SVG from the report model's aggregates, like the other charts: each a
`Figure` with a title, labelled axes, a one-line reading and a text
alternative; figures are labelled directly, so no reading needs colour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from parity.renderers import format as fmt
from parity.renderers import svg
from parity.renderers.charts import Figure, W
from parity.renderers.markup import Markup
from parity.report_signals import Coverage, RemedyParity
from parity.signals import QUANTILES

LEFT, RIGHT = 170.0, 600.0
ROW = 30.0
NAME = 22  # characters of a channel name in the label column


def _label(name: str, reference: str) -> Markup:
    return svg.clipped(f"{name} (reference)" if name == reference else name, NAME)


def _x_axis(
    x: svg.Linear, ticks: Sequence[float], top: float, bottom: float, words: str
) -> list[Markup]:
    out: list[Markup] = []
    for tick in ticks:
        out.append(svg.line(x(tick), top, x(tick), bottom, stroke=svg.GRID))
        out.append(svg.text(x(tick), bottom + 16, _tick(tick, x), anchor="middle", fill=svg.MUTED))
    out.append(svg.line(LEFT, top, LEFT, bottom, stroke=svg.INK))
    out.append(svg.text((LEFT + RIGHT) / 2, bottom + 36, words, anchor="middle"))
    return out


def _tick(value: float, x: svg.Linear) -> str:
    if x.hi == 1.0 and x.lo == 0.0:  # a share
        return fmt.percent(value).replace(".0", "")
    return f"{value:g}"


def amount_chart(
    remedies: Sequence[RemedyParity], *, reference: str, styles: Mapping[str, svg.SeriesStyle]
) -> Figure | None:
    """Per channel, the amounts of remedied contacts: the middle half as a box (p25–p75),
    the median as a bar across it, a whisker on to p90 and the mean as a diamond."""
    ident = "chart-remedy-amounts"
    shown = [r for r in remedies if r.amount_quantiles.get("p50") is not None]
    if not shown:
        return None
    top = 14.0
    bottom = top + ROW * len(shown)
    highest = max(
        max(float(r.amount_quantiles.get("p90") or 0.0), float(r.amount_mean_remedied or 0.0))
        for r in shown
    )
    lo, hi = svg.nice_bounds(0.0, max(highest, 1e-9), 5)
    x = svg.Linear(lo, hi, LEFT, RIGHT)
    body = _x_axis(x, svg.nice_ticks(lo, hi, 5), top - 4, bottom + 4, "Amount per remedied contact")
    for i, r in enumerate(shown):
        mid = top + ROW * i + ROW / 2
        q = {k: float(v) for k, v in r.amount_quantiles.items() if v is not None}
        st = styles.get(r.channel, svg.REFERENCE_STYLE)
        body.append(svg.text(LEFT - 8, mid + 4, _label(r.channel, reference), anchor="end"))
        body.append(svg.line(x(q["p75"]), mid, x(q["p90"]), mid, stroke=svg.INK))
        body.append(svg.line(x(q["p90"]), mid - 5, x(q["p90"]), mid + 5, stroke=svg.INK))
        box = {"fill": st.colour, "fill_opacity": 0.35, "stroke": st.colour}
        body.append(svg.bar(x(q["p25"]), x(q["p75"]), mid, 16, **box))
        body.append(
            svg.line(x(q["p50"]), mid - 9, x(q["p50"]), mid + 9, stroke=svg.INK, stroke_width=2.5)
        )
        if r.amount_mean_remedied is not None:
            body.append(
                svg.marker(
                    "diamond",
                    x(r.amount_mean_remedied),
                    mid,
                    size=4.5,
                    fill="white",
                    stroke=svg.INK,
                )
            )
        words = f"median {fmt.number(q['p50'])} · {fmt.number(r.remedied)} remedied"
        body.append(
            svg.text(
                max(x(q["p90"]), x(r.amount_mean_remedied or 0.0)) + 8,
                mid + 4,
                words,
                fill=svg.MUTED,
                font_size=11,
            )
        )
    reading = _amount_reading(shown, reference)
    listing = "; ".join(
        f"{r.channel}: "
        + ", ".join(f"{k} {fmt.number(r.amount_quantiles.get(k))}" for k in QUANTILES)
        + f", mean {fmt.number(r.amount_mean_remedied)}"
        for r in shown
    )
    title = "What a remedy is worth: amounts of remedied contacts, by channel"
    chart = svg.chart(ident, W, bottom + 50, title, f"{reading} {listing}.", body)
    return Figure(ident, title, chart, reading)


def _amount_reading(shown: Sequence[RemedyParity], reference: str) -> str:
    ranked = sorted(shown, key=lambda r: -float(r.amount_quantiles.get("p50") or 0.0))
    top = ranked[0]
    ref = next((r for r in shown if r.channel == reference), None)
    text = (
        f"The median remedy is largest on {top.channel} "
        f"({fmt.number(top.amount_quantiles.get('p50'))})"
    )
    if ref is not None and ref is not top:
        text += f", against {fmt.number(ref.amount_quantiles.get('p50'))} on {reference}"
    return text + (
        "; a box spans the middle half of the amounts, its bar is the median, the whisker "
        "reaches the 90th percentile and ◇ marks the mean."
    )


def coverage_chart(
    coverage: Coverage, *, reference: str, styles: Mapping[str, svg.SeriesStyle]
) -> Figure | None:
    """Per channel and mark, the share of contacts answered within it, with its interval."""
    ident = "chart-coverage"
    if not coverage.channels or not coverage.marks_s:
        return None
    marks = [fmt.mark(m) for m in coverage.marks_s]
    per = len(marks)
    row = 18.0
    group = row * per + 10
    top = 14.0
    bottom = top + group * len(coverage.channels)
    x = svg.Linear(0.0, 1.0, LEFT, RIGHT)
    body = _x_axis(
        x,
        [0.0, 0.25, 0.5, 0.75, 1.0],
        top - 4,
        bottom,
        "Share of contacts answered within the time",
    )
    for i, ch in enumerate(coverage.channels):
        st = styles.get(ch.channel, svg.REFERENCE_STYLE)
        start = top + group * i
        body.append(
            svg.text(LEFT - 8, start + group / 2, _label(ch.channel, reference), anchor="end")
        )
        for j, m in enumerate(ch.marks):
            mid = start + row * j + row / 2
            share = m.rate or 0.0
            opacity = 0.35 + 0.65 * (j + 1) / per  # later marks darker
            body.append(svg.bar(LEFT, x(share), mid, 12, fill=st.colour, fill_opacity=opacity))
            if m.ci is not None and m.ci[0] is not None and m.ci[1] is not None:
                body.append(svg.line(x(m.ci[0]), mid, x(m.ci[1]), mid, stroke=svg.INK))
            words = f"{marks[j]}: {fmt.percent(m.rate)}"
            body.append(
                svg.text(
                    x(max(share, (m.ci or (0.0, 0.0))[1] or 0.0)) + 6, mid + 4, words, font_size=11
                )
            )
    reading = _coverage_reading(coverage, marks[0])
    title = f"Reply coverage: share answered within {', '.join(marks)}, by channel"
    desc = f"{reading} Unanswered contacts count as not answered; the table gives every value."
    return Figure(ident, title, svg.chart(ident, W, bottom + 46, title, desc, body), reading)


def _coverage_reading(coverage: Coverage, first: str) -> str:
    rated = [
        (c.marks[0].rate, c.channel)
        for c in coverage.channels
        if c.marks and c.marks[0].rate is not None
    ]
    if not rated:
        return "No channel has contacts old enough to judge its reply coverage."
    rated.sort()
    (low, worst), (high, best) = rated[0], rated[-1]
    return (
        f"Within {first}, {best} answers {fmt.percent(high)} of its contacts and {worst} "
        f"{fmt.percent(low)}; unanswered contacts count as not answered."
    )
