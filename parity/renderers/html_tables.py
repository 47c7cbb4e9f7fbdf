"""The detail sections of the HTML report: channel figures, every gap, data quality and method.

Tables, not charts: what an analyst checks after the headline. Each function
returns the content of one section of `parity.renderers.html`.
"""

from __future__ import annotations

from collections.abc import Sequence

from parity.renderers import format as fmt
from parity.renderers import html_page as page
from parity.renderers.markup import Child, Markup, el, join
from parity.report import ChannelReport, Comparison, Report
from parity.stats import METRICS

SEVERITY_WORDS = {"fail": "Large gap", "warn": "Material gap"}
CLOCK_WORDS = {
    "calendar": "elapsed time, nights and weekends included",
    "business": "the open hours of each channel's calendar (see Two-tier signals)",
}


def gap(c: Comparison) -> str:
    return fmt.comparison_gap(c.metric, c.estimate if c.estimate is not None else c.difference)


def _channel_cell(
    ch: ChannelReport, key: str, verdicts: dict[tuple[str, str], Comparison], ref: str
) -> list[Child]:
    value = fmt.metric_value(key, ch.metrics.get(key), not_reached=key in ch.not_reached)
    cell: list[Child] = [value]
    verdict = verdicts.get((fmt.JUDGED_BY.get(key, ""), ch.channel))
    if verdict is not None and verdict.flagged:
        better = verdict.favours == ch.channel
        cell += [
            " ▲" if better else " ▼",
            page.hidden(f" (materially {'better' if better else 'worse'} than {ref})"),
        ]
    interval = ch.intervals.get(key)
    if interval is not None:
        cell.append(el("small", _interval(key, interval), class_="ci"))
    return cell


def _interval(key: str, interval: tuple[float | None, float | None]) -> str:
    low, high = interval
    if key.endswith("_s"):
        return f"{fmt.duration(low)} – {fmt.duration(high) if high is not None else '∞'}"
    return f"{fmt.percent(low)} – {fmt.percent(high)}"


def channel_table(report: Report) -> list[Markup]:
    ref = report.reference_channel
    verdicts = {(c.metric, c.channel): c for c in report.comparisons}
    head: list[Child] = ["Metric"]
    for ch in report.channels:
        head.append(
            join([ch.channel, el("br"), "(reference)"]) if ch.channel == ref else ch.channel
        )
    keys = list(report.channels[0].metrics) if report.channels else []
    rows = [
        [fmt.METRIC_LABELS.get(key, key)]
        + [join(_channel_cell(ch, key, verdicts, ref)) for ch in report.channels]
        for key in keys
    ]
    at = next((i for i, ch in enumerate(report.channels, 1) if ch.channel == ref), None)
    conf = f"{report.method.confidence * 100:g} %"
    caption = f"Each channel's own figures, raw (not adjusted); in small print the {conf} interval"
    return [
        page.table(head, rows, caption=caption, highlight=at),
        el(
            "p",
            f"▲ materially better than {ref}, ▼ materially worse (a flagged gap). "
            "Times are Kaplan–Meier medians: contacts never answered or resolved count as "
            "still waiting, so a median is “not reached” when fewer than half ever were.",
            class_="note",
        ),
    ]


def comparison_table(report: Report) -> list[Markup]:
    if not report.comparisons:
        return [
            el(
                "p",
                "No comparisons: only one channel, or no metric shared with "
                f"{report.reference_channel}.",
            )
        ]
    ref = report.reference_channel
    method = report.method
    return [
        verdict_table(report.comparisons, report, reference_column=ref),
        el(
            "p",
            f"Gap: the difference the verdict rests on (adjusted for case mix where stated; "
            f"value and {ref} columns are raw). A gap is flagged when it is significant after "
            f"{method.multiplicity} adjustment (family-wise α = {method.alpha:g}) and beyond its "
            f"practical threshold; fewer than {method.min_contacts} contacts on either side "
            "gives no verdict.",
            class_="note",
        ),
    ]


def who(c: Comparison) -> str:
    """The channel a verdict is about; for an escalated journey 'phone → social'."""
    return f"{c.reference} → {c.channel}" if c.family == "journeys" else c.channel


