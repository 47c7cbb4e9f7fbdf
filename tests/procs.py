"""Real `parity` processes for the crash and concurrency tests, and a large export to feed them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from parity.store import Store

HEADER = (
    "contact_id,channel,created_at,first_response_at,resolved_at,hold_seconds,"
    "csat,category,customer_id\n"
)
CHANNELS = ("phone", "email", "chat", "social")


def parity(*args: object) -> list[str]:
    """The command line of a real parity process (`python -m parity …`)."""
    return [sys.executable, "-m", "parity", *(str(a) for a in args)]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARITY_")}
    env.update(extra)
    return env


def run(*args: object, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        parity(*args), capture_output=True, text=True, timeout=timeout, env=environment(**extra)
    )


# How an interrupted run may end: exit 130, or, rarely and only after its one line was said,
# by SIGINT itself, which a shell reports as 130 too (docs/reliability.md, known limits).
# Every test that accepts it also checks that the line, and nothing else, was written.
INTERRUPTED_STATUS = (130, -signal.SIGINT)


def start(*args: object, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        parity(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(**extra),
    )


def big_export(path: Path, rows: int, *, seed: int = 0, prefix: str = "K") -> Path:
    """A canonical export of `rows` contacts, written fast (no CSV module per row)."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        lines = []
        for i in range(rows):
            day = 1 + (i + seed) % 27
            minute = (i * 7 + seed) % 60
            channel = CHANNELS[(i + seed) % 4]
            lines.append(
                f"{prefix}{i:08d},{channel},2026-02-{day:02d}T09:{minute:02d}:00Z,"
                f"2026-02-{day:02d}T10:{minute:02d}:00Z,2026-02-{day:02d}T12:00:00Z,"
                f"{(i * 13) % 600},{1 + i % 5},cat{i % 7},cust{(i * 31) % 5000:05d}\n"
            )
            if len(lines) >= 10000:
                fh.writelines(lines)
                lines.clear()
        fh.writelines(lines)
    return path


def state(db: Path) -> tuple[object, ...]:
    """Everything a database holds that an import can change, for before/after comparisons."""
    with Store.open(db, read_only=True) as store:
        con = store.con
        return (
            con.execute(
                "SELECT import_id, file_name, content_sha256, rows_read, rows_loaded, "
                "rows_rejected, rows_skipped FROM imports ORDER BY import_id"
            ).fetchall(),
            con.execute("SELECT count(*), sum(hash(COLUMNS(*))) FROM contacts").fetchall(),
            con.execute("SELECT count(*) FROM rejects").fetchall(),
            con.execute("SELECT * FROM import_skips ORDER BY ALL").fetchall(),
        )


def one_clean_line(stderr: str) -> bool:
    return stderr.count("\n") == 1 and stderr.startswith("parity: ") and "Traceback" not in stderr


def wait_all(procs: Sequence[subprocess.Popen[str]], timeout: float = 120) -> None:
    for p in procs:
        p.wait(timeout=timeout)
