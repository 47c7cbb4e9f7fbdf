"""`parity summary --format html`: the period summary as one self-contained page.

The same shell, style sheet, escaping and charts as the HTML report
(`html_page`, `markup`, `trend_chart`), and the same promise as the Markdown:
a pure function of `Summary`, so the same data and as-of give the same bytes
(no wall-clock time unless the summary carries one). Reading order: the
headline and what changed; how the gaps worth reading moved over the periods;
every gap with its trend; contacts per period; how it was measured.
"""

from __future__ import annotations

import math

from parity import ranking, summary_words
from parity.gaps import Gap
from parity.renderers import format as fmt
from parity.renderers import html_page as page
from parity.renderers import svg
from parity.renderers.markup import Child, Markup, el, join
from parity.renderers.summary_md import TRENDS
from parity.renderers.trend_chart import Periods, name, trend_chart
from parity.report_trend import GapSeries, TrendPoint
from parity.summary import GapTrend, PeriodColumn, Summary
from parity.weekly import point

MOST_PANELS = 6  # more small multiples than this stop being glanceable
SECTIONS = (
    ("headline", "Headline"),
    ("trend", "Trend"),
    ("gaps", "Every gap"),
    ("contacts", "Contacts"),
    ("method", "Method and notes"),
)
FLAG_WORDS = {"new": "newly flagged", "resolved": "no longer flagged", "ongoing": ""}
SOURCE_WORDS = {
    "computed": "computed from the database",
    "history": "from stored history",
    "missing": "no data",
}


def render(summary: Summary) -> str:
    columns = [*summary.previous, summary.current]
    body = [
        page.nav(SECTIONS),
        _headline(summary),
        page.section("trend", "Trend", _trend(summary, columns)),
        page.section("gaps", "Every gap", _gap_table(summary, columns)),
        page.section("contacts", "Contacts", _contacts(columns)),
        page.section("method", "Method and notes", _method(summary)),
    ]
    current = summary.current
    title = f"Channel parity, {summary.period} {current.label} ({current.span})"
    earlier = len(summary.previous)
    subtitle = (
        f"Reference channel {summary.reference} · as of {summary.as_of} · compared with the "
        f"{earlier} {summary.period}{'s' if earlier != 1 else ''} before"
    )
    return page.page(title, subtitle, body, generated_at=summary.generated_at)


def charted(summary: Summary) -> list[GapTrend]:
    """The gaps the trend chart follows: those worth reading (flagged now, a flag new or
    resolved, a change beyond noise), most material first, at most `MOST_PANELS`."""
    shown = [g for g in summary.gaps if g.noteworthy]
    shown.sort(key=_rank)
    return shown[:MOST_PANELS]


def _rank(g: GapTrend) -> tuple[int, float, str, str]:
    c = g.current
    size = ranking.gap_size(c.metric, c.estimate, c.reference_value, c.flagged)
    return ranking.rank_key(c.severity, size, c.metric, c.channel)


def _point(gap: Gap | None) -> TrendPoint | None:
    return None if gap is None else point(gap)


def _headline(summary: Summary) -> Markup:
    flagged = [g for g in summary.gaps if g.current.flagged]
    moved = [g for g in summary.gaps if g.change.trend in ("widening", "narrowing", "reversed")]
    contacts = sum(summary.current.contacts.values())
    glance = page.glance(
        [
            (fmt.number(contacts), f"contacts in {summary.current.label}"),
            (f"{len(flagged)} of {len(summary.gaps)}", "gaps flagged this period"),
            (str(sum(g.flag == "new" for g in summary.gaps)), "newly flagged"),
            (str(len(moved)), "changed beyond noise since the period before"),
        ]
    )
    highlights = el("ul", [el("li", h) for h in summary.highlights]) if summary.highlights else None
    return page.section(
        "headline", "Headline", el("p", summary.headline, class_="lead"), glance, highlights
    )


