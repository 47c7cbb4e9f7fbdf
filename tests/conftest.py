"""Shared fixtures: writing small exports, running the CLI with stdout and stderr apart."""

from __future__ import annotations

import csv
import functools
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.testing
from typer.testing import CliRunner

from parity.cli import app
from parity.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "sample_data"
# The real public exports (see shared/realdata/README.md); a worktree sets PARITY_REALDATA.
REALDATA = Path(os.environ.get("PARITY_REALDATA") or ROOT.parent / "shared" / "realdata")


# Typer rebuilds the click command on every invocation (about 25 ms): once is enough here.
typer.testing._get_command = functools.lru_cache(maxsize=None)(typer.testing._get_command)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(args: Sequence[str], env: dict[str, str] | None = None) -> Run:
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli() -> Callable[..., Run]:
    return lambda *args, env=None: run_cli([str(a) for a in args], env=env)


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    newline: str = "\n",
    encoding: str = "utf-8",
) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def contacts(store: Store, select: str) -> list[tuple[object, ...]]:
    """`select` over the loaded contacts, in contact_id order."""
    return store.con.execute(f"SELECT {select} FROM contacts ORDER BY contact_id").fetchall()


@pytest.fixture
def make_csv(tmp_path: Path) -> Callable[..., Path]:
    def make(
        name: str, header: Sequence[str], rows: Sequence[Sequence[object]], **kw: object
    ) -> Path:
        return write_csv(tmp_path / name, header, rows, **kw)  # type: ignore[arg-type]

    return make
