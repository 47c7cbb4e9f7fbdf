"""Crash safety: `parity import` killed (SIGKILL) or interrupted (SIGINT) anywhere leaves the
database as it was, or — once the transaction has committed — holding the whole import;
it always opens afterwards, and the same import then succeeds.

Two kinds of stopping points: named ones, reached deterministically through
tests/harness.py (before the transaction, inside it after the rows are
inserted, after COMMIT before the checkpoint), and points in time through a
real `parity import` of a large file, killed at fractions of the time a full
import took. The invariant is the same for all: the state afterwards is
exactly "before" or exactly "after", never anything in between.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parity import api
from parity.config import Settings
from parity.errors import INTERRUPTED
from tests import procs
from tests.conftest import ROOT

HARNESS = ROOT / "tests" / "harness.py"
pytestmark = pytest.mark.slow


class Files:
    def __init__(self, root: Path) -> None:
        self.base = root / "base.duckdb"
        self.medium = procs.big_export(root / "medium.csv", 20_000, seed=1, prefix="M")
        self.large = procs.big_export(root / "large.csv", 120_000, seed=2, prefix="L")
        small = procs.big_export(root / "small.csv", 300, seed=3, prefix="S")
        api.import_paths(api.Source(paths=[small], db=self.base), Settings())
        self.before = procs.state(self.base)
        self.after: dict[Path, tuple[object, ...]] = {}
        self.seconds: float | None = None  # how long a full import of the large file takes
        for export in (self.medium, self.large):
            db = self.copy(root / f"after-{export.stem}.duckdb")
            api.import_paths(api.Source(paths=[export], db=db), Settings())
            self.after[export] = procs.state(db)

    def copy(self, target: Path) -> Path:
        return Path(shutil.copy(self.base, target))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    return Files(tmp_path_factory.mktemp("crash"))


def _recovers(files: Files, db: Path, export: Path) -> str:
    """The state after a stop: exactly before or after. Then the same import succeeds."""
    found = procs.state(db)
    assert found in (files.before, files.after[export])
    outcome = "before" if found == files.before else "after"
    api.import_paths(api.Source(paths=[export], db=db), Settings())  # the same import
    assert procs.state(db) == files.after[export]
    assert not Path(f"{db}.wal").exists()
    return outcome


@pytest.mark.parametrize(
    ("action", "point", "state"),
    [
        ("kill", "staged", "before"),
        ("kill", "inserted", "before"),
        ("kill", "committed", "after"),
        ("interrupt", "inserted", "before"),
        ("interrupt", "committed", "after"),
        # a Ctrl-C whose KeyboardInterrupt a library caught is an interrupt all the same
        ("swallow", "staged", "before"),
        ("swallow", "inserted", "before"),
        ("swallow", "committed", "after"),
    ],
)
def test_stopped_at_a_named_point(
    files: Files, tmp_path: Path, action: str, point: str, state: str
) -> None:
    db = files.copy(tmp_path / "p.duckdb")
    done = subprocess.run(
        [sys.executable, str(HARNESS), action, point, "import", str(files.medium), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
        env=procs.environment(),
    )
    if action == "kill":
        assert done.returncode == -signal.SIGKILL
    else:
        assert done.returncode == 130
        assert done.stderr == INTERRUPTED + "\n"
    assert _recovers(files, db, files.medium) == state


def test_killed_during_the_first_import_into_a_new_database(files: Files, tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    done = subprocess.run(
        [sys.executable, str(HARNESS), "kill", "inserted", "import", str(files.medium),
         "--db", str(db)],
        capture_output=True, text=True, timeout=300, env=procs.environment(),
    )  # fmt: skip
    assert done.returncode == -signal.SIGKILL
    imports, contacts, rejects, skips = procs.state(db)  # it opens: the schema, empty
    assert (imports, contacts[0][0], rejects, skips) == ([], 0, [(0,)], [])  # type: ignore[index]
    assert not Path(f"{db}.wal").exists()  # the schema went into the file, not the log
    api.import_paths(api.Source(paths=[files.medium], db=db), Settings())
    assert procs.state(db)[0][0][1:] == files.after[files.medium][0][-1][1:]


def _full_import_seconds(files: Files, tmp_path: Path) -> float:
    if files.seconds is None:
        db = files.copy(tmp_path / "timing.duckdb")
        started = time.monotonic()
        done = procs.run("import", files.large, "--db", db)
        assert done.returncode == 0, done.stderr
        files.seconds = time.monotonic() - started
    return files.seconds


def test_killed_at_points_in_time_of_a_large_import(files: Files, tmp_path: Path) -> None:
    seconds = _full_import_seconds(files, tmp_path)
    outcomes = []
    for n, fraction in enumerate((0.4, 0.7, 0.95)):
        db = files.copy(tmp_path / f"k{n}.duckdb")
        importer = procs.start("import", files.large, "--db", db)
        time.sleep(seconds * fraction)
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=60)
        outcomes.append(_recovers(files, db, files.large))
    assert "before" in outcomes  # at least one kill landed before the commit


def test_ctrl_c_during_a_large_import_changes_nothing_and_says_so(
    files: Files, tmp_path: Path
) -> None:
    seconds = _full_import_seconds(files, tmp_path)
    interrupted = 0
    for n, fraction in enumerate((0.6, 0.4, 0.2, 0.1)):  # until one lands before the import ends
        db = files.copy(tmp_path / f"i{n}.duckdb")
        importer = procs.start("import", files.large, "--db", db)
        time.sleep(seconds * fraction)
        importer.send_signal(signal.SIGINT)
        out, err = importer.communicate(timeout=60)
        outcome = _recovers(files, db, files.large)
        if importer.returncode == 0:
            assert outcome == "after"
            continue
        assert importer.returncode in procs.INTERRUPTED_STATUS
        assert err == INTERRUPTED + "\n"
        assert out == ""
        interrupted += 1
        break
    assert interrupted == 1
