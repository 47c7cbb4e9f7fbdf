"""Small exports for the HTML tests: hostile names, one channel, medians not reached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from parity import api, config
from parity.demo import write_demo
from parity.report import Report
from parity.summary import Summary
from tests.conftest import write_csv

# channel names are lower-cased on import (SPEC §2); file names are kept as they are
HOSTILE = ("<script>alert(1)</script>", "x'); drop table contacts; --")
HOSTILE_FILES = ('<img src=x onerror=alert(1)> "q".csv', "x'); DROP TABLE contacts; --.csv")
HEADER = ["contact_id", "channel", "created_at", "first_response_at", "resolved_at", "remedy"]


def report_of(*paths: Path, reference: str | None = None) -> Report:
    settings = config.Settings()
    return api.report(api.Source(paths=list(paths)), api.Scope(reference=reference), settings)


def contacts(
    channel: str, n: int, *, answered: float, wait_s: float, start: int = 0
) -> list[list[object]]:
    """n contacts of one channel: the first `answered` share answered after about `wait_s`."""
    base = datetime(2026, 3, 2, 9, tzinfo=UTC)
    rows: list[list[object]] = []
    for i in range(n):
        created = base + timedelta(minutes=37 * (i + start))
        reply = created + timedelta(seconds=wait_s * (1 + (i % 7) / 7))
        got = i < answered * n
        rows.append(
            [
                f"{channel[:3]}-{i}",
                channel,
                created.isoformat(),
                reply.isoformat() if got else "",
                (reply + timedelta(hours=3)).isoformat() if got and i % 2 else "",
                "true" if i % 3 == 0 else "false",
            ]
        )
    return rows


def hostile_report(folder: Path, *, reference: str | None = None) -> Report:
    """Channels and file names that are HTML, script and SQL; the first is a script tag."""
    rows = contacts("phone", 60, answered=0.9, wait_s=1200)
    rows += contacts(HOSTILE[0], 40, answered=0.6, wait_s=60, start=100)
    first = write_csv(folder / HOSTILE_FILES[0], HEADER, rows)
    rows = contacts(HOSTILE[1], 40, answered=0.95, wait_s=86400, start=200)
    second = write_csv(folder / HOSTILE_FILES[1], HEADER, rows)
    return report_of(first, second, reference=reference)


SUMMARY_AS_OF = "2026-11-02"  # a Monday: the summary is of 2026-W44, the demo's last week


def demo_db(folder: Path, *, rows: int = 8000, seed: int = 11) -> Path:
    """A database of `parity demo` exports: 13 weeks ending Monday 2026-11-02."""
    write_demo(folder / "exports", rows=rows, seed=seed)
    db = folder / "demo.duckdb"
    api.import_paths(api.Source(paths=[folder / "exports"], db=db), config.Settings())
    return db


def summary_of(db: Path) -> Summary:
    moment = api.parse_moment(SUMMARY_AS_OF, option="--as-of", timezone="UTC")
    return api.summary(db, config.Settings(), as_of=moment)
