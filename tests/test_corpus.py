"""The polluted-input corpus (tests/corpus): every damaged variant ends as its expectation says.

For each variant `parity import` exits 0 or 2, never with a traceback. On 2,
stderr is exactly one line holding the expected phrase and the database is
untouched. On 0, the ledger's counts add up to the independent count, the
contacts loaded, the rejects (physical line span and reason) and the skips
are exactly the expected ones, and `parity rejects` lists every rejected
line with file, line and reason. No customer id ever reaches the terminal.
"""

from __future__ import annotations

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


def _ledger(db: Path) -> tuple[tuple[int, int, int, int], list[str], list[tuple[int, int, str]]]:
    with Store.open(db, read_only=True) as store:
        con = store.con
        counts = con.execute(
            "SELECT rows_read, rows_loaded, rows_rejected, rows_skipped FROM imports"
        ).fetchall()
        ids = [str(r[0]) for r in con.execute("SELECT contact_id FROM contacts").fetchall()]
        rejects = con.execute("SELECT line, line_end, reason FROM rejects").fetchall()
    assert len(counts) == 1
    read, loaded, rejected, skipped = (int(x) for x in counts[0])
    return (
        (read, loaded, rejected, skipped),
        sorted(ids),
        sorted((int(a), int(b), str(c)) for a, b, c in rejects),
    )


def _stored_values(db: Path, expected: Expected) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    with Store.open(db, read_only=True) as store:
        for cid, columns in expected.values.items():
            for column in columns:
                (value,) = store.con.execute(
                    f"SELECT {column}::VARCHAR FROM contacts WHERE contact_id = $c", {"c": cid}
                ).fetchone()  # type: ignore[misc]
                found.setdefault(cid, {})[column] = value
    return found


def _skips(db: Path) -> dict[str, int]:
    with Store.open(db, read_only=True) as store:
        rows = store.con.execute("SELECT reason, rows FROM import_skips").fetchall()
    return {str(r): int(n) for r, n in rows}


@pytest.mark.parametrize("variant", list(VARIANTS.values()), ids=list(VARIANTS))
def test_variant_ends_as_expected(variant: Variant, tmp_path: Path) -> None:
    path, expected = write_variant(variant, tmp_path)
    db = tmp_path / "parity.duckdb"
    run = run_cli(["import", str(path), "--db", str(db)])
    _no_customer_ids(run)
    assert "Traceback" not in run.stderr
    assert run.exit_code == expected.exit_code, run.stderr
    if expected.exit_code == 2:
        assert run.stdout == ""
        assert run.stderr.count("\n") == 1
        assert run.stderr.startswith(f"parity: error: {path}")
        assert expected.error is not None
        assert expected.error in run.stderr
        return
    assert run.stderr == ""
    (read, loaded, rejected, skipped), ids, rejects = _ledger(db)
    assert read == loaded + rejected + skipped
    assert read == expected.rows_read  # the independent count, from the variant's own model
    assert ids == expected.loaded
    assert rejects == sorted(expected.rejected)
    assert _skips(db) == expected.skipped
    assert _stored_values(db, expected) == expected.values
    listed = run_cli(["rejects", "--db", str(db), "--limit", "0"])
    _no_customer_ids(listed)
    assert listed.exit_code == 0
    for line, end, reason in expected.rejected:
        where = f"{path.name}:{line}" if line == end else f"{path.name}:{line}-{end}"
        assert f"{where}: {reason}: " in listed.stdout
    if not expected.rejected:
        assert listed.stdout == "no rejected rows\n"
