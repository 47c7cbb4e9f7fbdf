"""The reference points of `make bench` (scripts/bench.py) compute what they claim.

The bench's ratios are only as honest as what they divide by: the bare query
must compute the figures the issue names, the least validated query and
import must do the validation they stand for, on every row, and drop no valid
one, and the typed read and import (DuckDB's reader alone) must read every
value of every column. Each runs here, as the bench runs it, on a small file
of `parity demo`.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pytest

from parity.sql import quote_identifier as qi
from tests.conftest import SAMPLE_DATA

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


bench = _bench()


def _run(script: str, *args: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return done.stdout


@pytest.fixture(scope="module")
def csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "contacts.csv"
    # enough rows that the reader's sniffer samples chat alone, as at the bench's sizes
    _run(bench.GENERATE, tmp / "parts", Path("150000"), out)
    return out


def _figures(script: str, csv: Path) -> list[tuple[Any, ...]]:
    rows = ast.literal_eval(_run(script, csv).strip())
    assert isinstance(rows, list)
    return [tuple(r) for r in rows]


@pytest.fixture(scope="module")
def least(csv: Path) -> list[tuple[Any, ...]]:
    """The least validated query's figures on the demo file, as the bench prints them."""
    return _figures(bench.LEAST_QUERY, csv)


def test_the_least_validated_query_gives_the_bare_querys_figures_and_rejects_nothing(
    csv: Path, least: list[tuple[Any, ...]]
) -> None:
    bare = _figures(bench.BASELINE_QUERY, csv)
    assert {r[0] for r in bare} == {"chat", "email", "phone", "social"}
    assert [r[:2] for r in least] == [r[:2] for r in bare]
    for mine, theirs in zip(least, bare, strict=True):
        for a, b in zip(mine[2:-1], theirs[2:], strict=True):  # None where a channel has no hold
            assert a == b or (a is not None and b is not None and a == pytest.approx(b, rel=1e-12))
    assert [r[-1] for r in least] == [0] * len(bare)
    phone = next(r for r in bare if r[0] == "phone")
    assert isinstance(phone[5], float)  # a median of seconds, not of their text


def _with_last_score(csv: Path, score: str, out: Path) -> str:
    """`csv` written to `out` with the last row's csat replaced by `score`; its channel."""
    lines = csv.read_text().splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    bad = lines[-1].rstrip("\n").split(",")
    bad[header.index("csat")] = score
    out.write_text("".join(lines[:-1]) + ",".join(bad) + "\n")
    return bad[header.index("channel")]


def test_the_least_validated_query_checks_every_value(
    csv: Path, least: list[tuple[Any, ...]], tmp_path: Path
) -> None:
    # a score outside 1-5: read fine, rejected by parity's rules
    channel = _with_last_score(csv, "7", tmp_path / "bad.csv")
    good = {r[0]: r for r in least}
    checked = {r[0]: r for r in _figures(bench.LEAST_QUERY, tmp_path / "bad.csv")}
    assert checked[channel][-1] == 1
    assert checked[channel][1] == good[channel][1] - 1
    assert sum(r[-1] for r in checked.values()) == 1


@pytest.mark.parametrize("script", ["LEAST_IMPORT", "TYPED_IMPORT"])
def test_the_import_floors_write_every_valid_row_pseudonymised(
    script: str, csv: Path, tmp_path: Path
) -> None:
    db = tmp_path / "floor.duckdb"
    _run(getattr(bench, script), csv, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.execute(
            "SELECT count(*), count(DISTINCT customer_id), min(length(customer_id)), "
            "max(length(customer_id)) FROM contacts"
        ).fetchone()
        raw = con.execute(
            "SELECT count(*), count(DISTINCT customer_id) FROM read_csv($p, all_varchar = true)",
            {"p": str(csv)},
        ).fetchone()
        leaked = con.execute(
            "SELECT count(*) FROM contacts WHERE customer_id IN "
            "(SELECT customer_id FROM read_csv($p, all_varchar = true))",
            {"p": str(csv)},
        ).fetchone()
    finally:
        con.close()
    assert stored is not None
    assert raw is not None
    assert leaked is not None
    assert stored[:2] == raw
    assert stored[2:] == (24, 24)
    assert leaked[0] == 0


def test_the_typed_read_gives_the_bare_querys_figures_and_reads_every_value(
    csv: Path, tmp_path: Path
) -> None:
    """DuckDB's reader alone, every column cast to its type, the records counted apart."""
    out = _run(bench.TYPED_QUERY, csv).strip()
    figures, records = out.rsplit(" ", 1)
    typed = ast.literal_eval(figures)
    bare = _figures(bench.BASELINE_QUERY, csv)
    assert [r[0] for r in typed] == [tuple(r) for r in bare]
    assert int(records) == len(csv.read_bytes().splitlines())  # the header's line too
    con = duckdb.connect()
    try:
        names = [
            r[0]
            for r in con.execute("DESCRIBE SELECT * FROM read_csv($p)", {"p": str(csv)}).fetchall()
        ]
        present = con.execute(
            "SELECT channel, "
            + ", ".join(f"count(nullif({qi(n)}, ''))" for n in names)
            + " FROM read_csv($p, all_varchar = true) GROUP BY channel ORDER BY channel",
            {"p": str(csv)},
        ).fetchall()
    finally:
        con.close()
    assert [r[1] for r in typed] == [r[1:] for r in present]  # every value of every column
    # a score that is not a number, in a column the bare query does not read: only a reader
    # that casts every column trips on it
    _with_last_score(csv, "five", tmp_path / "bad.csv")
    assert _figures(bench.BASELINE_QUERY, tmp_path / "bad.csv") == bare
    with pytest.raises(subprocess.CalledProcessError):
        _run(bench.TYPED_QUERY, tmp_path / "bad.csv")


SHORT_OF_MEMORY = """
import sys, duckdb
from parity import journey_index
from parity.cli import main
real = journey_index._fill
def short_whole(con, table, everyone, clear, parts):
    if parts == 1:
        raise duckdb.OutOfMemoryException("Out of Memory Error: planted")
    real(con, table, everyone, clear, parts)
journey_index._fill = short_whole
sys.argv = ["parity", "report", sys.argv[1], "-f", "json", "-o", sys.argv[2]]
main()
"""


def test_the_bench_shows_what_parity_noted_of_a_slow_run(tmp_path: Path) -> None:
    """A pairing short of memory is seconds slower, not wrong: the bench runs parity with
    --debug (PARITY_DEBUG) and puts what it noted beside the figures, in the table too."""
    cmd = [sys.executable, "-c", SHORT_OF_MEMORY, str(SAMPLE_DATA), str(tmp_path / "r.json")]
    noted = bench.run(cmd)
    quiet = bench.run([sys.executable, "-m", "parity", "report", str(SAMPLE_DATA), "-f", "json"])
    assert noted.notes == (
        "the journey pairing ran out of memory whole and was done in 4 parts; "
        "a higher memory_limit pairs whole, faster",
    )
    assert quiet.notes == ()
    base = bench.Sample(1.0, 100.0)
    text = bench.table({20_000: {"baseline query": [base, base], "report": [noted, quiet]}}, 2)
    assert f"- 20,000, report, 1 of 2 runs: {noted.notes[0]}" in text.splitlines()
    assert "No run noted" in bench.table({20_000: {"baseline query": [base]}}, reps=1)
