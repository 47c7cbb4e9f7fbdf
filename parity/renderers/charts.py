"""The report's charts as static SVG figures, each with a title, axes and a reading in words.

Every chart function takes parts of the report model (curves, channels,
comparisons), never contact rows, and returns a `Figure`: the SVG, its
one-line reading, and where useful the table of numbers behind it. A page
(the report's, or a summary's) places figures with `html_page.figure`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from parity.renderers import format as fmt
from parity.renderers import svg
from parity.renderers.markup import Markup, el, join
from parity.report import ChannelReport, WaitingCurve


@dataclass(frozen=True, slots=True)
class Figure:
    ident: str  # HTML id, from fixed names (never data)
    title: str
    svg: Markup
    reading: str  # one line in plain words, under the chart
    table: Markup | None = None  # the numbers behind the chart


@dataclass(frozen=True, slots=True)
class Words:
    title: str
    y_label: str
    done: str  # "answered"
    never: str  # "never got a first response"


WAITING_WORDS: dict[str, Words] = {
    "first_response_time": Words(
        "How long customers wait for a first response",
        "Share of contacts still waiting for a first response",
        "answered",
        "never got a first response in the data",
    ),
    "resolution_time": Words(
        "How long until the customer's matter is resolved",
        "Share of contacts not yet resolved",
        "resolved",
        "were still unresolved when the data ends",
    ),
}
CHECKPOINTS: dict[str, tuple[float, ...]] = {
    "first_response_time": (300, 3600, 86400, 7 * 86400),
    "resolution_time": (3600, 86400, 7 * 86400, 30 * 86400),
}
MEDIAN_KEYS = {
    "first_response_time": "first_response_time_median_s",
    "resolution_time": "resolution_time_median_s",
}
W, PLOT_LEFT, PLOT_RIGHT = 760.0, 64.0, 620.0


def value_at(curve: WaitingCurve, seconds: float) -> float | None:
    """The drawn curve at `seconds`; None past its horizon unless it reached zero."""
    if seconds > curve.horizon_s and curve.points[-1][1] > 0:
        return None
    share = 1.0
    for t, s in curve.points:
        if t > seconds:
            break
        share = s
    return share


def _step_path(curve: WaitingCurve, x: svg.Log, y: svg.Linear) -> list[tuple[float, float]]:
    pts = curve.points
    path = [(x(pts[0][0]), y(pts[0][1]))]
    for (_, s_prev), (t, s) in pairwise(pts):
        path += [(x(t), y(s_prev)), (x(t), y(s))]
    return path


def _legend(
    names: Sequence[str], styles: Mapping[str, svg.SeriesStyle], reference: str, top: float
) -> tuple[list[Markup], float]:
    """A key of line, marker and name per series, wrapped to the chart's width; its height."""
    out: list[Markup] = []
    x, y = PLOT_LEFT, top
    for name in names:
        st = styles[name]
        label = svg.clipped(name, 24)
        width = 44 + 7 * (len(name if len(name) <= 24 else name[:24]) + 12 * (name == reference))
        if x + width > W and x > PLOT_LEFT:
            x, y = PLOT_LEFT, y + 18
        out += [
            svg.line(
                x,
                y,
                x + 26,
                y,
                stroke=st.colour,
                stroke_width=2.5,
                stroke_dasharray=st.dash or None,
            ),
            svg.marker(st.marker, x + 13, y, size=4, fill=st.colour),
            svg.text(x + 32, y + 4, join([label, " (reference)"]) if name == reference else label),
        ]
        x += width
    return out, y - top


def waiting_chart(
    curves: Sequence[WaitingCurve],
    *,
    metric: str,
    channels: Sequence[ChannelReport],
    reference: str,
    styles: Mapping[str, svg.SeriesStyle],
) -> Figure:
    """Share still waiting over time (log scale), one step line per channel."""
    words = WAITING_WORDS[metric]
    ident = f"chart-{metric.replace('_', '-')}"
    legend, legend_height = _legend([c.channel for c in curves], styles, reference, 16.0)
    top = 40.0 + legend_height
    bottom = top + 272.0
    # from the first visible drop (1 % gone) to the last time observed
    drops = [next((t for t, s in c.points if s <= 0.99), c.horizon_s) for c in curves]
    lo = svg.duration_floor(min(drops))
    hi = max(max(c.horizon_s for c in curves), lo * 10)
    x = svg.Log(lo, hi, PLOT_LEFT, PLOT_RIGHT)
    y = svg.Linear(0.0, 1.0, bottom, top)
    body = [*legend, *_waiting_axes(x, y, words)]
    ends: list[tuple[float, Markup, svg.SeriesStyle]] = []
    for curve in curves:
        st = styles[curve.channel]
        body.append(
            svg.polyline(
                _step_path(curve, x, y),
                stroke=st.colour,
                stroke_width=2.2,
                stroke_dasharray=st.dash or None,
                stroke_linejoin="round",
            )
        )
        end_t, end_s = curve.points[-1]
        body.append(svg.marker(st.marker, x(end_t), y(end_s), size=4.5, fill=st.colour))
        if x(end_t) >= PLOT_RIGHT - 1:
            label = join([svg.clipped(curve.channel, 9), " ", fmt.percent(end_s)])
            ends.append((y(end_s), label, st))
    body += _end_labels(ends, top, bottom)
    reading = _waiting_reading(curves, metric, channels, words)
    table = _waiting_table(curves, metric, channels, reference, hi)
    desc = f"{reading} Step lines per channel; the table under the chart gives the values."
    title = f"{words.title}, by channel"
    chart = svg.chart(ident, W, bottom + 58, title, desc, body)
    return Figure(ident, title, chart, reading, table)


