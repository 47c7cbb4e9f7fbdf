"""Opening the database file when another process may hold it: wait, then say who.

DuckDB's file lock never waits (FIELD-NOTES): a second writer, or a reader
while a writer is at work, fails at once with "Conflicting lock is held in …
(PID n)". Cron's `parity summary` and an analyst's `parity import` on the same
file collide that way. `connect` retries for up to `--wait` seconds, with a
growing, jittered pause so that waiting processes do not retry in lockstep,
and then raises one line naming the process that holds the lock. Readers
open read-only and never block one another; the lock dies with its process,
so a killed import leaves no stale lock behind.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import duckdb

from parity import errors
from parity.engine_errors import describe
from parity.errors import EnvironmentFailure, UserError

FIRST_PAUSE = 0.05
LONGEST_PAUSE = 1.0
_HOLDER = re.compile(r"\(PID (\d+)\)")


def connect(
    path: Path,
    *,
    read_only: bool,
    wait_seconds: float,
    config: dict[str, str | bool | int | float | list[str]] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A connection to the database file, waiting up to `wait_seconds` for its lock."""
    deadline = time.monotonic() + max(wait_seconds, 0.0)
    pause = FIRST_PAUSE
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.IOException as exc:
            text = str(exc)
            if "not a valid DuckDB database" in text:  # --db names some other file
                raise UserError(
                    errors.DB_NOT_PARITY.format(file=path, reason=describe(exc))
                ) from exc
            if "lock" not in text.lower():
                raise EnvironmentFailure(
                    errors.DB_NOT_PARITY.format(file=path, reason=describe(exc))
                ) from exc
            left = deadline - time.monotonic()
            if left <= 0:
                advice = (
                    errors.LOCK_WAITED.format(wait=wait_seconds)
                    if wait_seconds > 0
                    else errors.LOCK_ADVICE
                )
                raise EnvironmentFailure(
                    errors.DB_LOCKED.format(file=path, holder=holder(text), advice=advice)
                ) from exc
            time.sleep(min(left, pause * random.uniform(0.5, 1.5)))
            pause = min(pause * 2, LONGEST_PAUSE)
        except duckdb.Error as exc:
            raise UserError(errors.DB_NOT_PARITY.format(file=path, reason=describe(exc))) from exc


def holder(message: str) -> str:
    """Who holds the lock, from DuckDB's message: `PID 1234: parity import` when known."""
    found = _HOLDER.search(message)
    if found is None:
        return "another process"
    pid = int(found.group(1))
    command = process_command(pid)
    return f"PID {pid}: {command}" if command else f"PID {pid}"


def process_command(pid: int) -> str | None:
    """What process `pid` runs, from /proc (Linux); None elsewhere or when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return command_name([a.decode("utf-8", "replace") for a in raw.split(b"\0") if a])


def command_name(argv: list[str]) -> str | None:
    """`parity <command>` for a parity process, else the program's name.

    Only the program and the subcommand are named: the rest of a command line can
    hold file names.
    """
    if not argv:
        return None
    names = [Path(a).name for a in argv]
    for i, name in enumerate(names):
        if name == "parity" or (name == "-m" and names[i + 1 : i + 2] == ["parity"]):
            rest = names[i + 2 if name == "-m" else i + 1 :]
            sub = next((a for a in rest if not a.startswith("-")), "")
            return f"parity {sub}".strip()
    return names[0]
