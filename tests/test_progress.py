"""Progress bars: on a terminal after a delay, and not one byte on stderr otherwise."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from parity.commands import progress_bar
from parity.commands.progress_bar import DelayedBar
from tests.conftest import SAMPLE_DATA


def terminal() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=80), buf


def test_the_bar_appears_only_after_the_delay() -> None:
    console, buf = terminal()
    with DelayedBar(console, delay=0.3) as bar:
        bar("Reading exports", 0, 2)
        assert buf.getvalue() == ""  # work that ends before the delay shows nothing
        assert not bar.shown
        time.sleep(0.8)  # one long step: the timer shows the bar meanwhile
        assert bar.shown
        bar("Reading exports", 1, 2)
        time.sleep(0.2)
    shown = buf.getvalue()
    assert "Reading exports" in shown
    assert "1/2" in shown


def test_quick_work_draws_nothing() -> None:
    console, buf = terminal()
    with DelayedBar(console, delay=5.0) as bar:
        for done in range(3):
            bar("Computing the report", done, 3)
    assert buf.getvalue() == ""


def test_a_fake_terminal_gets_the_bar_and_stdout_only_the_document(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(progress_bar, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(progress_bar, "DELAY", 0.0)
    target = tmp_path / "r.json"
    run = cli("report", SAMPLE_DATA, "-f", "json", "-o", target)
    assert run.exit_code == 0
    assert run.stdout == ""
    assert "Reading exports" in run.stderr or "Computing the report" in run.stderr
    json.loads(target.read_text(encoding="utf-8"))
    quiet = cli("summary", "--db", tmp_path / "none.duckdb", "--quiet")
    assert "━" not in quiet.stderr  # --quiet: no bar even on a terminal


def test_not_a_terminal_not_a_byte(cli) -> None:
    run = cli("check", SAMPLE_DATA, "-f", "json")  # CliRunner's stderr is no terminal
    assert run.stderr == ""
    piped = subprocess.run(
        [sys.executable, "-m", "parity", "report", str(SAMPLE_DATA), "-f", "json"],
        capture_output=True,
        check=True,
        timeout=300,
    )
    assert piped.stderr == b""
    json.loads(piped.stdout)


def test_a_real_terminal_on_stderr_sees_the_bar_and_stdout_stays_clean(tmp_path: Path) -> None:
    """stderr on a pseudo-terminal, stdout on a pipe: the bar was drawn (the report with
    its weekly trend takes longer than the one-second delay), stdout got nothing and the
    JSON written parses."""
    target = tmp_path / "r.json"
    main, secondary = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "parity",
            "report",
            str(SAMPLE_DATA),
            "-f",
            "json",
            "--trend",  # a report per week: longer than the bar's one-second delay
            "-o",
            str(target),
        ],
        stdout=subprocess.PIPE,
        stderr=secondary,
        stdin=subprocess.DEVNULL,
    )
    os.close(secondary)
    drawn = b""
    while True:
        ready, _, _ = select.select([main], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the process closed the terminal
                break
            if not chunk:
                break
            drawn += chunk
        elif proc.poll() is not None:
            break
    assert proc.wait(timeout=300) == 0
    assert proc.stdout is not None
    with proc.stdout:
        out = proc.stdout.read()
    os.close(main)
    assert out == b""
    json.loads(target.read_text(encoding="utf-8"))
    assert b"Weekly trend" in drawn
