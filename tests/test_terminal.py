"""The terminal report fits an 80-column terminal: nothing cut, nothing wider."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from parity import api, config
from parity.renderers import terminal
from parity.report import Report
from tests.conftest import SAMPLE_DATA


@pytest.fixture(scope="module")
def sample() -> Report:
    return api.report(api.Source(paths=[SAMPLE_DATA]), api.Scope(), config.Settings(), trend=False)


def rendered(report: Report, width: int) -> list[str]:
    buf = io.StringIO()
    terminal.render(report, Console(file=buf, width=width, color_system=None))
    return buf.getvalue().splitlines()


def test_every_line_fits_80_columns_and_nothing_is_cut(sample: Report) -> None:
    lines = rendered(sample, 80)
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert not [line for line in lines if "…" in line]  # no header or cell cut short
    text = "\n".join(lines)
    for heading in ("Favours", "Apology only", "p25–p75", "Escalated", "within 24 h"):
        assert heading in text
    for c in sample.comparisons:
        assert c.channel in text


def test_the_gaps_keep_their_interval_p_value_and_verdict(sample: Report) -> None:
    lines = rendered(sample, 80)
    row = next(line for line in lines if line.startswith("Remedy rate") and "social" in line)
    assert "+42.7 pts" in row
    assert "+40.3 to +45.2 pts" in row
    assert "<0.0001" in row
    assert "social (fail)" in row
    time_row = next(line for line in lines if "−19.0 min" in line)
    assert "−19.3 to −18.6 min" in time_row  # the unit once when both sides share it


def test_signal_verdicts_name_where_journeys_started(sample: Report) -> None:
    text = "\n".join(rendered(sample, 100))
    assert "phone → social" in text
    assert "Remedy parity against the reference" in text
