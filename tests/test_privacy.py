"""Privacy: no raw customer identifier in any output, engine errors rewritten, small groups
suppressed, the pseudonymisation key from config or environment."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from parity import api, metrics
from parity.config import Settings
from parity.demo import write_demo
from parity.engine_errors import describe, scrub, scrubbed_traceback
from parity.importers import pipeline
from parity.privacy import suppress
from parity.store import Store
from tests.conftest import run_cli, write_csv

SECRET = "ann.secret@example.org"
RAW_CUSTOMER = re.compile(r"\bC\d{6}\b")  # the demo's customer ids


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("privacy")
    write_demo(folder / "exports", rows=3000, seed=5)
    db = folder / "demo.duckdb"
    api.import_paths(api.Source(paths=[folder / "exports"], db=db), Settings())
    return folder / "exports", db


# -- engine errors --------------------------------------------------------------------------------

ENGINE_FAILURES = [
    f"SELECT CAST('{SECRET}' AS INTEGER)",
    f"SELECT '{SECRET}'::TIMESTAMP",
    f"SELECT '{SECRET}'::DATE",
    f"""SELECT '{{"customer": "{SECRET}"'::JSON""",
    f"SELECT json_extract('{{\"x\": \"{SECRET}\"', '$.x')",
    f"SELECT strptime('{SECRET}', '%Y-%m-%d')",
    f"CREATE TEMP TABLE k (v VARCHAR PRIMARY KEY); INSERT INTO k VALUES ('{SECRET}'), ('{SECRET}')",
    "SELECT * FROM read_csv($csv, auto_detect = false, header = true, "
    "columns = {'a': 'VARCHAR', 'b': 'VARCHAR'}, strict_mode = true)",
    "SELECT * FROM read_csv($csv, auto_detect = false, header = true, "
    "columns = {'a': 'VARCHAR', 'b': 'INTEGER'})",
]


def engine_error(tmp_path: Path, sql: str) -> duckdb.Error:
    csv_file = tmp_path / "e.csv"
    csv_file.write_text(f"a,b\n{SECRET},1\n{SECRET},x,3\n")
    con = duckdb.connect()
    try:
        con.execute(sql, {"csv": str(csv_file)} if "$csv" in sql else None).fetchall()
    except duckdb.Error as exc:
        return exc
    raise AssertionError(f"no error from {sql}")


@pytest.mark.parametrize("sql", ENGINE_FAILURES)
def test_real_engine_errors_are_rewritten_without_the_data(tmp_path: Path, sql: str) -> None:
    exc = engine_error(tmp_path, sql)
    assert SECRET in str(exc)  # DuckDB quotes it…
    text = describe(exc)
    assert SECRET not in text  # …parity does not
    assert "\n" not in text
    assert text.split(":")[0].endswith("Error")  # the kind of error is kept


def test_scrub_keeps_the_wording_and_masks_values() -> None:
    assert scrub("Conversion Error: Could not convert string 'x@y' to INT32") == (
        "Conversion Error: Could not convert string '…' to INT32"
    )
    assert scrub("Conversion Error: Type DOUBLE with value 1e+20 can't be cast") == (
        "Conversion Error: Type DOUBLE with value … can't be cast"
    )
    assert scrub("Invalid Input Error: CSV Error on Line: 3 Original Line: x@y,1") == (
        "Invalid Input Error: CSV Error on Line: 3"
    )
    assert scrub("Error: it said 'unterminated x@y") == "Error: it said …"


def test_debug_tracebacks_rewrite_every_engine_message_in_the_chain(tmp_path: Path) -> None:
    cause = engine_error(tmp_path, ENGINE_FAILURES[0])
    try:
        raise ValueError(f"another library quoting '{SECRET}'") from cause
    except ValueError as exc:
        text = scrubbed_traceback(exc)
    assert "Traceback" in text
    assert "ConversionException" in text
    assert "another library quoting '…'" in text
    assert SECRET not in text


def _leaks_nothing(run, code: int) -> None:
    assert run.exit_code == code
    assert run.stderr.count("\n") == 1
    assert SECRET not in run.stderr + run.stdout
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "command", [["report", "-f", "json"], ["check"], ["summary", "--as-of", "2026-11-02"]]
)
def test_an_engine_error_in_a_report_quotes_no_data(
    demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    _, db = demo
    copy = Path(shutil.copy(db, tmp_path / "p.duckdb"))

    def failing(con: duckdb.DuckDBPyConnection, **_: object) -> None:
        con.execute(ENGINE_FAILURES[0])

    monkeypatch.setattr(metrics, "compute", failing)
    run = run_cli([*command, "--db", str(copy)])
    _leaks_nothing(run, 3)
    assert "the database engine failed: Conversion Error" in run.stderr
    debug = run_cli([*command, "--db", str(copy), "--debug"])
    assert "Traceback" in debug.stderr
    assert SECRET not in debug.stderr + debug.stdout


def test_an_engine_error_while_importing_quotes_no_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        ["contact_id", "channel", "created_at", "customer_id"],
        [["1", "phone", "2026-03-02T09:00:00Z", SECRET]],
    )
    strict = (
        "SELECT * FROM read_csv($path, auto_detect = false, header = true, "
        "columns = {'a': 'VARCHAR', 'b': 'INTEGER'})"
    )
    monkeypatch.setattr(pipeline, "staging_select", lambda *a, **k: strict)
    for db in ("p.duckdb", None):
        args = ["import", str(path), "--db", str(tmp_path / db)] if db else ["report", str(path)]
        run = run_cli(args)
        _leaks_nothing(run, 2)
        assert "cannot be read as CSV: Conversion Error" in run.stderr


# -- reports and listings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["report", "-f", "json"],
        ["report", "-f", "markdown"],
        ["report", "-f", "html"],
        ["report", "-f", "csv"],
        ["report"],
        ["check", "-f", "junit"],
        ["check", "-f", "github"],
        ["summary", "--as-of", "2026-11-02", "-f", "json"],
        ["rejects"],
    ],
)
def test_no_output_holds_a_raw_customer_id(demo, args: list[str]) -> None:
    exports, db = demo
    assert RAW_CUSTOMER.search((exports / "phone.csv").read_text())  # the input has them
    run = run_cli([*args, "--db", str(db)])
    assert run.exit_code in (0, 1), run.stderr
    assert not RAW_CUSTOMER.search(run.stdout + run.stderr)


def test_rejects_hide_values_unless_asked_and_then_show_the_whole_line(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        f"contact_id,channel,created_at,customer_id\n1,phone,2026-03-02,{SECRET}\n"
        f"2,phone,2026-03-02,{SECRET},surplus\n3,phone,soon,{SECRET}\n"
    )
    db = tmp_path / "p.duckdb"
    assert run_cli(["import", str(path), "--db", str(db)]).exit_code == 0
    hidden = run_cli(["rejects", "--db", str(db)])
    assert SECRET not in hidden.stdout
    assert hidden.stdout.count("\n") == 2
    shown = run_cli(["rejects", "--db", str(db), "--show-values"])
    assert SECRET in shown.stdout  # the malformed line, quoted, for whoever may see it
    assert "'soon'" in shown.stdout


# -- small groups ---------------------------------------------------------------------------------


def test_small_groups_and_their_complements_are_suppressed() -> None:
    rule = suppress(
        [10, 2, 7, 30, 3, 4, 50], ["a", "a", "a", "b", "b", "b", "c"], k=5, what="teams"
    )
    # a: one small (2) → the smallest shown sibling (7) too; b: two small, no complement; c: none
    assert rule.hidden == {1, 2, 4, 5}
    assert (rule.small, rule.complementary) == (3, 1)
    assert rule.note is not None
    assert rule.note.startswith("3 teams with fewer than 5 contacts are not shown")
    assert suppress([5, 9], ["a", "a"], k=5, what="teams").note is None
    alone = suppress([1], ["a"], k=5, what="teams")
    assert (alone.hidden, alone.complementary) == ({0}, 0)


# -- the pseudonymisation key ---------------------------------------------------------------------


def _pseudonym(key: str, value: str) -> str:
    """SHA-256 over the key block (the key XOR 0x36, HMAC's inner pad) and the id."""
    block = bytes(b ^ 0x36 for b in key.encode().ljust(64, b"\0"))
    return hashlib.sha256(block + value.encode()).hexdigest()[:24]


def test_the_configured_key_pseudonymises_database_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARITY_PSEUDONYM_KEY", raising=False)
    path = write_csv(
        tmp_path / "a.csv",
        ["contact_id", "channel", "created_at", "customer_id"],
        [["1", "phone", "2026-03-02T09:00:00Z", SECRET]],
    )
    config = tmp_path / "parity.toml"
    config.write_text('pseudonym_key = "configured-key-0123456789"\n')
    db = tmp_path / "p.duckdb"
    run = run_cli(["import", str(path), "--db", str(db), "--config", str(config)])
    assert run.exit_code == 0, run.stderr
    with Store.open(db, read_only=True) as store:
        (stored,) = store.con.execute("SELECT customer_id FROM contacts").fetchone()  # type: ignore[misc]
        meta = dict(store.con.execute("SELECT key, value FROM parity_meta").fetchall())
    assert stored == _pseudonym("configured-key-0123456789", SECRET)
    assert "stored_key" not in meta  # a supplied key is never stored, only its fingerprint
    assert "configured-key" not in str(meta)
    other = write_csv(
        tmp_path / "b.csv",
        ["contact_id", "channel", "created_at", "customer_id"],
        [["2", "phone", "2026-03-02T09:00:00Z", "x"]],
    )
    refused = run_cli(["import", str(other), "--db", str(db)])  # without the key: refused
    assert refused.exit_code == 2
    assert "pseudonym_key" in refused.stderr
