"""Hostile names — SQL, HTML, Markdown, spreadsheet formulas, terminal markup and escape
sequences, line breaks — in channels, teams, categories and file names: stored verbatim,
shown verbatim and inert in every output format."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from parity.store import Store
from tests.conftest import run_cli, write_csv

SQL = "x'); drop table contacts; --"
SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /c calc'!a1"
MARKUP = "[bold red]loud[/] | *not* `code`"
BREAK = "two\nlines"
ESCAPE = "\x1b[31mred\x1b[0m"
CHANNELS = ("phone", SQL, SCRIPT, FORMULA, MARKUP, BREAK, ESCAPE)
TEAMS = ("@team", "-team", "+1 team", "<b>team</b>", "team|[i]x[/i]")
FILES = ("O'Brien.csv", "x'); DROP TABLE contacts; --.csv", "<img src=x onerror=alert(1)>.csv")
HEADER = ["contact_id", "channel", "created_at", "first_response_at", "remedy", "agent_team",
          "category", "segment"]  # fmt: skip


def rows(channel: str, n: int, start: int) -> list[list[object]]:
    base = datetime(2026, 3, 2, 9, tzinfo=UTC)
    out: list[list[object]] = []
    for i in range(n):
        created = base + timedelta(minutes=41 * (start + i))
        wait = timedelta(minutes=5 + (i % 9) * (3 if channel == "phone" else 1))
        out.append(
            [f"{start + i}", channel, created.isoformat(), (created + wait).isoformat(),
             "true" if i % 3 else "false", TEAMS[i % len(TEAMS)], SQL if i % 2 else SCRIPT,
             FORMULA]
        )  # fmt: skip
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    data = [rows(c, 40, 100 * i) for i, c in enumerate(CHANNELS)]
    paths = [
        write_csv(folder / FILES[0], HEADER, data[0] + data[1]),
        write_csv(folder / FILES[1], HEADER, data[2] + data[3] + data[4]),
        write_csv(folder / FILES[2], HEADER, data[5] + data[6]),
    ]
    target = folder / "p.duckdb"
    run = run_cli(["import", *map(str, paths), "--db", str(target)])
    assert run.exit_code == 0, run.stderr
    assert "\x1b" not in run.stdout  # file names and notes are printed escaped
    return target


def cli(db: Path, *args: str) -> str:
    run = run_cli([*args, "--db", str(db)])
    assert run.exit_code in (0, 1), run.stderr
    assert run.stderr == ""
    return run.stdout


def test_values_are_stored_verbatim_and_nothing_was_dropped(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        channels = {r[0] for r in store.con.execute("SELECT channel FROM contacts").fetchall()}
        teams = {r[0] for r in store.con.execute("SELECT agent_team FROM contacts").fetchall()}
        cats = {r[0] for r in store.con.execute("SELECT category FROM contacts").fetchall()}
        files = {r[0] for r in store.con.execute("SELECT file_name FROM imports").fetchall()}
        (count,) = store.con.execute("SELECT count(*) FROM contacts").fetchone()  # type: ignore[misc]
    assert channels == {c.lower() for c in CHANNELS}  # channels are lower case (SPEC §2)
    assert teams == set(TEAMS)
    assert cats == {SQL, SCRIPT}
    assert files == set(FILES)
    assert count == 40 * len(CHANNELS)


def test_json_carries_every_name_exactly(db: Path) -> None:
    doc = json.loads(cli(db, "report", "-f", "json"))
    assert {c["channel"] for c in doc["channels"]} == {c.lower() for c in CHANNELS}
    assert {t["team"] for t in doc["empowerment"]["teams"]} == set(TEAMS)
    assert {s["file"] for s in doc["data_quality"]["sources"]} == set(FILES)


def test_csv_neutralises_formulas_and_keeps_the_rest(db: Path) -> None:
    cells = [
        cell for row in csv.reader(io.StringIO(cli(db, "report", "-f", "csv"))) for cell in row
    ]
    assert not any(c[:1] in ("=", "+", "-", "@") for c in cells if not _number(c))
    assert any(c.startswith("-") and _number(c) for c in cells)  # negative figures stay numbers
    assert not any(c.startswith("'") and _number(c[1:]) for c in cells)
    assert "'" + FORMULA in cells
    assert SCRIPT in cells
    assert BREAK in cells  # a quoted cell keeps its line break


def _number(cell: str) -> bool:
    return re.fullmatch(r"-?[\d.]+(e-?\d+)?|-?inf", cell) is not None


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_names_as_text_and_runs_nothing(db: Path) -> None:
    page = _Collect()
    page.feed(cli(db, "report", "-f", "html"))
    assert "script" not in page.tags
    assert "img" not in page.tags
    text = "".join(page.text)
    for name in (SQL, SCRIPT, FILES[1], FILES[2]):
        assert name in text


def test_markdown_cells_stay_cells_and_markup_stays_text(db: Path) -> None:
    text = cli(db, "report", "-f", "markdown")
    assert "<script>" not in text
    assert "<b>" not in text
    assert "\x1b" not in text
    assert "&lt;script&gt;" in text
    assert "&lt;b&gt;team&lt;/b&gt;" in text  # the team table
    (header,) = [line for line in text.splitlines() if "(reference) |" in line]
    assert len(re.findall(r"(?<!\\)\|", header)) == len(CHANNELS) + 2  # a column per channel


def test_the_terminal_table_prints_markup_literally_and_no_escape_sequence(db: Path) -> None:
    text = cli(db, "report")
    assert "[bold red]loud[/]" in text  # rich markup in a name is not applied
    assert "team|[i]x[/i]" in text
    assert "\x1b" not in text  # an escape sequence in a name cannot repaint the terminal
    assert "\\x1b[31mred" in text  # it is shown, escaped


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "json"])
def test_check_outputs_stay_inert(db: Path, fmt: str) -> None:
    text = cli(db, "check", "-f", fmt)
    assert "\x1b" not in text
    lines = text.splitlines()
    if fmt == "text":  # a name cannot start a line: no injected workflow command
        assert not any(line.startswith("::") for line in lines)
    if fmt == "github":
        assert all(line.startswith(("::error ", "::warning ", "parity check")) for line in lines)
        assert any(line.startswith(("::error ", "::warning ")) for line in lines)
    if fmt in ("text", "github"):  # BREAK did not split a line
        assert not any(line.startswith("lines") for line in lines)
    if fmt == "junit":
        names = {case.get("classname") for case in ET.fromstring(text).iter("testcase")}
        assert f"parity.{SCRIPT}" in names


def test_summary_and_rejects_stay_inert(db: Path) -> None:
    summary = cli(db, "summary", "--as-of", "2026-03-16")
    assert "<script>" not in summary
    assert "\x1b" not in summary
    listed = cli(db, "rejects")
    assert listed == "no rejected rows\n"
