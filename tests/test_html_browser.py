"""The HTML report in a real browser: headless Chromium from the system, fully offline.

The browser is Debian's `chromium` (`/usr/bin/chromium`, or $PARITY_CHROMIUM)
driven by Playwright with `executable_path`, so nothing downloads a browser.
When Chromium or Playwright is missing or Chromium will not start, the tests
are skipped with the reason; with PARITY_REQUIRE_BROWSER=1 (set by `.ci/run`
once it has installed Chromium) they fail instead, so CI never skips silently.

Screenshots (screen and print), a PDF and the HTML are saved under pytest's
temporary directory in `<basetemp>/html-report/`: by default
/tmp/pytest-of-$USER/pytest-<N>/html-report/report.png (and summary.png for
the summary page); pass `--basetemp=DIR` for a fixed place, or `-rP` to see
the path printed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest

from parity.renderers import html, summary_html
from parity.report import Report
from tests.conftest import SAMPLE_DATA
from tests.html_data import HOSTILE, HOSTILE_FILES, demo_db, hostile_report, report_of, summary_of
from tests.html_tree import check_structure, check_summary_structure

CHROMIUM = Path(os.environ.get("PARITY_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("PARITY_REQUIRE_BROWSER") == "1"
# Headless, and quiet: no background requests of Chromium's own (updates, sync,
# safe browsing) that a closed network refuses or that would muddy the count.
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
VIEWPORT = {"width": 1100, "height": 900}


def unavailable(reason: str) -> NoReturn:
    if REQUIRED:
        pytest.fail(f"{reason} (PARITY_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("browser test skipped: playwright is not installed (make install adds it)")
    if not CHROMIUM.exists():
        unavailable(
            f"browser test skipped: no Chromium at {CHROMIUM}; install the Debian packages "
            "chromium and chromium-driver (.ci/run does) or set PARITY_CHROMIUM"
        )
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=FLAGS, timeout=60_000
            )
        except Exception as exc:  # any failure to start is the environment's, not the report's
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            unavailable(f"browser test skipped: Chromium at {CHROMIUM} did not start: {first}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.getbasetemp() / "html-report"
    folder.mkdir(exist_ok=True)
    return folder


@dataclass
class Visit:
    url: str
    dom: str = ""
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


MEASURE = """() => ({
  scripts: document.scripts.length,
  text: document.body.innerText,
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  charts: [...document.querySelectorAll('svg.chart')].map(
    s => [s.id, Math.round(s.getBoundingClientRect().width),
          Math.round(s.getBoundingClientRect().height)]),
})"""


def open_report(browser: Any, path: Path, shot: Path | None = None) -> Visit:
    """Open the file as a mailed attachment would be opened; record everything it tries."""
    visit = Visit(path.resolve().as_uri())
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("console", lambda m: visit.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: visit.errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    # Anything but the file itself is refused, so even a regression reaches no network.
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url == visit.url else route.abort()
    )
    page.goto(visit.url, wait_until="load")
    visit.dom = page.content()
    visit.facts = page.evaluate(MEASURE)
    if shot is not None:
        page.screenshot(path=str(shot), full_page=True)
        page.emulate_media(media="print")
        page.screenshot(path=str(shot.with_name(shot.stem + "-print.png")), full_page=True)
        page.pdf(path=str(shot.with_suffix(".pdf")), format="A4", print_background=True)
    context.close()
    return visit


def assert_quiet(visit: Visit) -> None:
    assert visit.requests == [visit.url], "the report asked for more than itself"
    assert visit.console == []
    assert visit.errors == []
    assert visit.dialogs == []
    assert visit.facts["scripts"] == 0


@pytest.fixture(scope="module")
def sample() -> Report:
    return report_of(SAMPLE_DATA)


def test_report_in_chromium_offline_quiet_and_complete(
    browser: Any, sample: Report, shots: Path
) -> None:
    path = shots / "report.html"
    path.write_text(html.render(sample), encoding="utf-8")
    shot = shots / "report.png"
    visit = open_report(browser, path, shot)
    print(f"screenshot: {shot}")  # shown with -rP or -s
    assert_quiet(visit)
    check_structure(visit.dom, sample)  # the document as Chromium parsed it
    charts = {ident: (w, h) for ident, w, h in visit.facts["charts"]}
    assert set(charts) == {
        "chart-gaps", "chart-weekly", "chart-first-response-time", "chart-resolution-time",
        "chart-volume", "chart-signal-gaps", "chart-remedy-amounts", "chart-coverage",
    }  # fmt: skip
    assert all(w > 600 and h > 100 for w, h in charts.values()), charts
    assert visit.facts["overflow"] <= 0, "the page is wider than the window"
    assert shot.stat().st_size > 50_000
    assert shot.with_name("report-print.png").stat().st_size > 50_000
    assert shot.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_hostile_names_show_verbatim_and_run_nothing(
    browser: Any, shots: Path, tmp_path: Path
) -> None:
    report = hostile_report(tmp_path, reference=HOSTILE[0])
    path = shots / "hostile.html"
    path.write_text(html.render(report), encoding="utf-8")
    visit = open_report(browser, path, shots / "hostile.png")
    assert_quiet(visit)
    check_structure(visit.dom, report)
    for name in (*HOSTILE, *HOSTILE_FILES):
        assert name in visit.facts["text"]


def test_summary_page_in_chromium_offline_quiet_and_complete(
    browser: Any, shots: Path, tmp_path: Path
) -> None:
    summary = summary_of(demo_db(tmp_path))
    path = shots / "summary.html"
    path.write_text(summary_html.render(summary), encoding="utf-8")
    shot = shots / "summary.png"
    visit = open_report(browser, path, shot)
    print(f"screenshot: {shot}")
    assert_quiet(visit)
    check_summary_structure(visit.dom, summary)
    charts = {ident: (w, h) for ident, w, h in visit.facts["charts"]}
    assert set(charts) == {"chart-trend"}
    assert all(w > 600 and h > 100 for w, h in charts.values()), charts
    assert visit.facts["overflow"] <= 0, "the page is wider than the window"
    assert summary.headline in visit.facts["text"]
    assert shot.stat().st_size > 50_000
    assert shot.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