def _trend(summary: Summary, columns: list[PeriodColumn]) -> list[Child]:
    gaps = charted(summary)
    if not gaps:
        return [
            el("p", "No gap is flagged, newly resolved or changed beyond noise: nothing to chart.")
        ]
    names = sorted({summary.reference, *(g.channel for g in summary.gaps)})
    styles = svg.series_styles(names, summary.reference)
    periods = Periods(
        short=[c.short for c in columns],
        long=[c.label for c in columns],
        word=summary.period,
    )
    series = [
        GapSeries(g.metric, g.channel, g.reference, [_point(h) for h in [*g.history, g.current]])
        for g in gaps
    ]
    more = sum(g.noteworthy for g in summary.gaps) - len(gaps)
    note = f"{more} more gaps worth reading are in the table of every gap" if more > 0 else None
    figure = trend_chart(
        "chart-trend",
        f"How the gaps worth reading moved, {summary.period} by {summary.period}",
        periods,
        series,
        styles=styles,
        confidence=1 - summary.alpha,
        note=note,
    )
    return [page.figure(figure)]


def _cell(gap: Gap | None, *, current: bool = False) -> Child:
    text = summary_words.cell(gap)
    if gap is None or gap.severity == "insufficient_data":
        return text
    level = el("small", f"{gap.severity}: favours {gap.favours}", class_="ci")
    return join([el("b", text) if gap.flagged or current else text, level if gap.flagged else None])


def _trend_words(g: GapTrend) -> Child:
    flag = FLAG_WORDS.get(g.flag or "", "")
    change = None
    if g.change.ci is not None and g.change.trend != "reversed":
        low, high = (v if math.isfinite(v) else None for v in g.change.ci)
        change = f"change {fmt.interval(g.metric, (low, high))}"
    return join(
        [
            TRENDS[g.change.trend],
            el("small", flag, class_="ci") if flag else None,
            el("small", change, class_="ci") if change else None,
        ]
    )


def _gap_table(summary: Summary, columns: list[PeriodColumn]) -> list[Child]:
    if not summary.gaps:
        return [el("p", "No gaps: only the reference channel has contacts.")]
    ordered = sorted(summary.gaps, key=lambda g: (not g.noteworthy, _rank(g)))
    head: list[Child] = [f"Gap against {summary.reference}"]
    head += [c.short for c in columns[:-1]] + [el("b", columns[-1].short), "Trend"]
    rows = [
        [
            name(g.channel, g.metric),
            *(_cell(h) for h in g.history),
            _cell(g.current, current=True),
            _trend_words(g),
        ]
        for g in ordered
    ]
    worth = sum(g.noteworthy for g in summary.gaps)
    caption = (
        f"The {worth} gaps worth reading first (flagged now, a flag new or resolved, or a change "
        "beyond noise); times as factors of the reference's median"
    )
    table = page.table(
        head, rows, caption=caption, highlight=len(columns), words=len(head) - 1, class_="trends"
    )
    return [table]


def _contacts(columns: list[PeriodColumn]) -> list[Child]:
    channels = sorted({ch for c in columns for ch in c.contacts})
    head: list[Child] = ["Period", *channels, "Source"]
    rows = [
        [
            f"{c.label} ({c.span})",
            *(fmt.number(c.contacts.get(ch)) for ch in channels),
            SOURCE_WORDS[c.source],
        ]
        for c in columns
    ]
    return [
        page.table(head, rows, caption="Contacts per channel and period", text_columns=1),
        el(
            "p",
            "A period whose contacts are no longer in the database is read from the results "
            "stored when it was last computed.",
            class_="note",
        ),
    ]


def _method(summary: Summary) -> list[Child]:
    follow = (
        f"{summary.follow_up_days} day{'s' if summary.follow_up_days != 1 else ''} after its end"
        if summary.follow_up_days
        else "its end"
    )
    conf = f"{(1 - summary.alpha) * 100:g} %"
    facts = page.facts(
        [
            ("As of", summary.as_of),
            ("Period", f"{summary.current.label} ({summary.current.span})"),
            ("Reference channel", summary.reference),
            ("Measured", f"each {summary.period} on its own contacts, as of {follow}"),
            (
                "Flagged",
                f"significant after Holm adjustment (α = {summary.alpha:g}) and at least the "
                f"metric's threshold; fewer than {summary.min_contacts} contacts on a side: "
                "too few",
            ),
            (
                "Trend",
                f"{summary.current.short} against the {summary.period} before: widening or "
                f"narrowing only when the {conf} interval of the change (MOVER) excludes zero "
                "and the change reaches the metric's margin",
            ),
        ]
    )
    notes = [el("p", f"Note: {n}", class_="note") for n in summary.notes]
    return [facts, *notes]
