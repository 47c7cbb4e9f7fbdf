"""Small, static SVG: scales, ticks, series styles and the pieces charts are drawn with.

No JavaScript and no external resource: an SVG made here is text inside the
HTML file, shows in any browser offline, prints, and carries its own
`<title>` and `<desc>` for screen readers. Styling is done with presentation
attributes on the elements, so a chart copied out of the page keeps its look.

Series are told apart by colour (the Okabe–Ito palette, safe for the common
forms of colour blindness), by line dash and by marker shape together, and
charts label lines directly, so no reading depends on colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from parity.renderers.format import duration
from parity.renderers.markup import Child, Markup, el, escape, join

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK = "#1a1a1a"
MUTED = "#595959"  # 7:1 contrast on white
GRID = "#d9d9d9"

# Okabe & Ito (2008), without yellow (too pale on white); the reference series is black.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 4", "12 4")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "plus")


@dataclass(frozen=True, slots=True)
class SeriesStyle:
    colour: str
    dash: str
    marker: str


REFERENCE_STYLE = SeriesStyle(INK, "", "circle")


def series_styles(names: Sequence[str], reference: str | None = None) -> dict[str, SeriesStyle]:
    """A distinct colour, dash and marker per name; the reference solid black."""
    out: dict[str, SeriesStyle] = {}
    i = 0
    for name in names:
        if name == reference:
            out[name] = REFERENCE_STYLE
            continue
        out[name] = SeriesStyle(
            PALETTE[i % len(PALETTE)],
            DASHES[(i + 1) % len(DASHES)],
            MARKERS[(i + 1) % len(MARKERS)],
        )
        i += 1
    return out


@dataclass(frozen=True, slots=True)
class Linear:
    """Maps [lo, hi] of the data onto [start, end] pixels."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo or 1.0
        return self.start + (min(max(value, self.lo), self.hi) - self.lo) / span * (
            self.end - self.start
        )

    def ticks(self, count: int = 5) -> list[float]:
        return nice_ticks(self.lo, self.hi, count)


@dataclass(frozen=True, slots=True)
class Log:
    """Maps [lo, hi] (both > 0) onto [start, end] pixels on a log scale; below lo clamps."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        v = min(max(value, self.lo), self.hi)
        span = math.log(self.hi / self.lo) or 1.0
        return self.start + math.log(v / self.lo) / span * (self.end - self.start)


def nice_step(span: float, count: int) -> float:
    """A step of 1, 2, 2.5 or 5 × 10^k giving about `count` intervals over `span`."""
    raw_step = span / max(count, 1)
    if raw_step <= 0 or not math.isfinite(raw_step):
        return 1.0
    power: float = 10.0 ** math.floor(math.log10(raw_step))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw_step:
            return factor * power
    return 10 * power


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    step = nice_step(hi - lo, count)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(k * step, 12) for k in range(first, last + 1)]


def nice_bounds(lo: float, hi: float, count: int = 5) -> tuple[float, float]:
    """[lo, hi] widened outwards to whole ticks."""
    if hi <= lo:
        lo, hi = lo - 1.0, hi + 1.0
    step = nice_step(hi - lo, count)
    return float(math.floor(lo / step + 1e-9) * step), float(math.ceil(hi / step - 1e-9) * step)


# Durations an analyst reads off an axis: (seconds, label).
DURATION_TICKS: tuple[tuple[float, str], ...] = (
    (1, "1 s"),
    (10, "10 s"),
    (30, "30 s"),
    (60, "1 min"),
    (300, "5 min"),
    (900, "15 min"),
    (1800, "30 min"),
    (3600, "1 h"),
    (2 * 3600, "2 h"),
    (4 * 3600, "4 h"),
    (8 * 3600, "8 h"),
    (12 * 3600, "12 h"),
    (86400, "1 day"),
    (2 * 86400, "2 days"),
    (3 * 86400, "3 days"),
    (7 * 86400, "1 week"),
    (14 * 86400, "2 weeks"),
    (30 * 86400, "30 days"),
    (90 * 86400, "90 days"),
    (365 * 86400, "1 year"),
)


def duration_ticks(
    lo: float, hi: float, scale: Log | Linear, min_gap: float = 56.0
) -> list[tuple[float, str]]:
    """The duration ticks within [lo, hi], at least `min_gap` pixels apart (the last kept)."""
    inside = [t for t in DURATION_TICKS if lo <= t[0] <= hi]
    kept: list[tuple[float, str]] = []
    for tick in reversed(inside):
        if not kept or scale(kept[-1][0]) - scale(tick[0]) >= min_gap:
            kept.append(tick)
    return kept[::-1]


def duration_floor(seconds: float) -> float:
    """The largest duration tick at or below `seconds` (1 s at least)."""
    below = [t for t, _ in DURATION_TICKS if t <= max(seconds, 1.0)]
    return below[-1] if below else 1.0


def duration_label(seconds: float) -> str:
    """A round duration as an axis says it ("1 week"); others as `format.duration` would."""
    exact = dict(DURATION_TICKS)
    return exact[seconds] if seconds in exact else duration(seconds)


def fmt(value: float) -> str:
    """A pixel coordinate: one decimal, no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def clipped(value: str, limit: int) -> Markup:
    """`value` cut to `limit` characters with an ellipsis; the whole in a tooltip `<title>`."""
    if len(value) <= limit:
        return escape(value)
    return join([value[: limit - 1].rstrip() + "…", el("title", value)])


