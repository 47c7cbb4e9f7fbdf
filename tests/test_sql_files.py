"""queries/*.sql: conventions checked on load, and found from an installed wheel too."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from parity import sql
from parity.sql import QueryFileError, parse_query
from tests.conftest import ROOT


def test_every_query_file_loads_with_a_definition() -> None:
    queries = sql.load_queries()
    expected = {
        "scope", "period", "volume", "survival_table", "times", "rate_counts", "rates",
        "score_counts", "satisfaction",
    }  # fmt: skip
    assert expected <= set(queries)
    for query in queries.values():
        assert len(query.doc) > 40, query.name


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("SELECT 1", "must start with '-- name: <name>'"),
        ("-- name: x\nSELECT 1", "has no definition in words"),
        ("-- name: x\n-- the definition\n", "has no statement"),
        ("-- name: x\n-- def\nSELECT $a", "parameter $a is used but not declared"),
        (
            "-- name: x\n-- def\n-- params: a, b\nSELECT $a",
            "parameter $b is declared but never used",
        ),
    ],
)
def test_broken_query_files_fail_with_file_and_line(text: str, problem: str) -> None:
    with pytest.raises(QueryFileError, match=problem.replace("$", r"\$").replace("(", r"\(")):
        parse_query(text, "queries/x.sql")


def test_binding_checks_parameter_names() -> None:
    query = sql.get("volume")
    with pytest.raises(QueryFileError, match="missing"):
        sql.bind(query, {"since": None})


def test_a_table_found_is_remembered_and_one_not_found_looked_for_again() -> None:
    con, other = duckdb.connect(), duckdb.connect()
    assert not sql.has_table(con, "t")
    con.execute("CREATE TABLE t (a INTEGER)")
    assert sql.has_table(con, "t")
    assert not sql.has_table(other, "t")  # per connection
    con.execute("CREATE TEMP TABLE u (a INTEGER)")
    assert not sql.has_table(con, "u")  # the database's tables, not temporary ones


def test_installed_macros_list_what_install_macro_created() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE contacts (created_at TIMESTAMPTZ)")  # what scoped reads
    assert sql.installed_macros(con) == {}
    for name in ("week", "scope", "week"):  # the second time it is as it is: left
        sql.install_macro(con, name)
    assert sql.installed_macros(con) == {
        "week_of": sql.get("week").sql,
        "scoped": sql.get("scope").sql,
    }
    assert con.execute("SELECT week_of(TIMESTAMPTZ '1969-12-29 00:00:00+00')").fetchone() == (0,)


def test_quote_identifier_escapes_quotes() -> None:
    assert sql.quote_identifier('a"b') == '"a""b"'


@pytest.mark.slow
def test_queries_are_found_from_an_installed_wheel(tmp_path: Path) -> None:
    """Build the wheel, unpack it away from the checkout, load the queries and profiles from it."""
    out = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = out.glob("parity-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "parity/queries/times.sql" in names
        assert "parity/importers/profiles/sf311.toml" in names
        zf.extractall(tmp_path / "site")
    code = (
        "import parity.sql as s, pathlib; d = s.queries_dir(); "
        "print(d); assert 'site' in str(d), d; assert len(s.load_queries()) >= 9; "
        "import parity.importers.profile_files as p; "
        "assert 'site' in p.__file__; assert len(p.builtins()) >= 14"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert str(tmp_path / "site") in done.stdout
