"""The HTML report without a browser: structure, escaping, edge cases, size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from parity import api, config
from parity.renderers import html
from parity.report import Report
from tests.conftest import SAMPLE_DATA, write_csv
from tests.html_data import HEADER, HOSTILE, HOSTILE_FILES, contacts, hostile_report, report_of
from tests.html_tree import check_structure, parse


@pytest.fixture(scope="module")
def sample_report() -> Report:
    return report_of(SAMPLE_DATA)


def test_sample_report_has_every_part(sample_report: Report) -> None:
    check_structure(html.render(sample_report), sample_report)


def test_headline_comes_first_and_names_the_most_material_gaps(sample_report: Report) -> None:
    root = parse(html.render(sample_report))
    main = root.find("main")
    first_section = main.find("section")
    assert first_section.attrs["id"] == "headline"
    cards = first_section.find("ol").find_all("li")
    assert len(cards) == 3
    assert all("favours" in li.text() for li in cards)
    assert "comparisons show a material gap" in first_section.find("p").text()


def test_rendering_is_a_pure_function_of_the_report(sample_report: Report) -> None:
    assert html.render(sample_report) == html.render(sample_report)


def test_sample_report_is_small(sample_report: Report) -> None:
    assert len(html.render(sample_report).encode()) < 300_000


def test_reference_column_is_marked(sample_report: Report) -> None:
    root = parse(html.render(sample_report))
    table = root.by_id("channels").find("table")
    head = [th.text() for th in table.find("thead").find_all("th")]
    assert "phone (reference)" in head
    marked = [n for n in table.iter() if "ref" in n.attrs.get("class", "").split()]
    assert len(marked) == 1 + len(sample_report.channels[0].metrics)


@pytest.mark.parametrize("reference", [None, *HOSTILE])
def test_values_from_data_are_escaped(tmp_path: Path, reference: str | None) -> None:
    report = hostile_report(tmp_path, reference=reference)
    assert {c.channel for c in report.channels} == {"phone", *HOSTILE}
    document = html.render(report)
    root = check_structure(document, report)
    assert "<script" not in document
    assert "<img" not in document
    text = root.find("body").text()
    for name in (*HOSTILE, *HOSTILE_FILES):
        assert name in text  # shown verbatim, as text
    titles = " ".join(n.text() for n in root.find_all("title"))
    assert HOSTILE[0] in titles or reference != HOSTILE[0]


def test_one_channel_still_renders(make_csv: Callable[..., Path]) -> None:
    path = make_csv("one.csv", HEADER, contacts("email", 50, answered=0.8, wait_s=7200))
    report = report_of(path)
    assert len(report.channels) == 1
    assert not report.comparisons
    document = html.render(report)
    root = check_structure(document, report)
    assert "No comparisons" in root.by_id("gaps").text()
    assert "All 50 contacts are on email" in root.by_id("chart-volume-figure").text()
    with pytest.raises(AssertionError):
        root.by_id("chart-gaps")


def test_medians_not_reached_still_render(make_csv: Callable[..., Path]) -> None:
    rows = contacts("phone", 60, answered=0.9, wait_s=600)
    rows += contacts("social", 60, answered=0.3, wait_s=300, start=100)
    report = report_of(make_csv("mixed.csv", HEADER, rows))
    social = report.channel("social")
    assert social is not None
    assert "first_response_time_median_s" in social.not_reached
    document = html.render(report)
    root = check_structure(document, report)
    figure = root.by_id("chart-first-response-time-figure")
    assert "fewer than half ever were" in figure.find("figcaption").text()
    assert "not reached" in figure.find("table").text()
    curve = next(c for c in report.curves_of("first_response_time") if c.channel == "social")
    assert curve.points[-1][1] > 0.5  # the plateau the chart shows


def test_cli_writes_html(cli, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    run = cli("report", SAMPLE_DATA, "--format", "html", "--output", target)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == ""
    assert run.stderr == ""
    document = target.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>")
    check_structure(document, report_of(SAMPLE_DATA))


def test_the_weekly_trend_follows_the_main_gaps(sample_report: Report) -> None:
    trend = sample_report.weekly
    assert trend is not None
    root = parse(html.render(sample_report))
    figure = root.by_id("chart-weekly-figure")
    svg_text = figure.find("svg").text()
    for series in trend.gaps:
        assert series.channel in svg_text
    rows = figure.find("table").find("tbody").find_all("tr")
    assert len(rows) == len(trend.weeks)
    assert rows[-1].find("th").text().endswith("*")  # measured at the report's as-of time
    assert "Main gaps: the headline's gaps" in figure.find("caption").text()
    flagged = sum(p is not None and p.flagged for s in trend.gaps for p in s.points)
    shaded = [r for r in figure.find("svg").find_all("rect") if r.attrs.get("fill") == "#efefef"]
    assert len(shaded) == flagged  # every material week is shaded, and no other


def test_without_a_trend_there_is_no_weekly_chart(sample_report: Report) -> None:
    root = parse(html.render(replace(sample_report, weekly=None)))
    with pytest.raises(AssertionError):
        root.by_id("chart-weekly")


def test_signals_state_the_business_clock_and_suppressed_teams(tmp_path: Path) -> None:
    rows = contacts("phone", 60, answered=0.9, wait_s=1200)
    rows += contacts("social", 60, answered=0.9, wait_s=300, start=100)
    teams = [["tier1" if i < 118 else "night-desk"] for i in range(len(rows))]
    path = write_csv(
        tmp_path / "teams.csv",
        [*HEADER, "agent_team"],
        [row + team for row, team in zip(rows, teams, strict=True)],
    )
    cfg = tmp_path / "parity.toml"
    cfg.write_text(
        'clock = "business"\n[calendars.phone]\ntimezone = "Europe/London"\n'
        '[calendars.phone.hours]\nmon = "09:00-17:00"\ntue = "09:00-17:00"\n',
        encoding="utf-8",
    )
    settings = config.load(cfg)
    report = api.report(api.Source(paths=[path]), api.Scope(), settings)
    assert report.clock.clock == "business"
    assert report.empowerment is not None
    # night-desk (2 contacts) is hidden, and social's other team with it: shown alone,
    # the channel's totals would give night-desk's rates away (complementary suppression)
    assert report.empowerment.suppressed_groups == 2
    root = check_structure(html.render(report), report)
    signals = root.by_id("signals").text()
    assert "every time in this report is business time" in signals
    assert "Europe/London" in signals
    assert "business clock" in root.find("header").text()
    assert "night-desk" in signals
    assert "suppressed" in signals
    assert "fewer than 5 contacts are not shown" in signals