def verdict_table(
    comparisons: Sequence[Comparison],
    report: Report,
    *,
    reference_column: str,
    value_column: str = "Value",
    caption: str = "Flagged gaps first; each row is followed by the gap in words",
) -> Markup:
    """Comparisons (or signal verdicts) with figures, interval, p-values and verdict, flagged
    first, each followed by its sentence, test and adjustment."""
    order = list(METRICS)
    ordered = sorted(
        comparisons,
        key=lambda c: (
            not c.flagged,
            order.index(c.metric) if c.metric in order else 99,
            c.metric,
            c.reference,
            c.channel,
        ),
    )
    conf = f"{report.method.confidence * 100:g} % CI"
    head = ["Metric", "Channel", value_column, reference_column, "Gap", conf, "p", "p (Holm)"]
    head.append("Verdict")
    rows: list[Markup] = []
    for c in ordered:
        verdict = f"favours {c.favours}" if c.flagged else c.severity.replace("_", " ")
        if c.flagged:
            verdict += f" ({SEVERITY_WORDS.get(c.severity, c.severity).lower()})"
        cells: list[Child] = [
            who(c),
            fmt.comparison_value(c.metric, c.value),
            fmt.comparison_value(c.metric, c.reference_value),
            gap(c),
            fmt.interval(c.metric, c.ci),
            fmt.p_value(c.p_value),
            fmt.p_value(c.p_adjusted),
            verdict,
        ]
        label = fmt.comparison_label(c.metric)
        tds = [el("td", v, class_="text" if i in (0, 7) else "num") for i, v in enumerate(cells)]
        rows.append(
            el(
                "tr",
                el("th", label, scope="row", class_="text"),
                tds,
                class_="pair flagged" if c.flagged else "pair",
            )
        )
        test = f"Test: {c.test}" if c.test else "No test"
        adjusted = f"adjusted for {', '.join(c.adjusted_for)}" if c.adjusted_for else "unadjusted"
        words = " ".join(_sentence(t) for t in (c.description, *c.notes, f"{test}; {adjusted}"))
        rows.append(el("tr", el("td", words, colspan=len(head)), class_="words"))
    text_columns = (0, 1, 8)
    thead = el(
        "thead",
        el(
            "tr",
            [
                el("th", h, scope="col", class_="text" if i in text_columns else None)
                for i, h in enumerate(head)
            ],
        ),
    )
    return el("table", el("caption", caption), thead, el("tbody", rows), class_="gaps")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def data_quality(report: Report) -> list[Child]:
    dq = report.data_quality
    m = report.method
    adjusted = sorted({a for c in report.comparisons for a in c.adjusted_for})
    facts = page.facts(
        [
            ("Rows read", fmt.number(dq.rows_read)),
            ("Loaded", fmt.number(dq.rows_loaded)),
            ("Rejected", fmt.number(dq.rows_rejected)),
            ("Skipped (blank or preamble lines)", fmt.number(dq.rows_skipped)),
            ("Period", f"{report.period.start or '–'} to {report.period.end or '–'}"),
            ("As of", report.as_of or "–"),
            ("Reference channel", report.reference_channel),
            ("Clock", f"{report.clock.clock}: {CLOCK_WORDS[report.clock.clock]}"),
            (
                "Significance",
                f"α = {m.alpha:g}, {m.multiplicity} adjustment over all "
                f"{len(report.comparisons)} comparisons",
            ),
            ("Minimum contacts", f"{m.min_contacts} per side for a verdict"),
            ("Adjusted for", ", ".join(adjusted) or "nothing (no category in the data)"),
            (
                "Curves",
                "Kaplan–Meier per channel, categories pooled; drawn within "
                f"{_curve_error(report)} of the full curve",
            ),
        ]
    )
    parts: list[Child] = [facts]
    if dq.rejects_by_reason:
        parts.append(
            page.table(
                ["Reason", "Rows"],
                [[k, fmt.number(v)] for k, v in dq.rejects_by_reason.items()],
                caption="Rejected rows by reason (list them with parity rejects)",
            )
        )
    if dq.sources:
        rows = [
            [
                s.file,
                s.format,
                s.profile,
                s.encoding or "–",
                _delimiter(s.delimiter),
                fmt.number(s.rows_read),
                fmt.number(s.rows_loaded),
                fmt.number(s.rows_rejected),
                fmt.number(s.rows_skipped),
                "; ".join(s.notes) or "–",
            ]
            for s in dq.sources
        ]
        parts.append(
            page.table(
                [
                    "File",
                    "Format",
                    "Profile",
                    "Encoding",
                    "Delimiter",
                    "Read",
                    "Loaded",
                    "Rejected",
                    "Skipped",
                    "Notes",
                ],
                rows,
                caption="Sources and the profiles used to read them",
                text_columns=5,
            )
        )
    return parts


def _delimiter(delimiter: str | None) -> str:
    return {None: "–", "\t": "tab", " ": "space"}.get(delimiter, delimiter or "–")


def _curve_error(report: Report) -> str:
    worst = max((c.max_error for c in report.curves), default=0.0)
    return f"{worst * 100:.1f} percentage points"
