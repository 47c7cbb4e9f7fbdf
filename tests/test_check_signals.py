"""`parity check` on the two-tier signals: their thresholds, escalation levels, every format.

The exports are built so that one signal decides the run: all contacts are
resolved, so the apology-only rate is one minus the remedy rate, and the
remedy-rate comparison itself is given levels it cannot reach.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import xmlschema

from tests.conftest import ROOT, write_csv

T = datetime(2026, 3, 2, 9, tzinfo=UTC)
JUNIT_XSD = ROOT / "tests" / "data" / "junit.xsd"
QUIET_REMEDY = "[thresholds.remedy_rate]\nwarn = 0.9\nfail = 0.95\n"


def apology(folder: Path, remedy: dict[str, float], n: int = 2000) -> Path:
    """Every contact resolved an hour in; `remedy[channel]` of them with a remedy."""
    folder.mkdir(parents=True, exist_ok=True)
    header = ["contact_id", "channel", "created_at", "resolved_at", "remedy"]
    for channel, share in remedy.items():
        rows = [
            [
                f"{channel}-{i}",
                channel,
                T.isoformat(),
                (T + timedelta(hours=1)).isoformat(),
                "yes" if i < share * n else "no",
            ]
            for i in range(n)
        ]
        write_csv(folder / f"{channel}.csv", header, rows)
    return folder


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "parity.toml"
    path.write_text(QUIET_REMEDY + text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("social", "levels", "args", "code", "shown"),
    [
        (0.50, "", [], 0, "PASS: 0 failed, 0 warnings, 4 passed"),
        (0.57, "", [], 0, "WARN  social vs phone, apology only: gap -7.0 pts"),
        (0.57, "", ["--fail-on", "warn"], 1, "WARN  social vs phone, apology only"),
        (0.70, "", [], 1, "FAIL  social vs phone, apology only: gap -20.0 pts"),
        (
            0.70,
            "[thresholds.apology_only_rate]\nwarn = 0.1\nfail = 0.3\n",
            [],
            0,
            "beyond the warn level (≥ 10.0 pts), below fail (≥ 30.0 pts)",
        ),
        (
            0.70,
            "[thresholds.apology_only_rate.channels.social]\nfail = 0.3\n",
            [],
            0,
            "WARN  social vs phone, apology only",
        ),
        (0.57, "[thresholds.apology_only_rate]\nwarn = 0.01\nfail = 0.05\n", [], 1, "FAIL  social"),
    ],
)
def test_exit_code_matrix_of_a_signal(
    cli, tmp_path: Path, social: float, levels: str, args, code: int, shown: str
) -> None:
    data = apology(tmp_path / "x", {"phone": 0.50, "social": social})
    run = cli("check", data, "--config", config(tmp_path, levels), *args)
    assert run.exit_code == code, run.stdout + run.stderr
    assert shown in run.stdout
    assert run.stderr == ""


def test_every_format_covers_the_signals(cli, tmp_path: Path) -> None:
    data = apology(tmp_path / "x", {"phone": 0.50, "social": 0.70})
    cfg = config(tmp_path, "")
    doc = json.loads(cli("check", data, "--config", cfg, "-f", "json").stdout)
    checks = {(c["family"], c["metric"], c["channel"]): c for c in doc["checks"]}
    item = checks[("remedies", "apology_only_rate", "social")]
    assert (item["outcome"], item["reasons"]) == ("fail", ["fail_level"])
    assert item["thresholds"]["fail"] == {"absolute": 0.1, "relative": None}
    assert checks[("channels", "remedy_rate", "social")]["outcome"] == "pass"
    assert [c["family"] for c in doc["checks"]] == ["channels"] * 3 + ["remedies"]

    target = tmp_path / "parity.xml"
    assert cli("check", data, "--config", cfg, "-f", "junit", "-o", target).exit_code == 1
    xmlschema.XMLSchema(JUNIT_XSD).validate(str(target))
    root = ET.parse(target).getroot()
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"parity: social vs phone", "parity remedy parity: social"}
    case = next(c for c in root.iter("testcase") if c.get("classname") == "parity.remedies.social")
    assert case.get("name") == "apology_only_rate"
    failure = case.find("failure")
    assert failure is not None
    assert "social vs phone, apology only: gap -20.0 pts" in (failure.text or "")

    github = cli("check", data, "--config", cfg, "-f", "github").stdout.splitlines()
    assert github[0].startswith("::error title=parity%3A social vs phone%2C apology only::gap")

    text = cli("check", data, "--config", cfg).stdout
    assert "FAIL: 1 failed, 0 warnings, 3 passed" in text


def journeys(folder: Path, *, escalated: int, contacts: int = 400) -> Path:
    """Phone callers of whom `escalated` post on social the next day, and a later call
    that moves the as-of time past every 7-day window."""
    folder.mkdir(parents=True, exist_ok=True)
    header = ["contact_id", "channel", "created_at", "customer_id"]
    phone = [[f"p{i}", "phone", T.isoformat(), f"c{i}"] for i in range(contacts)]
    phone.append(["late", "phone", (T + timedelta(days=30)).isoformat(), "someone-else"])
    social = [
        [f"s{i}", "social", (T + timedelta(days=1)).isoformat(), f"c{i}"] for i in range(escalated)
    ]
    social += [
        [f"s-new{i}", "social", (T + timedelta(hours=i)).isoformat(), f"n{i}"] for i in range(60)
    ]
    write_csv(folder / "phone.csv", header, phone)
    write_csv(folder / "social.csv", header, social)
    return folder


@pytest.mark.parametrize(
    ("levels", "code", "shown"),
    [
        ("", 0, "PASS"),
        (
            "[thresholds.escalation_rate]\nwarn = 0.05\nfail = 0.5\n",
            0,
            "WARN  phone → social, escalation rate: rate 20.0 %",
        ),
        (
            "[thresholds.escalation_rate]\nwarn = 0.05\nfail = 0.1\n",
            1,
            "FAIL  phone → social, escalation rate: rate 20.0 %",
        ),
        (
            "[thresholds.escalation_rate]\nwarn = 0.05\nfail = 0.1\n"
            "[thresholds.escalation_rate.channels.social]\nwarn = 0.3\nfail = 0.5\n",
            0,
            "PASS",
        ),
    ],
)
def test_escalation_levels_drive_the_exit_code(
    cli, tmp_path: Path, levels: str, code: int, shown: str
) -> None:
    data = journeys(tmp_path / "x", escalated=80)
    run = cli("check", data, "--config", config(tmp_path, levels))
    assert run.exit_code == code, run.stdout
    assert shown in run.stdout
    doc = json.loads(cli("check", data, "--config", config(tmp_path, levels), "-f", "json").stdout)
    levels_checked = [c for c in doc["checks"] if c["metric"] == "escalation_rate"]
    assert len(levels_checked) == (2 if levels else 0)  # phone→social and social→phone
    for item in levels_checked:
        assert item["family"] == "journeys"
        assert item["since_baseline"] is None


def test_a_baseline_gates_the_signals_too(cli, tmp_path: Path) -> None:
    levels = "[thresholds.apology_only_rate]\nwarn = 0.5\nfail = 0.6\nmargin = 0.05\n"
    cfg = config(tmp_path, levels)
    then = apology(tmp_path / "then", {"phone": 0.50, "social": 0.52})
    baseline = tmp_path / "baseline.json"
    assert cli("report", then, "-f", "json", "-o", baseline, "--config", cfg).exit_code == 0
    now = apology(tmp_path / "now", {"phone": 0.50, "social": 0.70})
    run = cli("check", now, "--baseline", baseline, "--config", cfg)
    assert run.exit_code == 1, run.stdout
    assert "FAIL  social vs phone, apology only" in run.stdout
    assert "widened since the baseline" in run.stdout


def test_an_old_baseline_without_signals_notes_them_as_new(cli, tmp_path: Path) -> None:
    cfg = config(tmp_path, "")
    data = apology(tmp_path / "x", {"phone": 0.50, "social": 0.50})
    baseline = tmp_path / "baseline.json"
    cli("report", data, "-f", "json", "-o", baseline, "--config", cfg)
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    del doc["signals"]
    baseline.write_text(json.dumps(doc), encoding="utf-8")
    run = cli("check", data, "--baseline", baseline, "--config", cfg)
    assert run.exit_code == 0
    assert (
        "note: 1 signal verdict(s) are new since the baseline (not compared with it): "
        "social apology_only_rate" in run.stdout
    )