def text(x: float, y: float, content: Child, *, anchor: str = "start", **attrs: object) -> Markup:
    attrs.setdefault("fill", INK)
    attrs.setdefault("font_size", 12)
    return el("text", content, x=fmt(x), y=fmt(y), text_anchor=anchor, **attrs)


def line(x1: float, y1: float, x2: float, y2: float, **attrs: object) -> Markup:
    attrs.setdefault("stroke", INK)
    return el("line", x1=fmt(x1), y1=fmt(y1), x2=fmt(x2), y2=fmt(y2), **attrs)


def polyline(points: Sequence[tuple[float, float]], **attrs: object) -> Markup:
    coords = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
    attrs.setdefault("fill", "none")
    return el("polyline", points=coords, **attrs)


def bar(left: float, right: float, mid: float, height: float, **attrs: object) -> Markup:
    """A horizontal bar from `left` to `right` (at least 1 px wide), centred on `mid`."""
    return el(
        "rect",
        x=fmt(left),
        y=fmt(mid - height / 2),
        width=fmt(max(right - left, 1.0)),
        height=fmt(height),
        **attrs,
    )


def marker(shape: str, x: float, y: float, *, size: float = 5, **attrs: object) -> Markup:
    """A point marker; `fill="white"` draws it hollow."""
    s = size
    if shape == "square":
        return el(
            "rect",
            x=fmt(x - s * 0.85),
            y=fmt(y - s * 0.85),
            width=fmt(s * 1.7),
            height=fmt(s * 1.7),
            **attrs,
        )
    if shape in ("triangle", "triangle-down", "diamond", "plus"):
        pts = {
            "triangle": [(0, -1.15), (1.05, 0.75), (-1.05, 0.75)],
            "triangle-down": [(0, 1.15), (1.05, -0.75), (-1.05, -0.75)],
            "diamond": [(0, -1.25), (1.1, 0), (0, 1.25), (-1.1, 0)],
            "plus": [
                (-0.35, -1.1),
                (0.35, -1.1),
                (0.35, -0.35),
                (1.1, -0.35),
                (1.1, 0.35),
                (0.35, 0.35),
                (0.35, 1.1),
                (-0.35, 1.1),
                (-0.35, 0.35),
                (-1.1, 0.35),
                (-1.1, -0.35),
                (-0.35, -0.35),
            ],
        }[shape]
        coords = " ".join(f"{fmt(x + dx * s)},{fmt(y + dy * s)}" for dx, dy in pts)
        return el("polygon", points=coords, **attrs)
    return el("circle", cx=fmt(x), cy=fmt(y), r=fmt(s), **attrs)


def chart(
    ident: str, width: float, height: float, title: str, desc: str, body: list[Markup]
) -> Markup:
    """The `<svg>` of a chart: scalable, with its title and description for assistive tech."""
    return el(
        "svg",
        el("title", title, id=f"{ident}-title"),
        el("desc", desc, id=f"{ident}-desc"),
        body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {fmt(width)} {fmt(height)}",
        width="100%",
        role="img",
        aria_labelledby=f"{ident}-title {ident}-desc",
        font_family=FONT,
        class_="chart",
        id=ident,
    )
