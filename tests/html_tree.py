"""A small DOM from the standard library's HTML parser, and the structure every report must have.

Used by the tests without a browser (on the renderer's output) and by the
browser test (on the document as Chromium parsed it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from parity.renderers import trend_chart
from parity.renderers.summary_html import charted
from parity.report import Report
from parity.summary import GapTrend, Summary

VOID = {"br", "hr", "meta", "link", "img", "input", "col", "wbr", "source", "area", "base"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        want = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [
            n
            for n in self.iter()
            if n.tag == tag and all(n.attrs.get(k) == v for k, v in want.items())
        ]

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(found) == 1, f"{len(found)} elements with id {ident!r}"
        return found[0]

    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return " ".join(" ".join(parts).split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(document: str) -> Node:
    builder = _Builder()
    builder.feed(document)
    builder.close()
    return builder.root


CHARTS = (
    "chart-gaps",
    "chart-weekly",
    "chart-first-response-time",
    "chart-resolution-time",
    "chart-volume",
)
SECTIONS = ["headline", "charts", "channels", "gaps", "signals", "data-quality"]


def check_structure(document: str, report: Report) -> Node:
    """Headline first, every chart with its words, every comparison, nothing external."""
    root = parse(document)
    sections = [n.attrs["id"] for n in root.find_all("section")]
    assert sections == SECTIONS
    headline = root.by_id("headline")
    findings = headline.find_all("li")
    flagged = [c for c in report.comparisons if c.flagged]
    cards = [li for li in findings if "findings" in _parent_classes(headline, li)]
    assert len(cards) == min(3, len(flagged))
    said = {p.text() for li in cards for p in li.find_all("p")}
    assert said <= {" ".join(c.description.split()) for c in flagged}
    expected = [c for c in CHARTS if c != "chart-gaps" or report.comparisons]
    expected = [c for c in expected if _has_chart(report, c)]
    for ident in expected:
        fig = root.by_id(f"{ident}-figure")
        svg = fig.find("svg")
        assert svg.attrs["role"] == "img"
        assert svg.find("title").text(), ident
        assert svg.find("desc").text(), ident
        assert fig.find("h3").text()
        reading = fig.find("figcaption").text()
        assert len(reading) > 20, ident
        assert svg.find_all("text"), ident  # axis labels and direct labels are text
    gaps = root.by_id("gaps").text()
    for c in report.comparisons:
        assert " ".join(c.description.split()) in gaps
        if c.test:
            assert c.test in gaps
    if report.comparisons:
        panel_text = root.by_id("chart-gaps").text()
        for c in report.comparisons:
            assert c.channel in panel_text
    check_signals(root, report)
    quality = root.by_id("data-quality").text()
    for s in report.data_quality.sources:
        assert s.file in quality
        assert s.profile in quality
    assert f"{report.data_quality.rows_read:,}" in quality
    assert_self_contained(root)
    return root


def check_signals(root: Node, report: Report) -> None:
    """The clock stated; every signal verdict in the chart and tables (those without a
    verdict named); the journeys matrix; every team, suppressed ones said so."""
    section = root.by_id("signals")
    said = section.text()
    assert f"every time in this report is {report.clock.clock} time" in said
    judged = [c for c in report.signals if c.severity != "insufficient_data"]
    if judged:
        chart = root.by_id("chart-signal-gaps").text()
        for c in judged:
            assert c.channel in chart
            assert " ".join(c.description.split()) in said
    for c in report.signals:
        if c.severity == "insufficient_data":
            assert f"{c.reference} → {c.channel}" in said or c.channel in said
    if report.journeys is not None:
        matrix = section.find("table", class_="matrix")
        names = {e.from_channel for e in report.journeys.escalations}
        names |= {e.to_channel for e in report.journeys.escalations}
        rows = matrix.find("tbody").find_all("tr")
        assert len(rows) == len(names)
        assert all(len(r.find_all("td")) == len(names) for r in rows)
        for e in report.journeys.escalations:
            assert f"{e.escalated:,} of {e.contacts:,}" in matrix.text()
    if report.empowerment is not None:
        for team in report.empowerment.teams:
            assert team.team in said
        if report.empowerment.suppressed_groups:
            assert "suppressed" in said
    if report.remedies and any(r.amount_quantiles.get("p50") for r in report.remedies):
        assert root.by_id("chart-remedy-amounts").find("desc").text()
    if report.coverage is not None and report.coverage.channels:
        assert root.by_id("chart-coverage").find("desc").text()


def _has_chart(report: Report, ident: str) -> bool:
    if ident == "chart-weekly":
        return report.weekly is not None and bool(report.weekly.gaps)
    if ident == "chart-first-response-time":
        return bool(report.curves_of("first_response_time"))
    if ident == "chart-resolution-time":
        return bool(report.curves_of("resolution_time"))
    return True


def _parent_classes(root: Node, target: Node) -> str:
    for node in root.iter():
        if target in node.children:
            return node.attrs.get("class", "")
    return ""


def assert_self_contained(root: Node) -> None:
    """No script, no external resource, no way to reach the network."""
    for tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio", "base"):
        assert not root.find_all(tag), f"<{tag}> in a self-contained report"
    for node in root.iter():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), f"event handler {name} on <{node.tag}>"
            if name in ("src", "href", "xlink:href", "action", "srcset", "poster"):
                assert value.startswith("#"), f"{name}={value!r} on <{node.tag}>"
    style = " ".join(n.text() for n in root.find_all("style"))
    assert "url(" not in style
    assert "@import" not in style
    assert "@font-face" not in style
    csp = root.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in csp


SUMMARY_SECTIONS = ["headline", "trend", "gaps", "contacts", "method"]


def check_summary_structure(document: str, summary: Summary) -> Node:
    """The summary page: headline first, the trend chart of the gaps worth reading,
    every gap, contacts per period, the method; nothing external."""
    root = parse(document)
    assert [n.attrs["id"] for n in root.find_all("section")] == SUMMARY_SECTIONS
    headline = root.by_id("headline")
    assert headline.find("p").text() == " ".join(summary.headline.split())
    said = [li.text() for li in headline.find_all("li")]
    for highlight in summary.highlights:
        assert " ".join(highlight.split()) in said
    shown = charted(summary)
    if shown:
        figure = root.by_id("chart-trend-figure")
        svg = figure.find("svg")
        assert svg.attrs["role"] == "img"
        assert svg.find("title").text()
        assert svg.find("desc").text()
        assert len(figure.find("figcaption").text()) > 20
        panels = svg.text()
        for g in shown:
            assert g.channel in panels
        rows = figure.find("table").find("tbody").find_all("tr")
        assert len(rows) == 1 + len(summary.previous)
    table = root.by_id("gaps").find("table")
    names = [tr.find("th").text() for tr in table.find("tbody").find_all("tr")]
    assert sorted(names) == sorted(" ".join(name_of(g).split()) for g in summary.gaps), (
        "every gap, once"
    )
    contacts = root.by_id("contacts").text()
    for column in [*summary.previous, summary.current]:
        assert column.label in contacts
    assert_self_contained(root)
    return root


def name_of(g: GapTrend) -> str:
    return trend_chart.name(g.channel, g.metric)
