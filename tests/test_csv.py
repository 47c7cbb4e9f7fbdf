"""The CSV report: one row per figure (long format), signals included, formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest

from parity import api, config
from parity.renderers import csv_
from parity.report import Report
from tests.conftest import SAMPLE_DATA, write_csv
from tests.html_data import HEADER, contacts


@pytest.fixture(scope="module")
def sample() -> Report:
    return api.report(api.Source(paths=[SAMPLE_DATA]), api.Scope(), config.Settings(), trend=False)


def parsed(report: Report) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_.render(report))))


def test_every_figure_is_a_row(sample: Report) -> None:
    text = csv_.render(sample)
    assert text.splitlines()[0] == ",".join(csv_.COLUMNS)
    assert csv_.COLUMNS[:18] == (  # the columns before the signals keep their places
        "record", "channel", "metric", "value", "reference", "reference_value", "difference",
        "ratio", "estimate", "ci_low", "ci_high", "p_value", "p_adjusted", "test",
        "adjusted_for", "favours", "flagged", "severity",
    )  # fmt: skip
    rows = parsed(sample)
    counts = Counter(r["record"] for r in rows)
    assert counts["metric"] == sum(len(c.metrics) for c in sample.channels)
    assert counts["comparison"] == len(sample.comparisons)
    assert counts["signal"] == len(sample.signals)
    assert sample.journeys is not None
    assert sample.coverage is not None
    assert counts["escalation"] == len(sample.journeys.escalations)
    assert counts["coverage"] == sum(len(c.marks) for c in sample.coverage.channels)
    assert counts["remedy"] == len(sample.remedies) * 8
    assert sample.empowerment is not None
    assert counts["team"] == 2 * len(sample.empowerment.teams)
    assert counts["clock"] == 1


def test_signals_are_rows_like_comparisons(sample: Report) -> None:
    rows = [r for r in parsed(sample) if r["record"] == "signal"]
    for row, c in zip(rows, sample.signals, strict=True):
        assert (row["metric"], row["channel"], row["reference"]) == (
            c.metric,
            c.channel,
            c.reference,
        )
        assert row["family"] == c.family
        assert row["severity"] == c.severity
        assert row["estimate"] == ("" if c.estimate is None else repr(c.estimate))
        assert row["n"] == str(c.n)


def test_escalations_and_coverage_carry_their_counts(sample: Report) -> None:
    rows = parsed(sample)
    assert sample.journeys is not None
    e = max(sample.journeys.escalations, key=lambda e: e.escalated)
    [row] = [
        r
        for r in rows
        if r["record"] == "escalation"
        and (r["reference"], r["channel"]) == (e.from_channel, e.to_channel)
    ]
    assert (row["n"], row["count"], row["value"]) == (
        str(e.contacts),
        str(e.escalated),
        repr(e.rate),
    )
    assert sample.coverage is not None
    mark = sample.coverage.channels[0].marks[0]
    [cov] = [
        r
        for r in rows
        if r["record"] == "coverage"
        and r["channel"] == sample.coverage.channels[0].channel
        and r["metric"] == f"reply_within_{mark.label}"
    ]
    assert (cov["n"], cov["count"]) == (str(mark.eligible), str(mark.answered))


def test_formulas_are_neutralised_and_small_teams_suppressed(tmp_path: Path) -> None:
    rows = contacts("phone", 60, answered=0.9, wait_s=1200)
    rows += contacts("social", 60, answered=0.9, wait_s=300, start=100)
    teams = [
        "=cmd|' /C calc'!A0" if i < 60 else "+tiny" if i > 116 else "@desk" for i in range(120)
    ]
    path = write_csv(
        tmp_path / "x.csv",
        [*HEADER, "agent_team"],
        [[*row, team] for row, team in zip(rows, teams, strict=True)],
    )
    report = api.report(api.Source(paths=[path]), api.Scope(), config.Settings(), trend=False)
    text = csv_.render(report)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert "'@desk" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
    negative = [r["estimate"] for r in parsed(report) if r["estimate"].startswith(("-", "'-"))]
    assert negative
    assert all(v.startswith("-") for v in negative)  # numbers stay numbers
    tiny = [r for r in parsed(report) if r["team"] == "'+tiny"]
    assert len(tiny) == 2
    assert all(r["value"] == "" and r["note"].startswith("suppressed") for r in tiny)
