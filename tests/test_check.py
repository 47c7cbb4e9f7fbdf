"""`parity check`: exit codes, per-channel thresholds, the baseline gate and every format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from parity import api, config
from parity.errors import ExitCode
from parity.renderers.github import escape_data, escape_property
from tests.conftest import ROOT, SAMPLE_DATA, write_csv

T = "2026-03-02T09:00:00Z"
JUNIT_XSD = ROOT / "tests" / "data" / "junit.xsd"


def exports(folder: Path, rates: dict[str, float], *, n: int = 10_000) -> Path:
    """One file per channel with only a remedy column: the one comparison is remedy_rate."""
    folder.mkdir(parents=True, exist_ok=True)
    for channel, rate in rates.items():
        k = round(rate * n)
        rows = [[f"{channel}-{i}", channel, T, "yes" if i < k else "no"] for i in range(n)]
        write_csv(
            folder / f"{channel}.csv", ["contact_id", "channel", "created_at", "remedy"], rows
        )
    return folder


def mixed(folder: Path) -> Path:
    """social: remedy gap at fail level, csat gap at warn level; sms: too few contacts."""
    folder.mkdir(parents=True, exist_ok=True)
    header = ["contact_id", "channel", "created_at", "remedy", "csat"]
    plan = {
        "phone": (2000, 0.10, [3] * 10),
        "social": (2000, 0.30, [3] * 6 + [4] * 4),  # mean +0.4: warn 0.3, fail 0.6
        "sms": (10, 0.50, [5] * 10),
    }
    for channel, (n, rate, scores) in plan.items():
        rows = [
            [f"{channel}-{i}", channel, T, "yes" if i < rate * n else "no", scores[i % 10]]
            for i in range(n)
        ]
        write_csv(folder / f"{channel}.csv", header, rows)
    return folder


@pytest.mark.parametrize(
    ("rates", "args", "code", "shown"),
    [
        ({"phone": 0.10, "social": 0.10}, [], 0, "PASS: 0 failed, 0 warnings, 1 passed"),
        ({"phone": 0.10, "social": 0.17}, [], 0, "WARN  social vs phone, remedy rate"),
        ({"phone": 0.10, "social": 0.17}, ["--fail-on", "warn"], 1, "WARN  social"),
        ({"phone": 0.10, "social": 0.30}, [], 1, "FAIL  social vs phone, remedy rate"),
        ({"phone": 0.10, "social": 0.30}, ["--fail-on", "fail"], 1, "at or beyond the fail"),
    ],
)
def test_exit_code_matrix(cli, tmp_path: Path, rates, args, code, shown) -> None:
    run = cli("check", exports(tmp_path / "x", rates), *args)
    assert run.exit_code == code, run.stdout + run.stderr
    assert shown in run.stdout
    assert run.stderr == ""


def test_too_few_contacts_is_no_verdict_and_exit_0(cli, tmp_path: Path) -> None:
    run = cli("check", exports(tmp_path / "x", {"phone": 0.1, "social": 0.9}, n=10))
    assert run.exit_code == 0
    assert "1 without a verdict" in run.stdout
    assert "Without a verdict (too few contacts): social remedy rate." in run.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.csv"], ExitCode.USER_ERROR, "missing.csv: no such file or directory"),
        (["--config", "nope.toml"], ExitCode.USER_ERROR, "nope.toml: configuration file not found"),
        (["--baseline", "gone.json"], ExitCode.USER_ERROR, "gone.json: no such file or directory"),
        (
            ["-f", "json", "-o", "no/such/dir/out.json"],
            ExitCode.ENVIRONMENT_FAILURE,
            "cannot write",
        ),
    ],
)
def test_errors_exit_2_or_3_with_one_line(cli, tmp_path, monkeypatch, args, code, message) -> None:
    data = exports(tmp_path / "x", {"phone": 0.10, "social": 0.30})
    monkeypatch.chdir(tmp_path)
    run = cli("check", *([] if args[0] == "missing.csv" else [data]), *args)
    assert run.exit_code == code
    assert run.stdout == ""
    assert run.stderr.startswith("parity: error: ")
    assert run.stderr.count("\n") == 1
    assert message in run.stderr


def test_per_channel_thresholds_apply(cli, tmp_path: Path) -> None:
    data = exports(tmp_path / "x", {"phone": 0.10, "social": 0.30, "chat": 0.30})
    cfg = tmp_path / "parity.toml"
    cfg.write_text("[thresholds.remedy_rate.channels.social]\nfail = 0.5\n", encoding="utf-8")
    run = cli("check", data, "--config", cfg)
    assert run.exit_code == 1  # chat still fails
    assert "WARN  social vs phone, remedy rate" in run.stdout
    assert "below fail (≥ 50.0 pts)" in run.stdout
    assert "FAIL  chat vs phone, remedy rate" in run.stdout
    cfg.write_text(
        "[thresholds.remedy_rate.channels.social]\nfail = 0.5\n"
        "[thresholds.remedy_rate.channels.chat]\nfail = 0.5\n"
        "[thresholds.remedy_rate.channels.fax]\nfail = 0.5\n",
        encoding="utf-8",
    )
    relaxed = cli("check", data, "--config", cfg)
    assert relaxed.exit_code == 0
    assert "note: thresholds name channel 'fax', which the data does not have" in relaxed.stdout


# -- baseline -----------------------------------------------------------------------------------


def save_baseline(cli, tmp_path: Path, rates: dict[str, float]) -> Path:
    target = tmp_path / "baseline.json"
    data = exports(tmp_path / "then", rates)
    assert cli("report", data, "-f", "json", "-o", target).exit_code == 0
    return target


def test_a_gap_that_widened_past_its_margin_fails_under_the_thresholds(cli, tmp_path) -> None:
    baseline = save_baseline(cli, tmp_path, {"phone": 0.10, "social": 0.11})
    now = exports(tmp_path / "now", {"phone": 0.10, "social": 0.145})
    assert cli("check", now).exit_code == 0  # 4.5 points: under the 5-point warn level
    run = cli("check", now, "--baseline", baseline)
    assert run.exit_code == 1, run.stdout
    assert "widened since the baseline from +1.0 pts to +4.5 pts (margin ≥ 2.5 pts)" in run.stdout
    doc = json.loads(cli("check", now, "--baseline", baseline, "-f", "json").stdout)
    (item,) = doc["checks"]
    assert item["outcome"] == "fail"
    assert item["reasons"] == ["widened"]
    moved = item["since_baseline"]
    assert moved["trend"] == "widening"
    assert moved["widened_by"] == pytest.approx(0.035)
    assert moved["ci"][0] > 0  # beyond noise
    assert doc["baseline"] == {"file": str(baseline), "as_of": "2026-03-02T09:00:00Z"}


@pytest.mark.parametrize(
    ("then", "now", "config_text", "trend", "code"),
    [
        (0.13, 0.145, "", "stable", 0),  # 1.5 points: below the 2.5-point margin
        (0.145, 0.11, "", "narrowing", 0),
        (0.11, 0.145, "[thresholds.remedy_rate]\nmargin = 0.05\n", "stable", 0),
        (0.11, 0.145, "[thresholds.remedy_rate.channels.social]\nmargin = 0.01\n", "widening", 1),
    ],
)
def test_baseline_trends(cli, tmp_path, then, now, config_text, trend, code) -> None:
    baseline = save_baseline(cli, tmp_path, {"phone": 0.10, "social": then})
    data = exports(tmp_path / "now", {"phone": 0.10, "social": now})
    cfg = tmp_path / "parity.toml"
    cfg.write_text(config_text, encoding="utf-8")
    run = cli("check", data, "--baseline", baseline, "--config", cfg, "-f", "json")
    assert run.exit_code == code
    (item,) = json.loads(run.stdout)["checks"]
    assert item["since_baseline"]["trend"] == trend


def test_a_check_json_is_a_baseline_too(cli, tmp_path: Path) -> None:
    data = exports(tmp_path / "then", {"phone": 0.10, "social": 0.11})
    saved = tmp_path / "check.json"
    cli("check", data, "-f", "json", "-o", saved)
    now = exports(tmp_path / "now", {"phone": 0.10, "social": 0.145})
    assert cli("check", now, "--baseline", saved).exit_code == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"a": 1,,}', "baseline.json:1:9: not valid JSON: Expecting property name"),
        ("{}", "baseline.json: not a parity JSON report (no comparisons list)"),
        (
            '{"schema_version": 1, "reference_channel": "phone", "comparisons": [{"metric": 3}]}',
            "baseline.json: comparisons[0]: metric: expected a name",
        ),
    ],
)
def test_bad_baselines_are_user_errors(cli, tmp_path: Path, content: str, message: str) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content, encoding="utf-8")
    data = exports(tmp_path / "x", {"phone": 0.10, "social": 0.11})
    run = cli("check", data, "--baseline", baseline)
    assert run.exit_code == 2
    assert message in run.stderr


def test_a_baseline_against_another_reference_is_refused(cli, tmp_path: Path) -> None:
    baseline = save_baseline(cli, tmp_path, {"phone": 0.10, "social": 0.11})
    cfg = tmp_path / "parity.toml"
    cfg.write_text('reference = "social"\n', encoding="utf-8")
    data = exports(tmp_path / "now", {"phone": 0.10, "social": 0.11})
    run = cli("check", data, "--baseline", baseline, "--config", cfg)
    assert run.exit_code == 2
    assert "compares channels with 'phone' but this check with 'social'" in run.stderr


# -- formats ------------------------------------------------------------------------------------


def test_json_is_the_library_result_and_nothing_else(cli, tmp_path: Path) -> None:
    data = mixed(tmp_path / "x")
    run = cli("check", data, "-f", "json")
    assert run.exit_code == 1
    assert run.stderr == ""
    doc = json.loads(run.stdout)
    library = api.check(api.Source(paths=[data]), config.Settings()).to_dict()
    for d in (doc, library):
        d["report"].pop("generated_at")
    assert doc == library
    assert doc["status"] == "fail"
    assert doc["counts"] == {"fail": 1, "warn": 1, "pass": 0, "skipped": 2}
    assert list(doc)[:3] == ["schema_version", "status", "counts"]


def test_junit_is_valid_and_has_one_test_case_per_comparison(cli, tmp_path: Path) -> None:
    data = mixed(tmp_path / "x")
    target = tmp_path / "parity.xml"
    run = cli("check", data, "-f", "junit", "-o", target)
    assert run.exit_code == 1
    assert run.stdout == run.stderr == ""
    xmlschema.XMLSchema(JUNIT_XSD).validate(str(target))
    root = ET.parse(target).getroot()
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "1", "0")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"parity: social vs phone", "parity: sms vs phone"}
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    assert set(cases) == {
        ("parity.social", "remedy_rate"),
        ("parity.social", "csat"),
        ("parity.sms", "remedy_rate"),
        ("parity.sms", "csat"),
    }
    failure = cases[("parity.social", "remedy_rate")].find("failure")
    assert failure is not None
    assert failure.get("type") == "fail"
    assert "at or beyond the fail level (≥ 10.0 pts)" in (failure.text or "")
    assert failure.get("message") == failure.text
    warning = cases[("parity.social", "csat")]
    assert warning.find("failure") is None
    out = warning.find("system-out")
    assert out is not None
    assert (out.text or "").startswith("WARNING: social vs phone, CSAT: gap +0.40")
    skipped = cases[("parity.sms", "csat")].find("skipped")
    assert skipped is not None
    assert "fewer than 30" in (skipped.get("message") or "")
    assert suites["parity: sms vs phone"].get("skipped") == "2"
    props = {
        p.get("name"): p.get("value") for p in suites["parity: social vs phone"].iter("property")
    }
    assert props["warnings"] == "1"
    assert props["reference_channel"] == "phone"


def test_junit_of_the_sample_data_validates(cli) -> None:
    run = cli("check", SAMPLE_DATA, "-f", "junit")
    schema = xmlschema.XMLSchema(JUNIT_XSD)
    schema.validate(ET.fromstring(run.stdout))
    assert len(list(ET.fromstring(run.stdout).iter("testcase"))) == run.stdout.count("<testcase")


def test_github_escapes_data_and_properties() -> None:
    assert escape_data("50 % done\r\nnext") == "50 %25 done%0D%0Anext"
    assert escape_property("a: b, c%\n") == "a%3A b%2C c%25%0A"
    assert escape_data("::error::x") == "::error::x"  # harmless inside a message: one line


def test_github_annotations_and_step_summary(cli, tmp_path: Path) -> None:
    data = mixed(tmp_path / "x")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    run = cli("check", data, "-f", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[0].startswith("::error title=parity%3A social vs phone%2C remedy rate::gap +20.0")
    assert lines[1].startswith("::warning title=parity%3A social vs phone%2C CSAT::gap +0.40")
    assert lines[2] == (
        "parity check: FAIL: 1 failed, 1 warning, 0 passed, 2 without a verdict (insufficient data)"
    )
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### parity check: fail\n")
    assert "| fail | social | Remedy rate | +20.0 pts | social |" in text
    assert "| warn | social | CSAT | +0.40 | social |" in text


def test_github_without_a_step_summary_writes_no_file(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    run = cli("check", exports(tmp_path / "x", {"phone": 0.1, "social": 0.1}), "-f", "github")
    assert run.exit_code == 0
    assert run.stdout.splitlines() == [
        "parity check: PASS: 0 failed, 0 warnings, 1 passed, "
        "0 without a verdict (insufficient data)"
    ]


def test_check_reads_the_database(cli, tmp_path: Path) -> None:
    data = exports(tmp_path / "x", {"phone": 0.10, "social": 0.30})
    db = tmp_path / "p.duckdb"
    assert cli("import", data, "--db", db).exit_code == 0
    run = cli("check", "--db", db, "-f", "json")
    assert run.exit_code == 1
    assert json.loads(run.stdout)["counts"]["fail"] == 1


def test_a_single_channel_has_nothing_to_check_and_says_so(cli, tmp_path: Path) -> None:
    run = cli("check", exports(tmp_path / "x", {"phone": 0.1}))
    assert run.exit_code == 0
    assert "note: nothing to check: the data has only the reference channel" in run.stdout
