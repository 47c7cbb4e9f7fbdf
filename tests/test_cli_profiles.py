"""`parity profiles`, `--profile`, and the profile named in every output."""

from __future__ import annotations

import json
from pathlib import Path

from parity import errors
from parity.importers.profile_files import builtin_names
from tests.conftest import ROOT, write_csv
from tests.test_rebuilds import TWCS_HEADER, TWEETS

SAMPLES = ROOT / "tests" / "data" / "profiles"


def test_profiles_lists_every_built_in_profile(cli) -> None:
    run = cli("profiles")
    assert run.exit_code == 0
    assert run.stderr == ""
    names = [line.split()[0] for line in run.stdout.splitlines() if not line.startswith(" ")]
    assert names == builtin_names()
    assert "recognised only to refuse" in run.stdout
    assert "twcs-by-company" in run.stdout
    assert "[only with --profile]" in run.stdout


def test_profiles_name_shows_each_column_and_what_is_skipped(cli) -> None:
    run = cli("profiles", "amazon-connect")
    assert run.exit_code == 0
    out = run.stdout
    assert out.startswith("amazon-connect: Amazon Connect contact records")
    assert "rebuilt by: parity/importers/latest.py" in out
    assert (
        "hold_seconds      ← Agent.CustomerHoldDuration (seconds) — only when Channel is voice"
        in out
    )
    assert "transfer_leg: the record of a transfer" in out


def test_an_unknown_profile_is_one_line_and_exit_2(cli, tmp_path: Path) -> None:
    run = cli("report", SAMPLES / "zendesk_tickets.csv", "--profile", "freshdesk")
    assert run.exit_code == 2
    assert run.stdout == ""
    expected = errors.UNKNOWN_PROFILE.format(name="freshdesk", names=", ".join(builtin_names()))
    assert run.stderr == f"parity: error: {expected}\n"
    assert cli("profiles", "freshdesk").stderr == run.stderr


def test_import_names_the_detected_profile_and_why_rows_were_skipped(cli, tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    run = cli("import", SAMPLES / "zendesk_tickets.csv", "--db", db)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith(
        f"{SAMPLES / 'zendesk_tickets.csv'}: read 320, loaded 313, rejected 0, skipped 7, "
        "profile zendesk (detected) (skipped: outbound_call 7; "
    )
    doc = json.loads(cli("report", "--db", db, "--format", "json").stdout)
    (source,) = doc["data_quality"]["sources"]
    assert source["profile"] == "zendesk"
    assert source["skipped_by_reason"] == {"outbound_call": 7}
    assert doc["data_quality"]["skipped_by_reason"] == {"outbound_call": 7}


def test_a_named_profile_is_not_called_detected(cli, tmp_path: Path) -> None:
    tweets = write_csv(tmp_path / "t.csv", TWCS_HEADER, TWEETS)
    run = cli("import", tweets, "--db", tmp_path / "p.duckdb", "--profile", "twcs-by-company")
    assert run.exit_code == 0, run.stderr
    assert ", profile twcs-by-company (skipped: " in run.stdout


def test_report_with_a_profile_compares_what_the_profile_makes_the_channel(
    cli, tmp_path: Path
) -> None:
    tweets = write_csv(tmp_path / "t.csv", TWCS_HEADER, TWEETS)
    run = cli("report", tweets, "--profile", "twcs-by-company", "--format", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert {c["channel"]: c["metrics"]["contacts"] for c in doc["channels"]} == {
        "applesupport": 3,
        "sprintcare": 1,
    }
    assert doc["reference_channel"] == "applesupport"  # no phone: the largest group
    assert doc["data_quality"]["sources"][0]["profile"] == "twcs-by-company"


def test_a_profile_file_on_the_command_line(cli, tmp_path: Path) -> None:
    profile = tmp_path / "desk.toml"
    profile.write_text(
        'name = "desk"\ntitle = "Desk"\nsource_system = "Desk"\n'
        '[columns.contact_id]\nfrom = "No"\n[columns.channel]\nvalue = "email"\n'
        '[columns.created_at]\nfrom = "When"\n'
    )
    export = write_csv(tmp_path / "d.csv", ["No", "When"], [["1", "2026-03-02T09:00:00Z"]])
    run = cli("import", export, "--db", tmp_path / "p.duckdb", "--profile", profile)
    assert run.exit_code == 0, run.stderr
    assert "loaded 1, rejected 0, skipped 0, profile desk\n" in run.stdout


def test_the_report_table_names_the_profile_of_each_file(cli) -> None:
    run = cli("report", SAMPLES / "zendesk_tickets.csv", SAMPLES / "zammad_tickets.jsonl")
    assert run.exit_code == 0, run.stderr
    text = " ".join(run.stdout.split())
    assert "Read with: zendesk_tickets.csv (zendesk) · zammad_tickets.jsonl (zammad)" in text
