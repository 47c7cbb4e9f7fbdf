"""Files written with --output: atomic, and readable by whoever the umask lets read them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from parity.files import atomic_write, replacing
from tests.conftest import SAMPLE_DATA


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process umask after a test that sets it."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_the_umask_allows(
    tmp_path: Path, umask: None, mask: int, expected: int
) -> None:
    os.umask(mask)
    target = tmp_path / "report.html"
    atomic_write(target, b"<p>hello</p>")
    assert target.read_bytes() == b"<p>hello</p>"
    assert mode(target) == expected


def test_a_report_once_written_0600_is_shareable_again(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "week.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)  # as parity wrote it before
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode(target) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    target.write_text("old", encoding="utf-8")

    def half_then_fail() -> None:
        with replacing(target) as fh:
            fh.write(b"half")
            raise RuntimeError("disk full, say")

    with pytest.raises(RuntimeError):
        half_then_fail()
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week.md"]


@pytest.mark.parametrize("fmt", ["html", "csv"])
def test_cli_output_is_shareable(cli, tmp_path: Path, umask: None, fmt: str) -> None:
    os.umask(0o022)
    target = tmp_path / f"report.{fmt}"
    run = cli("report", SAMPLE_DATA, "--format", fmt, "--output", target)
    assert run.exit_code == 0, run.stderr
    assert mode(target) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
