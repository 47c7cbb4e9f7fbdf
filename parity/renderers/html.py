"""HTML: one self-contained page a manager reads top to bottom.

Headline first (the two or three most material gaps in a sentence each), then
the charts, then the details an analyst checks (every channel figure, every
comparison with its interval, test and p-values), then data quality and method.
A pure function of the report; the page shell, style sheet and charts are the
building blocks in `html_page`, `charts` and `gap_chart`, for other pages too.
"""

from __future__ import annotations

from datetime import date, timedelta

from parity.curves import CURVE_METRICS
from parity.ranking import most_material
from parity.renderers import format as fmt
from parity.renderers import html_page as page
from parity.renderers import html_signals as signals
from parity.renderers import html_tables as tables
from parity.renderers import svg
from parity.renderers.charts import Figure, volume_chart, waiting_chart
from parity.renderers.gap_chart import gap_chart
from parity.renderers.markdown import headline
from parity.renderers.markup import Markup, el
from parity.renderers.trend_chart import Periods, trend_chart
from parity.report import Comparison, Report
from parity.report_trend import WeeklyTrend

SECTIONS = (
    ("headline", "Headline"),
    ("charts", "Charts"),
    ("channels", "Channels"),
    ("gaps", "Every gap"),
    ("signals", "Two-tier signals"),
    ("data-quality", "Data quality and method"),
)


def render(report: Report) -> str:
    styles = svg.series_styles([c.channel for c in report.channels], report.reference_channel)
    top = most_material(report.comparisons)
    body = [
        page.nav(SECTIONS),
        _headline(report, top),
        page.section(
            "charts",
            "Charts",
            [page.figure(f, extra=_more(f)) for f in figures(report, styles, top)],
        ),
        page.section("channels", "Channels", tables.channel_table(report)),
        page.section("gaps", "Every gap", tables.comparison_table(report)),
        page.section("signals", "Two-tier signals", signals.content(report, styles)),
        page.section("data-quality", "Data quality and method", tables.data_quality(report)),
    ]
    period = report.period
    subtitle = (
        f"{_day(period.start)} to {_day(period.end)} · reference channel "
        f"{report.reference_channel} · {_count(len(report.channels), 'channel')} · "
        f"{report.clock.clock} clock"
    )
    return page.page("Channel parity report", subtitle, body, generated_at=report.generated_at)


def figures(
    report: Report, styles: dict[str, svg.SeriesStyle], top: list[Comparison]
) -> list[Figure]:
    """The charts of the report, in reading order."""
    ref = report.reference_channel
    out: list[Figure] = []
    if report.comparisons:
        out.append(
            gap_chart(
                report.comparisons,
                reference=ref,
                styles=styles,
                headline=top[0] if top else None,
                confidence=report.method.confidence,
            )
        )
    if report.weekly is not None and report.weekly.gaps:
        out.append(weekly_chart(report.weekly, styles, report.method.confidence))
    for metric in CURVE_METRICS:
        curves = report.curves_of(metric)
        if curves:
            out.append(
                waiting_chart(
                    curves, metric=metric, channels=report.channels, reference=ref, styles=styles
                )
            )
    out.append(volume_chart(report.channels, reference=ref, styles=styles))
    return out


def weekly_chart(
    trend: WeeklyTrend, styles: dict[str, svg.SeriesStyle], confidence: float
) -> Figure:
    """The main gaps week by week (parity.weekly): which ones, and how each week is measured."""
    weeks = trend.weeks
    periods = Periods(
        short=[w.short for w in weeks],
        long=[f"{w.label} ({w.start} to {_before(w.end)})" for w in weeks],
        partial=frozenset(i for i, w in enumerate(weeks) if w.partial),
    )
    note = (
        f"Main gaps: {trend.selection}. Each week is measured on its own contacts, as of its end "
        "(* or of the report's as-of time, when that came first), with verdicts of its own"
    )
    notes = "; ".join(trend.notes)
    return trend_chart(
        "chart-weekly",
        "How the main gaps moved, week by week",
        periods,
        trend.gaps,
        styles=styles,
        confidence=confidence,
        note=f"{note}. {notes}" if notes else note,
    )


def _before(day: str) -> str:
    """The day before an ISO date: the last day of a period that ends (exclusive) on it."""
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def _more(fig: Figure) -> Markup | None:
    if fig.ident == "chart-gaps":
        return el("a", "All figures are in the table of every gap.", href="#gaps")
    return None


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def _count(n: int, word: str) -> str:
    return f"{n} {_plural(n, word)}"


def _day(moment: str | None) -> str:
    return moment[:10] if moment else "–"


def _headline(report: Report, top: list[Comparison]) -> Markup:
    flagged = [c for c in report.comparisons if c.flagged]
    contacts = sum(int(c.metrics.get("contacts") or 0) for c in report.channels)
    glance = page.glance(
        [
            (fmt.number(contacts), "contacts in the period"),
            (
                str(len(report.channels)),
                f"{_plural(len(report.channels), 'channel')}, compared "
                f"with {report.reference_channel}",
            ),
            (f"{len(flagged)} of {len(report.comparisons)}", "comparisons show a material gap"),
            (fmt.number(report.data_quality.rows_rejected), "rows rejected on import"),
        ]
    )
    cards = [
        el(
            "li",
            el(
                "div",
                f"{fmt.comparison_label(c.metric)} · {c.channel} vs {c.reference}",
                class_="what",
            ),
            el("p", c.description, class_="say"),
            el(
                "div",
                el(
                    "span",
                    tables.SEVERITY_WORDS.get(c.severity, c.severity),
                    class_=f"badge {c.severity}",
                ),
                f"favours {c.favours} · gap {tables.gap(c)}, {_ci_words(report, c)}",
            ),
        )
        for c in top
    ]
    more = len(flagged) - len(top)
    tail = (
        el(
            "p",
            f"… and {more} more material {_plural(more, 'gap')}: see ",
            el("a", "every gap", href="#gaps"),
            ".",
            class_="note",
        )
        if more > 0
        else None
    )
    return page.section(
        "headline",
        "Headline",
        el("p", headline(report), class_="lead"),
        glance,
        el("ol", cards, class_="findings") if cards else None,
        tail,
    )


def _ci_words(report: Report, c: Comparison) -> str:
    return f"{report.method.confidence * 100:g} % CI {fmt.interval(c.metric, c.ci)}"