def _waiting_axes(x: svg.Log, y: svg.Linear, words: Words) -> list[Markup]:
    """Grid, ticks, the median line and the axis titles of a waiting chart."""
    top, bottom = y.end, y.start
    out: list[Markup] = []
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        out.append(svg.line(PLOT_LEFT, y(share), PLOT_RIGHT, y(share), stroke=svg.GRID))
        out.append(
            svg.text(
                PLOT_LEFT - 6,
                y(share) + 4,
                fmt.percent(share).replace(".0", ""),
                anchor="end",
                fill=svg.MUTED,
            )
        )
    for seconds, label in svg.duration_ticks(x.lo, x.hi, x):
        out.append(svg.line(x(seconds), bottom, x(seconds), bottom + 5, stroke=svg.MUTED))
        out.append(svg.text(x(seconds), bottom + 18, label, anchor="middle", fill=svg.MUTED))
    out.append(
        svg.line(PLOT_LEFT, y(0.5), PLOT_RIGHT, y(0.5), stroke=svg.MUTED, stroke_dasharray="3 3")
    )
    out.append(
        svg.text(
            PLOT_LEFT + 4,
            y(0.5) - 5,
            f"half {words.done} (the median)",
            fill=svg.MUTED,
            font_size=11,
        )
    )
    out.append(svg.line(PLOT_LEFT, bottom, PLOT_RIGHT, bottom, stroke=svg.INK))
    out.append(
        svg.text(
            (PLOT_LEFT + PLOT_RIGHT) / 2,
            bottom + 40,
            "Time since the customer reached out (log scale)",
            anchor="middle",
        )
    )
    out.append(
        svg.text(-(top + bottom) / 2, 16, words.y_label, anchor="middle", transform="rotate(-90)")
    )
    return out


def _end_labels(
    ends: list[tuple[float, Markup, svg.SeriesStyle]], top: float, bottom: float
) -> list[Markup]:
    """Direct labels right of the plot, nudged apart (15 px) so they never overlap."""
    ends = sorted(ends, key=lambda e: e[0])
    placed: list[float] = []
    for y_end, _, _ in ends:
        placed.append(max(y_end, placed[-1] + 15) if placed else max(y_end, top))
    overflow = placed[-1] - (bottom + 10) if placed else 0.0
    if overflow > 0:  # too low: move the column up; the leaders still point at the line ends
        placed = [p - overflow for p in placed]
    out: list[Markup] = []
    for (y_end, label, st), y_label in zip(ends, placed, strict=True):
        out.append(svg.line(PLOT_RIGHT + 2, y_end, PLOT_RIGHT + 12, y_label, stroke=st.colour))
        out.append(svg.marker(st.marker, PLOT_RIGHT + 19, y_label, size=4, fill=st.colour))
        out.append(svg.text(PLOT_RIGHT + 27, y_label + 4, label))
    return out


def _median_words(seconds: float | None) -> str:
    return fmt.duration(seconds) if seconds is not None else "not reached"


def _waiting_reading(
    curves: Sequence[WaitingCurve], metric: str, channels: Sequence[ChannelReport], words: Words
) -> str:
    medians = {ch.channel: ch.metrics.get(MEDIAN_KEYS[metric]) for ch in channels}
    timed = sorted(
        (float(m), c.channel) for c in curves if (m := medians.get(c.channel)) is not None
    )
    untimed = [c.channel for c in curves if medians.get(c.channel) is None]
    parts: list[str] = []
    if timed:
        seconds, fastest = timed[0]
        parts.append(f"Half of {fastest} contacts were {words.done} within {fmt.duration(seconds)}")
        if untimed:
            parts.append(f"on {untimed[0]} fewer than half ever were")
        elif len(timed) > 1:
            seconds, slowest = timed[-1]
            parts.append(f"on {slowest} it took {fmt.duration(seconds)}")
    elif untimed:
        names = " and ".join(
            [", ".join(untimed[:-1]), untimed[-1]] if len(untimed) > 1 else untimed
        )
        parts.append(f"Fewer than half of the contacts on {names} were ever {words.done}")
    sentence = "; ".join(parts) + "." if parts else ""
    stuck = max(curves, key=lambda c: c.points[-1][1], default=None)
    if stuck is not None and stuck.points[-1][1] >= 0.01:
        sentence += (
            f" {fmt.percent(stuck.points[-1][1])} of {stuck.channel} contacts {words.never}."
        )
    return sentence.strip()


