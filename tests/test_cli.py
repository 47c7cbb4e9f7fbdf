"""The command line: outputs on stdout only, one-line errors on stderr, exit codes."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from parity import api, config, journey_index
from parity.errors import ExitCode
from tests.conftest import SAMPLE_DATA, write_csv


def test_report_table_on_the_sample_data_shows_every_channel(cli) -> None:
    run = cli("report", SAMPLE_DATA)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    for name in ("phone (ref)", "email", "chat", "social", "Hold time, median", "CSAT, mean"):
        assert name in run.stdout


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_machine_formats_write_only_the_document(cli, fmt: str) -> None:
    run = cli("report", SAMPLE_DATA, "--format", fmt)
    assert run.exit_code == 0
    assert run.stderr == ""
    if fmt == "json":
        doc = json.loads(run.stdout)
        assert doc["schema_version"] == 1
        assert {c["channel"] for c in doc["channels"]} == {"phone", "email", "chat", "social"}
    elif fmt == "csv":
        assert run.stdout.startswith("record,channel,metric,value")
    else:
        assert run.stdout.startswith("# Channel parity report")


def test_cli_json_equals_the_library_report(cli) -> None:
    run = cli("report", SAMPLE_DATA, "--format", "json")
    library = api.report(
        api.Source(paths=[SAMPLE_DATA]), api.Scope(), config.Settings(), trend=False
    )
    got, want = json.loads(run.stdout), library.to_dict()
    for doc in (got, want):
        doc.pop("generated_at")
    assert got == want


def test_json_has_the_spec_keys(cli) -> None:
    doc = json.loads(cli("report", SAMPLE_DATA, "--format", "json").stdout)
    assert list(doc)[:8] == [
        "schema_version", "generated_at", "as_of", "period", "reference_channel", "channels",
        "comparisons", "data_quality",
    ]  # fmt: skip
    assert set(doc["data_quality"]) >= {"rows_read", "rows_loaded", "rows_rejected", "rows_skipped"}
    dq = doc["data_quality"]
    assert dq["rows_read"] == dq["rows_loaded"] + dq["rows_rejected"] + dq["rows_skipped"]
    keys = {
        "metric", "channel", "reference", "value", "reference_value", "difference", "ratio", "ci",
        "p_value", "p_adjusted", "test", "adjusted_for", "favours", "flagged", "severity",
    }  # fmt: skip
    assert doc["comparisons"]
    for item in doc["comparisons"]:
        assert keys <= set(item)
    metrics = doc["channels"][0]["metrics"]
    assert "first_response_time_median_s" in metrics
    assert "csat_responses" in metrics


def test_output_file_and_nothing_on_stdout(cli, tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    run = cli("report", SAMPLE_DATA, "--format", "json", "--output", target)
    assert run.exit_code == 0
    assert run.stdout == ""
    assert json.loads(target.read_text())["reference_channel"] == "phone"
    assert not list(tmp_path.glob(".r.json.*"))  # no temporary file left behind


def test_since_until_filter_the_period(cli) -> None:
    doc = json.loads(
        cli(
            "report", SAMPLE_DATA, "-f", "json", "--since", "2026-09-01", "--until", "2026-09-30"
        ).stdout
    )
    assert doc["period"]["start"] >= "2026-09-01"
    assert doc["period"]["end"] < "2026-10-01"


def test_import_then_report_from_the_database(cli, tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    first = cli("import", SAMPLE_DATA, "--db", db)
    assert first.exit_code == 0, first.stderr
    assert "phone.csv: read 11,000, loaded 11,000, rejected 0, skipped 0" in first.stdout
    again = cli("import", SAMPLE_DATA / "phone.csv", "--db", db)
    assert "already imported, nothing changed" in again.stdout
    from_db = json.loads(cli("report", "--db", db, "-f", "json").stdout)
    from_files = json.loads(cli("report", SAMPLE_DATA, "-f", "json").stdout)
    assert from_db["channels"] == from_files["channels"]


def test_rejects_lists_lines_and_hides_values(cli, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        ["contact_id", "channel", "created_at", "customer_id"],
        [["1", "phone", "2026-03-02T09:00:00Z", "bob"], ["2", "phone", "31/12/2026", "alice"]],
    )
    db = tmp_path / "p.duckdb"
    assert cli("import", path, "--db", db).exit_code == 0
    hidden = cli("rejects", "--db", db)
    assert hidden.stdout == (
        "bad.csv:3: bad_timestamp: created_at: <value hidden> is not an ISO 8601 timestamp\n"
    )
    shown = cli("rejects", "--db", db, "--show-values")
    assert "'31/12/2026'" in shown.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["report", "missing.csv"], ExitCode.USER_ERROR, "missing.csv: no such file or directory"),
        (["report", "--db", "nowhere.duckdb"], ExitCode.USER_ERROR, "no database here"),
        (
            ["report", str(SAMPLE_DATA), "--reference", "fax"],
            ExitCode.USER_ERROR,
            "'fax' has no contacts",
        ),
        (
            ["report", str(SAMPLE_DATA), "--since", "last tuesday"],
            ExitCode.USER_ERROR,
            "is not a date",
        ),
        (["demo", "--rows", "-5"], ExitCode.USER_ERROR, "rows must be"),
    ],
)
def test_user_errors_are_one_line_with_exit_2(cli, tmp_path, monkeypatch, args, code, message):
    monkeypatch.chdir(tmp_path)
    run = cli(*args)
    assert run.exit_code == code
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith("parity: error: ")
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_missing_column_names_file_line_and_column(cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["contact_id", "channel"], [["1", "phone"]])
    run = cli("report", path)
    assert run.exit_code == 2
    assert run.stderr == (
        f"parity: error: {path}:1: required column 'created_at' is missing from the header; "
        "rename the column or pass --profile NAME\n"
    )


def test_debug_shows_the_traceback(cli) -> None:
    run = cli("report", "missing.csv", "--debug")
    assert run.exit_code == 2
    assert "Traceback" in run.stderr


def test_debug_shows_a_journey_pairing_done_in_parts(cli, monkeypatch) -> None:
    """What the library notes without printing (a pairing that ran short of memory, which
    makes a report seconds slower) is shown with --debug only: make bench reads it."""
    real = journey_index._fill

    def short_whole(con, table, everyone, clear, parts) -> None:
        if parts == 1:
            raise duckdb.OutOfMemoryException("Out of Memory Error: planted")
        real(con, table, everyone, clear, parts)

    monkeypatch.setattr(journey_index, "_fill", short_whole)
    quiet = cli("report", SAMPLE_DATA, "-f", "json")
    loud = cli("report", SAMPLE_DATA, "-f", "json", "--debug")
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert loud.exit_code == 0
    assert loud.stderr == (
        "parity: debug: the journey pairing ran out of memory whole and was done in 4 parts; "
        "a higher memory_limit pairs whole, faster\n"
    )
    assert json.loads(loud.stdout)["journeys"] == json.loads(quiet.stdout)["journeys"]
    assert not logging.getLogger("parity").handlers  # the command took its handler away


def test_unwritable_output_is_an_environment_failure(cli, tmp_path: Path) -> None:
    run = cli("report", SAMPLE_DATA, "-f", "json", "-o", tmp_path / "no" / "such" / "dir.json")
    assert run.exit_code == ExitCode.ENVIRONMENT_FAILURE
    assert run.stderr.startswith("parity: error: ")
    assert run.stderr.count("\n") == 1


def test_usage_errors_are_one_line_too() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "parity", "report", "--no-such-option"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "No such option: --no-such-option" in done.stderr


def test_demo_writes_files_the_report_reads(cli, tmp_path: Path) -> None:
    run = cli("demo", "--out", tmp_path / "d", "--rows", "2000", "--seed", "3")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(cli("report", tmp_path / "d", "-f", "json").stdout)
    assert {c["channel"] for c in doc["channels"]} == {"phone", "email", "chat", "social"}


def test_the_weekly_trend_is_in_json_only_when_asked(cli) -> None:
    """A report per week is costly on big data: JSON carries the trend with --trend only."""
    plain = json.loads(cli("report", SAMPLE_DATA, "-f", "json").stdout)
    assert plain["weekly"] is None
    asked = json.loads(cli("report", SAMPLE_DATA, "-f", "json", "--trend").stdout)
    assert len(asked["weekly"]["weeks"]) >= 3
    assert asked["weekly"]["gaps"]
