"""When the machine fails — a full disk, too little memory, an unwritable output, Ctrl-C —
parity ends with one line and exit 3 (130 for Ctrl-C), and the database and output files
are as they were.

The full disk is real, not simulated: the process runs under RLIMIT_FSIZE (`ulimit -f`),
so the kernel refuses every write past the limit (EFBIG, "File too large") exactly where a
full disk refuses with ENOSPC, in DuckDB's own writes as in parity's. No root, no loop
device. Standard output on /dev/full gives a real ENOSPC. Memory is limited through
DuckDB's memory_limit (PARITY_MEMORY_LIMIT).
"""

from __future__ import annotations

import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from parity import api, errors, keeping
from parity.config import Settings
from parity.importers.pipeline import import_files
from parity.store import Store
from tests import procs
from tests.conftest import ROOT, SAMPLE_DATA, run_cli

HARNESS = ROOT / "tests" / "harness.py"
pytestmark = pytest.mark.slow


def file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def limited(*args: object, limit: int, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        procs.parity(*args),
        capture_output=True,
        text=True,
        timeout=300,
        env=procs.environment(**env),
        preexec_fn=file_size_limit(limit),
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, tuple[object, ...]]:
    root = tmp_path_factory.mktemp("env")
    db = root / "base.duckdb"
    small = procs.big_export(root / "small.csv", 300, seed=3, prefix="S")
    api.import_paths(api.Source(paths=[small], db=db), Settings())
    # its import's write-ahead log (about 7 MB) outgrows the base store (about 4 MB: every
    # table of the schema takes blocks): a limit at the store's size stops it at COMMIT
    medium = procs.big_export(root / "medium.csv", 40_000, seed=1, prefix="M")
    return db, medium, procs.state(db)


@pytest.fixture
def db(base, tmp_path: Path) -> Path:
    return Path(shutil.copy(base[0], tmp_path / "p.duckdb"))


def test_a_full_disk_during_an_import_changes_nothing(base, db: Path) -> None:
    _, medium, before = base
    done = limited("import", medium, "--db", db, limit=db.stat().st_size + 64 * 1024)
    assert done.returncode == 3
    assert procs.one_clean_line(done.stderr)
    assert "cannot write the database" in done.stderr
    assert "File too large" in done.stderr
    assert procs.state(db) == before
    again = procs.run("import", medium, "--db", db)  # with room again, the same import works
    assert again.returncode == 0, again.stderr


