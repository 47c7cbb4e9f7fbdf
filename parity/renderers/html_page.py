"""The page every HTML document of parity is built in: shell, style sheet, common blocks.

One self-contained file: the style sheet is inline, charts are inline SVG, and
there is no script, web font or image to fetch, so the file opens offline,
attached to a mail or a CI run. A Content-Security-Policy forbids anything
else as a second line of defence: even a value that escaped escaping could not
run a script or reach the network.
"""

from __future__ import annotations

from collections.abc import Sequence

from parity import __version__
from parity.renderers.charts import Figure
from parity.renderers.markup import Child, Markup, el, escape, join, raw

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

CSS = """
:root { --ink: #1a1a1a; --muted: #595959; --line: #d9d9d9; --soft: #f4f4f4; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 62rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink);
  background: #fff; line-height: 1.45;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
header.top { border-bottom: 3px solid var(--ink); padding-bottom: .6rem; margin-bottom: 1rem; }
header.top h1 { margin: 0; font-size: 1.7rem; }
header.top p { margin: .25rem 0 0; color: var(--muted); }
nav { font-size: .9rem; margin: .4rem 0 1rem; }
nav a { margin-right: 1rem; color: var(--accent); }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p.lead { font-size: 1.2rem; font-weight: 600; margin: .6rem 0 1rem; }
.muted, .note { color: var(--muted); }
.note { font-size: .88rem; }
.glance { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .6rem;
  margin: 0 0 1rem; padding: 0; list-style: none; }
.glance li { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .7rem; }
.glance b { display: block; font-size: 1.35rem; }
.glance span { color: var(--muted); font-size: .85rem; }
ol.findings { list-style: none; padding: 0; margin: 0; display: grid; gap: .7rem; }
ol.findings li { border: 1px solid var(--line); border-left: 6px solid var(--ink);
  border-radius: 4px; padding: .6rem .8rem; }
ol.findings .what { font-size: .85rem; color: var(--muted); text-transform: uppercase;
  letter-spacing: .03em; }
ol.findings .say { font-size: 1.05rem; margin: .2rem 0; }
.badge { display: inline-block; border: 1.5px solid var(--ink); border-radius: 3px;
  padding: 0 .35rem; font-size: .78rem; font-weight: 700; margin-right: .4rem; }
.badge.fail { background: var(--ink); color: #fff; }
figure { margin: 1.2rem 0 1.8rem; padding: .8rem 1rem 1rem; border: 1px solid var(--line);
  border-radius: 6px; break-inside: avoid; }
figure h3 { margin: 0 0 .4rem; }
figcaption { margin-top: .5rem; }
figcaption .reading { font-weight: 600; }
svg.chart { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .88rem; }
caption { text-align: left; color: var(--muted); font-size: .85rem; padding-bottom: .3rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: right;
  vertical-align: top; }
th:first-child, td.text, th.text { text-align: left; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
tbody tr:nth-child(even) { background: #fafafa; }
.ref { background: var(--soft); }
td:not(.text) { white-space: nowrap; }
tr.words td { white-space: normal; }
tr.flagged td, tr.flagged th { font-weight: 700; }
tr.words td { color: var(--muted); text-align: left; font-size: .84rem; padding-top: 0;
  border-bottom: 1px solid var(--line); }
tr.pair td, tr.pair th { border-bottom: none; }
small.ci { display: block; color: var(--muted); font-weight: 400; font-size: .78rem; }
table.trends th[scope=row], table.trends td.text { min-width: 9rem; }
table.matrix td { padding: 0; }
table.matrix span.cell { display: block; padding: .3rem .45rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: .5rem;
  color: var(--muted); font-size: .82rem; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  figure, ol.findings li, .glance li, tr { break-inside: avoid; }
  tbody tr:nth-child(even) { background: none; }
}
"""


def page(title: str, subtitle: str, body: Sequence[Markup], *, generated_at: str | None) -> str:
    """A complete HTML document around `body`; without `generated_at` it carries no
    wall-clock time (a summary's page: the same data gives the same bytes)."""
    head = el(
        "head",
        el("meta", charset="utf-8"),
        el("meta", http_equiv="Content-Security-Policy", content=CSP),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("meta", name="generator", content=f"parity {__version__}"),
        el("title", title),
        el("style", raw(CSS)),
    )
    when = f" at {generated_at}" if generated_at else ""
    footer = el(
        "footer",
        f"Generated by parity {__version__}{when}. This file is self-contained: "
        "no scripts, fonts or images are loaded from anywhere.",
    )
    top = el("header", el("h1", title), el("p", subtitle), class_="top")
    main = el("main", top, body, footer)
    return "<!DOCTYPE html>\n" + el("html", head, el("body", main), lang="en") + "\n"


def section(ident: str, heading: str, *children: Child | Sequence[Child]) -> Markup:
    return el(
        "section",
        el("h2", heading, id=f"{ident}-heading"),
        *children,
        id=ident,
        aria_labelledby=f"{ident}-heading",
    )


def nav(links: Sequence[tuple[str, str]]) -> Markup:
    return el(
        "nav", [el("a", text, href=f"#{ident}") for ident, text in links], aria_label="Sections"
    )


def figure(fig: Figure, *, extra: Child = None) -> Markup:
    """A chart with its heading, its reading in words and the table behind it."""
    return el(
        "figure",
        el("h3", fig.title, id=f"{fig.ident}-heading"),
        fig.svg,
        el("figcaption", el("span", fig.reading, class_="reading"), " ", extra),
        fig.table,
        aria_labelledby=f"{fig.ident}-heading",
        id=f"{fig.ident}-figure",
    )


def glance(items: Sequence[tuple[str, str]]) -> Markup:
    """Key figures as a row of small cards: (figure, what it is)."""
    return el(
        "ul", [el("li", el("b", big), el("span", what)) for big, what in items], class_="glance"
    )


def table(
    head: Sequence[Child],
    rows: Sequence[Sequence[Child]],
    *,
    caption: str | None = None,
    text_columns: int = 1,
    highlight: int | None = None,
    class_: str | None = None,
    words: int | None = None,
) -> Markup:
    """A table whose first column heads each row; the first `text_columns` align left,
    column `words` holds wrapping words (left aligned too), and column `highlight`
    (the reference channel, say) is shaded."""

    def klass(i: int) -> str | None:
        names = ["text"] if i < text_columns or i == words else []
        names += ["ref"] if i == highlight else []
        return " ".join(names) or None

    thead = el(
        "thead", el("tr", [el("th", h, scope="col", class_=klass(i)) for i, h in enumerate(head)])
    )
    trs = [
        el(
            "tr",
            el("th", row[0], scope="row", class_=klass(0)),
            [el("td", v, class_=klass(i)) for i, v in enumerate(row[1:], 1)],
        )
        for row in rows
    ]
    return el(
        "table", el("caption", caption) if caption else None, thead, el("tbody", trs), class_=class_
    )


def facts(items: Sequence[tuple[str, Child]]) -> Markup:
    return el("dl", [join([el("dt", k), el("dd", v)]) for k, v in items], class_="facts")


def hidden(text: str) -> Markup:
    """Text for screen readers only (what a glyph means)."""
    return el("span", text, class_="sr-only")


__all__ = ["escape", "facts", "figure", "glance", "hidden", "nav", "page", "section", "table"]