def _waiting_table(
    curves: Sequence[WaitingCurve],
    metric: str,
    channels: Sequence[ChannelReport],
    reference: str,
    hi: float,
) -> Markup:
    checkpoints = [t for t in CHECKPOINTS[metric] if t <= hi]
    medians = {ch.channel: ch.metrics.get(MEDIAN_KEYS[metric]) for ch in channels}
    head = [
        "Channel",
        "Contacts",
        "Median",
        *(f"Still waiting after {svg.duration_label(t)}" for t in checkpoints),
        "Still waiting at the end",
    ]
    rows = []
    for c in curves:
        name = f"{c.channel} (reference)" if c.channel == reference else c.channel
        cells = [fmt.number(c.contacts), _median_words(medians.get(c.channel))]
        cells += [fmt.percent(value_at(c, t)) for t in checkpoints]
        cells.append(fmt.percent(c.points[-1][1]))
        rows.append(el("tr", el("th", name, scope="row"), [el("td", v) for v in cells]))
    return el(
        "table",
        el("caption", "Read from the curves above (drawn within half a percentage point)"),
        el("thead", el("tr", [el("th", h, scope="col") for h in head])),
        el("tbody", rows),
        class_="numbers",
    )


def volume_chart(
    channels: Sequence[ChannelReport], *, reference: str, styles: Mapping[str, svg.SeriesStyle]
) -> Figure:
    """Share of all contacts per channel: horizontal bars, largest first, labelled."""
    ident = "chart-volume"
    ordered = sorted(channels, key=lambda c: (-int(c.metrics.get("contacts") or 0), c.channel))
    row, top = 30.0, 14.0
    left, right = 170.0, 560.0
    height = top + row * len(ordered) + 46
    x = svg.Linear(0.0, 1.0, left, right)
    body: list[Markup] = []
    axis_y = top + row * len(ordered) + 4
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        body.append(svg.line(x(share), top - 4, x(share), axis_y, stroke=svg.GRID))
        body.append(
            svg.text(
                x(share),
                axis_y + 16,
                fmt.percent(share).replace(".0", ""),
                anchor="middle",
                fill=svg.MUTED,
            )
        )
    for i, ch in enumerate(ordered):
        share = float(ch.metrics.get("share") or 0.0)
        mid = top + row * i + row / 2
        st = styles[ch.channel]
        body.append(svg.text(left - 8, mid + 4, svg.clipped(ch.channel, 22), anchor="end"))
        body.append(svg.bar(left, max(x(share), left + 1.5), mid, 18, fill=st.colour))
        contacts = fmt.number(int(ch.metrics.get("contacts") or 0))
        note = " · the reference" if ch.channel == reference else ""
        body.append(
            svg.text(x(share) + 6, mid + 4, f"{fmt.percent(share)} · {contacts} contacts{note}")
        )
    body.append(svg.line(left, top - 4, left, axis_y, stroke=svg.INK))
    body.append(
        svg.text(
            (left + right) / 2, axis_y + 36, "Share of all contacts in the period", anchor="middle"
        )
    )
    reading = _volume_reading(ordered)
    listing = "; ".join(
        f"{c.channel}: {fmt.number(int(c.metrics.get('contacts') or 0))} contacts "
        f"({fmt.percent(float(c.metrics.get('share') or 0.0))})"
        for c in ordered
    )
    title = "Where customers get in touch: share of contacts by channel"
    return Figure(
        ident, title, svg.chart(ident, W, height, title, f"{reading} {listing}.", body), reading
    )


def _volume_reading(ordered: Sequence[ChannelReport]) -> str:
    total = sum(int(c.metrics.get("contacts") or 0) for c in ordered)
    first = ordered[0]
    if len(ordered) == 1:
        return f"All {fmt.number(total)} contacts are on {first.channel}."
    last = ordered[-1]
    share = float(last.metrics.get("share") or 0.0)
    return (
        f"{first.channel} carries {fmt.percent(float(first.metrics.get('share') or 0.0))} of the "
        f"{fmt.number(total)} contacts and {last.channel} {fmt.percent(share)} "
        f"({fmt.number(int(last.metrics.get('contacts') or 0))} contacts)."
    )