def test_a_full_disk_at_the_checkpoint_keeps_the_committed_import_and_says_so(
    base, db: Path
) -> None:
    _, medium, before = base
    done = subprocess.run(
        [sys.executable, str(HARNESS), "fill", "committed", "import", str(medium), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
        env=procs.environment(),
    )
    assert done.returncode == 3
    assert procs.one_clean_line(done.stderr)
    assert "the changes are committed but could not be written into the database file" in (
        done.stderr
    )
    imports = procs.state(db)[0]
    assert len(imports) == len(before[0]) + 1  # committed: the log holds it
    again = procs.run("import", medium, "--db", db)
    assert again.returncode == 0
    assert "already imported" in again.stdout
    assert not Path(f"{db}.wal").exists()  # now folded into the file


def test_out_of_memory_is_exit_3_and_changes_nothing(base, db: Path) -> None:
    _, medium, before = base
    small = {"PARITY_MEMORY_LIMIT": "4MB"}  # DuckDB's limit is per connection: in-process
    done = run_cli(["import", str(medium), "--db", str(db)], env=small)
    assert done.exit_code == 3
    assert procs.one_clean_line(done.stderr)
    assert done.stderr.startswith("parity: error: out of memory: Out of Memory Error")
    assert procs.state(db) == before
    in_memory = run_cli(["report", str(medium)], env=small)
    assert in_memory.exit_code == 3
    assert procs.one_clean_line(in_memory.stderr)
    wrong = run_cli(["report", str(medium)], env={"PARITY_MEMORY_LIMIT": "lots"})
    assert wrong.exit_code == 2
    assert "PARITY_MEMORY_LIMIT: 'lots' is not a memory size" in wrong.stderr


def test_an_output_file_that_cannot_be_written_keeps_its_old_content(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("last week's report\n")
    done = limited("report", SAMPLE_DATA, "-f", "json", "-o", target, limit=4096)
    assert done.returncode == 3
    assert procs.one_clean_line(done.stderr)
    assert f"{target}: cannot write output: File too large" in done.stderr
    assert target.read_text() == "last week's report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary left


def test_a_full_standard_output_is_one_line_and_exit_3(base) -> None:
    _, medium, _ = base
    for args in (["-f", "json"], []):  # written by parity, and drawn by rich
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                procs.parity("report", medium, *args),
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=300,
                env=procs.environment(),
            )
        assert done.returncode == 3
        assert procs.one_clean_line(done.stderr)
        assert "No space left on device" in done.stderr


def test_init_writes_whole_or_nothing_and_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "parity.toml"
    done = limited("init", target, limit=100)
    assert done.returncode == 3
    assert not target.exists()  # never a partial file
    assert list(tmp_path.iterdir()) == []
    assert run_cli(["init", str(target)]).exit_code == 0
    again = run_cli(["init", str(target)])
    assert again.exit_code == 2
    assert "already exists" in again.stderr


@pytest.mark.parametrize("delays", [(0.3,), (1.2, 0.9, 0.6)])
def test_ctrl_c_while_loading_or_reading(delays: tuple[float, ...]) -> None:
    """0.3 s: parity's modules are still loading; about 1 s: DuckDB reads the exports
    (tried earlier when the report outran the signal)."""
    for delay in delays:
        started = procs.start("report", SAMPLE_DATA)
        time.sleep(delay)
        started.send_signal(signal.SIGINT)
        out, err = started.communicate(timeout=60)
        if started.returncode == 0:
            continue  # finished before the signal: nothing interrupted
        assert started.returncode in procs.INTERRUPTED_STATUS
        assert err == errors.INTERRUPTED + "\n"
        assert out == ""
        return
    raise AssertionError("the report always finished before the interrupt")


def _undated(report: str) -> str:
    return re.sub(r'"generated_at": "[^"]*"', '"generated_at": …', report)


def _ends_whole(started: subprocess.Popen[str], reference: str) -> str:
    """How a signalled run ended: finished (0, the whole output) or interrupted (130, one
    line), and never otherwise."""
    out, err = started.communicate(timeout=120)
    assert started.returncode in (0, *procs.INTERRUPTED_STATUS), (started.returncode, err)
    if started.returncode == 0:
        assert (_undated(out), err) == (_undated(reference), "")
        return "finished"
    assert (out, err) == ("", errors.INTERRUPTED + "\n")
    return "interrupted"


@pytest.mark.parametrize("fmt", ["table", "json"])  # drawn by rich, or written in one piece
def test_ctrl_c_as_the_report_ends(fmt: str) -> None:
    """A Ctrl-C while a finished report writes its output or unwinds to its exit once left
    half a report behind, or ended the process by the signal with nothing said. Signals are
    sent around the measured end of a run (and one early, which surely interrupts)."""
    args = ("report", SAMPLE_DATA, "-f", fmt)
    began = time.monotonic()
    whole = procs.start(*args)
    reference, _ = whole.communicate(timeout=120)
    took = time.monotonic() - began
    assert whole.returncode == 0
    outcomes = set()
    for fraction in (0.2, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1):
        started = procs.start(*args)
        time.sleep(took * fraction)
        started.send_signal(signal.SIGINT)
        outcomes.add(_ends_whole(started, reference))
    assert "interrupted" in outcomes


def test_a_ctrl_c_a_library_swallowed_still_interrupts_the_report() -> None:
    """A SIGINT while SciPy's extension modules load (on first use) can surface as an
    ImportError that a library catches; the report then went on and ended with exit 0, as
    if nothing had been asked. The harness SIGINTs itself and swallows the
    KeyboardInterrupt once the files are read, before the store's transaction."""
    done = subprocess.run(
        [sys.executable, str(HARNESS), "swallow", "staged", "report", str(SAMPLE_DATA)],
        capture_output=True, text=True, timeout=300, env=procs.environment(),
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (130, "", errors.INTERRUPTED + "\n")


class LoggingConnection:
    """The store's connection, recording every statement."""

    def __init__(self, con: object) -> None:
        self._con = con
        self.statements: list[str] = []

    def execute(self, sql: str, *args: object) -> object:
        self.statements.append(" ".join(sql.split()))
        return self._con.execute(sql, *args)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._con, name)


def test_no_schema_change_inside_the_import_transaction(base, db: Path) -> None:
    """Neither in the transaction that writes the contacts nor in those that replace
    the kept aggregates (parity.kept) and the kept weeks (parity.kept_weeks) after it."""
    _, medium, _ = base
    store = Store.open(db)
    logged = LoggingConnection(store.con)
    store.con = logged  # type: ignore[assignment]
    import_files(store, [medium], keep=lambda s: keeping.keep_aggregates(s, Settings()))
    store.con = logged._con  # type: ignore[assignment]
    store.close()
    begins = [i for i, s in enumerate(logged.statements) if s == "BEGIN TRANSACTION"]
    ends = [i for i, s in enumerate(logged.statements) if s == "COMMIT"]
    assert len(begins) == len(ends) == 3  # the import's, the kept aggregates', the weeks'
    for begin, end in zip(begins, ends, strict=True):
        inside = logged.statements[begin + 1 : end]
        assert inside
        assert all(s.split()[0].upper() in ("SELECT", "INSERT", "DELETE") for s in inside), inside
    assert any("kept_survival_table" in s for s in logged.statements[begins[1] : ends[1]])
    assert any("kept_weeks" in s for s in logged.statements[begins[2] : ends[2]])
    assert not Path(f"{db}.wal").exists()  # checkpointed on close
