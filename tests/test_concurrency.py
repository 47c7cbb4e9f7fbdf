"""Several real parity processes on one database: readers share it, writers wait their turn
(`--wait`), a lock still held after the wait is one line naming its holder, exit 3."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parity import api
from parity.config import Settings
from parity.demo import write_demo
from parity.locking import command_name, process_command
from tests import procs
from tests.conftest import ROOT, run_cli

HARNESS = ROOT / "tests" / "harness.py"


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    write_demo(folder, rows=2000, seed=3)
    return folder


@pytest.fixture(scope="module")
def phone_db(exports: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("db") / "phone.duckdb"
    api.import_paths(api.Source(paths=[exports / "phone.csv"], db=target), Settings())
    return target


@pytest.fixture
def db(phone_db: Path, tmp_path: Path) -> Path:
    """A database holding the phone export; the other channels are left to import."""
    return Path(shutil.copy(phone_db, tmp_path / "p.duckdb"))


def hold(db: Path, *, read_only: bool) -> subprocess.Popen[str]:
    """A process holding the database open (read-only or for writing) until told to stop."""
    code = (
        "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro'); "
        "print('held', flush=True); sys.stdin.readline(); c.close()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(db), "ro" if read_only else "rw"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    return holder


def release(holder: subprocess.Popen[str]) -> str:
    """Let the holder go on; what it printed after that."""
    out, _ = holder.communicate("\n", timeout=120)
    return out


def test_command_names_name_parity_commands_and_nothing_of_their_arguments() -> None:
    assert command_name(["/v/bin/python", "/v/bin/parity", "import", "a.csv"]) == "parity import"
    assert command_name(["python3", "-m", "parity", "summary", "--db", "x"]) == "parity summary"
    assert command_name(["/usr/bin/duckdb", "secret.duckdb"]) == "duckdb"
    assert command_name([]) is None
    assert process_command(2**22 + 7) is None  # no such process
    me = process_command(__import__("os").getpid())
    assert me is not None


def test_a_file_that_is_not_a_database_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("hello")
    for args in (["report", "--db", str(path)], ["import", str(path), "--db", str(path)]):
        run = run_cli(args)
        assert run.exit_code == 2
        assert run.stderr.startswith(f"parity: error: {path}: not a parity database")


@pytest.mark.slow
def test_readers_do_not_block_each_other(db: Path) -> None:
    holder = hold(db, read_only=True)
    try:  # this process reads too, beside the holder (the lock is per process)
        report = run_cli(["report", "--db", str(db), "-f", "json"])
        listed = run_cli(["rejects", "--db", str(db)])
    finally:
        release(holder)
    assert report.exit_code == 0, report.stderr
    assert json.loads(report.stdout)["channels"]
    assert listed.exit_code == 0, listed.stderr


@pytest.mark.slow
def test_a_held_lock_is_one_line_naming_the_holder_and_wait_outlasts_it(
    db: Path, exports: Path
) -> None:
    # a real parity import, paused inside its transaction: it holds the write lock
    importer = subprocess.Popen(
        [sys.executable, str(HARNESS), "pause", "inserted", "import", exports / "email.csv",
         "--db", db],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=procs.environment(),
    )  # fmt: skip
    assert importer.stdout is not None
    assert importer.stdout.readline() == "paused\n"
    try:
        refused = run_cli(["report", "--db", str(db), "-f", "json"])
        patient = procs.start("report", "--db", db, "-f", "json", "--wait", "60")
        time.sleep(1.5)  # let it find the lock held (its result does not depend on this)
    finally:
        release(importer)
    out, err = patient.communicate(timeout=120)
    assert importer.returncode == 0
    assert refused.exit_code == 3
    assert procs.one_clean_line(refused.stderr)
    assert f"in use by another process (PID {importer.pid}: " in refused.stderr
    assert "pass --wait SECONDS" in refused.stderr
    assert patient.returncode == 0, err
    channels = {c["channel"] for c in json.loads(out)["channels"]}
    assert channels == {"phone", "email"}  # it waited for the import, then saw it whole


@pytest.mark.slow
def test_waiting_ends_in_exit_3_after_the_given_seconds(db: Path) -> None:
    holder = hold(db, read_only=False)
    try:
        done = run_cli(["import", str(db.parent / "missing.csv"), "--db", str(db), "--wait", "0.5"])
        listed = run_cli(["rejects", "--db", str(db)], env={"PARITY_WAIT": "0.2"})
    finally:
        release(holder)
    for run in (done, listed):
        assert run.exit_code == 3
        assert procs.one_clean_line(run.stderr)
        assert f"(PID {holder.pid}: " in run.stderr
        assert "still locked after waiting" in run.stderr


@pytest.mark.slow
def test_random_processes_on_one_database_never_corrupt_it(
    db: Path, exports: Path, tmp_path: Path
) -> None:
    """A bounded stress run: 3 workers × 3 commands each (2 random), all at once, --wait 120.

    Every command must succeed (check may also exit 1: a breached threshold); the
    database must then hold each export exactly once, its ledger must add up, and
    its report must equal that of a database built one import at a time.
    """
    rng = random.Random(20261123)
    files = [exports / f"{c}.csv" for c in ("email", "chat", "social")]
    commands = [
        lambda: ("import", rng.choice(files)),
        lambda: ("report", "-f", "json"),
        lambda: ("check", "-f", "json"),
        lambda: ("summary", "--as-of", "2026-11-02", "-f", "json"),
        lambda: ("rejects",),
    ]
    plans = [[rng.choice(commands)() for _ in range(2)] for _ in range(3)]
    for plan in plans:  # every file imported by someone
        plan.append(("import", *files))
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WORKER,
                json.dumps([[str(a) for a in c] for c in plan]),
                str(db),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=procs.environment(),
        )
        for plan in plans
    ]
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        outcomes += json.loads(out)
    for command, code, stderr in outcomes:
        allowed = (0, 1) if command == "check" else (0,)
        assert code in allowed, (command, code, stderr)
    assert not Path(f"{db}.wal").exists()  # every writer checkpointed
    reference = tmp_path / "sequential.duckdb"
    for group in ([exports / "phone.csv"], files):
        api.import_paths(api.Source(paths=group, db=reference), Settings())
    stressed, calm = procs.state(db), procs.state(reference)
    assert sorted(r[2] for r in stressed[0]) == sorted(r[2] for r in calm[0])  # same contents
    assert [r[3:] for r in sorted(stressed[0], key=lambda r: str(r[1]))] == [
        r[3:] for r in sorted(calm[0], key=lambda r: str(r[1]))
    ]
    for _, _, _, read, loaded, rejected, skipped in stressed[0]:  # type: ignore[misc]
        assert read == loaded + rejected + skipped
    assert stressed[1][0][0] == calm[1][0][0]  # as many contacts
    mine, theirs = (api.report(api.Source(db=d), api.Scope(), Settings()) for d in (db, reference))
    assert mine.channels == theirs.channels


# One worker: runs its commands in order with --wait 120, reports (command, exit, stderr).
_WORKER = """
import json, subprocess, sys
plan, db = json.loads(sys.argv[1]), sys.argv[2]
out = []
for command in plan:
    done = subprocess.run([sys.executable, "-m", "parity", *command, "--db", db, "--wait", "120"],
                          capture_output=True, text=True)
    out.append([command[0], done.returncode, done.stderr])
print(json.dumps(out))
"""
