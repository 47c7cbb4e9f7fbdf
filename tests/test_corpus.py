"""The polluted-input corpus (tests/corpus): every damaged variant ends as its expectation says.

For each variant `parity import` exits 0 or 2, never with a traceback. On 2,
stderr is exactly one line holding the expected phrase and the database is
untouched. On 0, the ledger's counts add up to the independent count, the
contacts loaded, the rejects (physical line span and reason) and the skips
are exactly the expected ones, and `parity rejects` lists every rejected
line with file, line and reason. No customer id ever reaches the terminal.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from parity.store import Store
from tests.conftest import Run, run_cli
from tests.corpus import VARIANTS, Expected, Variant, write_variant
from tests.corpus.clean import CUSTOMER_IDS


def test_the_corpus_has_at_least_sixty_variants_of_both_outcomes() -> None:
    built = {name: v.build()[1] for name, v in VARIANTS.items()}
    assert len(built) >= 60
    assert sum(e.exit_code == 2 for e in built.values()) >= 10
    assert sum(bool(e.rejected) for e in built.values()) >= 30
    reasons = {r[2] for e in built.values() for r in e.rejected}
    assert reasons >= {"malformed_row", "unterminated_quote", "invalid_encoding", "bad_timestamp"}


def test_expectations_are_written_beside_each_variant(tmp_path: Path) -> None:
    variant = VARIANTS["blank_lines"]
    path, expected = write_variant(variant, tmp_path)
    stored = (tmp_path / "blank_lines.expected.json").read_text(encoding="utf-8")
    assert path.read_bytes()
    assert Expected.from_json(stored) == expected
    assert expected.skipped == {"blank_line": 4}


def _no_customer_ids(*runs: Run) -> None:
    for run in runs:
        for cid in CUSTOMER_IDS:
            assert cid not in run.stdout
            assert cid not in run.stderr


@dataclass
class Facts:
    counts: tuple[int, int, int, int]  # rows read, loaded, rejected, skipped
    loaded: list[str]
    rejects: list[tuple[int, int, str]]
    skips: dict[str, int]
    values: dict[str, dict[str, str]]


def _facts(db: Path, expected: Expected) -> Facts:
    """What the import left in the database, read in one go."""
    with Store.open(db, read_only=True) as store:
        con = store.con
        (counts,) = con.execute(
            "SELECT rows_read, rows_loaded, rows_rejected, rows_skipped FROM imports"
        ).fetchall()
        ids = sorted(str(r[0]) for r in con.execute("SELECT contact_id FROM contacts").fetchall())
        rejects = con.execute("SELECT line, line_end, reason FROM rejects").fetchall()
        skips = dict(con.execute("SELECT reason, rows FROM import_skips").fetchall())
        values: dict[str, dict[str, str]] = {}
        for cid, columns in expected.values.items():
            for column in columns:
                (value,) = con.execute(
                    f"SELECT {column}::VARCHAR FROM contacts WHERE contact_id = $c", {"c": cid}
                ).fetchone()  # type: ignore[misc]
                values.setdefault(cid, {})[column] = value
    return Facts(
        (int(counts[0]), int(counts[1]), int(counts[2]), int(counts[3])),
        ids,
        sorted((int(a), int(b), str(c)) for a, b, c in rejects),
        {str(k): int(v) for k, v in skips.items()},
        values,
    )


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty parity database, copied for each variant (creating one costs more)."""
    path = tmp_path_factory.mktemp("corpus") / "empty.duckdb"
    Store.open(path).close()
    return path


@pytest.mark.parametrize("variant", list(VARIANTS.values()), ids=list(VARIANTS))
def test_variant_ends_as_expected(variant: Variant, tmp_path: Path, empty_db: Path) -> None:
    path, expected = write_variant(variant, tmp_path)
    db = Path(shutil.copy(empty_db, tmp_path / "parity.duckdb"))
    run = run_cli(["import", str(path), "--db", str(db)])
    _no_customer_ids(run)
    assert "Traceback" not in run.stderr
    assert run.exit_code == expected.exit_code, run.stderr
    if expected.exit_code == 2:
        assert run.stdout == ""
        assert _facts_of_nothing(db)
        assert run.stderr.count("\n") == 1
        assert run.stderr.startswith(f"parity: error: {path}")
        assert expected.error is not None
        assert expected.error in run.stderr
        return
    assert run.stderr == ""
    facts = _facts(db, expected)
    read, loaded, rejected, skipped = facts.counts
    assert read == loaded + rejected + skipped
    assert read == expected.rows_read  # the independent count, from the variant's own model
    assert facts.loaded == expected.loaded
    assert facts.rejects == sorted(expected.rejected)
    assert facts.skips == expected.skipped
    assert facts.values == expected.values
    if not expected.rejected:
        return
    listed = run_cli(["rejects", "--db", str(db), "--limit", "0"])
    _no_customer_ids(listed)
    assert listed.exit_code == 0
    for line, end, reason in expected.rejected:
        where = f"{path.name}:{line}" if line == end else f"{path.name}:{line}-{end}"
        assert f"{where}: {reason}: " in listed.stdout


def _facts_of_nothing(db: Path) -> bool:
    """A refused import left the database empty."""
    with Store.open(db, read_only=True) as store:
        counts = store.con.execute(
            "SELECT (SELECT count(*) FROM imports) + (SELECT count(*) FROM contacts) "
            "+ (SELECT count(*) FROM rejects)"
        ).fetchone()
    return counts == (0,)
