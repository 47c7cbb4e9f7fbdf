"""Loads the SQL of `queries/` and binds it safely.

Each file starts with `-- name: <name>` and comment lines stating the
definition in words (the query's documentation), then one statement using
DuckDB `$name` parameters. Loading checks that the file has a name, a
definition, a statement, and that every parameter it uses is declared in a
`-- params:` line and every declared one is used. The files are read with
importlib.resources, so they are found in an installed wheel
(`parity/queries/`) as well as in a checkout (`queries/` beside the package).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

_PARAM = re.compile(r"(?<![$\w])\$([A-Za-z_]\w*)")
_NAME = re.compile(r"^--\s*name:\s*([a-z_][a-z0-9_]*)\s*$")
_PARAMS = re.compile(r"^--\s*params:\s*(.*)$")
_MACRO = re.compile(r"^CREATE OR REPLACE TEMP MACRO (\w+)\(", re.MULTILINE)
INSTALLED = "temp.main.parity_macros"  # name → SQL of each macro install_macro created


class QueryFileError(Exception):
    """A query file breaks the conventions above (a bug in parity, not user input)."""


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    doc: str
    sql: str
    params: frozenset[str]
    source: str


def queries_dir() -> Traversable:
    """The folder holding the .sql files: inside the package when installed, else the checkout."""
    packaged = resources.files("parity") / "queries"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "queries"
    if checkout.is_dir():
        return checkout
    raise QueryFileError("queries/ not found beside the parity package nor inside it")


def parse_query(text: str, source: str) -> Query:
    """Parse and check one query file."""
    lines = text.splitlines()
    if not lines or not (m := _NAME.match(lines[0].strip())):
        raise QueryFileError(f"{source}:1: a query file must start with '-- name: <name>'")
    name = m.group(1)
    doc_lines: list[str] = []
    declared: set[str] = set()
    body_start = len(lines)
    for i, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if not stripped.startswith("--"):
            body_start = i - 1
            break
        if pm := _PARAMS.match(stripped):
            declared.update(p.strip().lstrip("$") for p in pm.group(1).split(",") if p.strip())
        else:
            doc_lines.append(stripped[2:].strip())
    doc = "\n".join(doc_lines).strip()
    if not doc:
        raise QueryFileError(f"{source}:2: '{name}' has no definition in words after its name")
    body = "\n".join(lines[body_start:]).strip().rstrip(";").strip()
    if not body:
        raise QueryFileError(f"{source}: '{name}' has no statement")
    used = set(_PARAM.findall(_strip_comments(body)))
    for param in sorted(used - declared):
        line_no = next((n for n, ln in enumerate(lines, 1) if f"${param}" in ln), body_start + 1)
        raise QueryFileError(f"{source}:{line_no}: parameter ${param} is used but not declared")
    for param in sorted(declared - used):
        raise QueryFileError(f"{source}: parameter ${param} is declared but never used")
    return Query(name=name, doc=doc, sql=body, params=frozenset(declared), source=source)


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


@cache
def load_queries() -> dict[str, Query]:
    """Every query under queries/, by name."""
    found: dict[str, Query] = {}
    folder = queries_dir()
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".sql"):
            continue
        query = parse_query(entry.read_text(encoding="utf-8"), f"queries/{entry.name}")
        if query.name in found:
            raise QueryFileError(f"{query.source}: name '{query.name}' is used twice")
        found[query.name] = query
    return found


def get(name: str) -> Query:
    return load_queries()[name]


def bind(query: Query, values: dict[str, object]) -> dict[str, object]:
    """The parameters of `query`, checked: exactly the declared names."""
    missing = query.params - values.keys()
    extra = values.keys() - query.params
    if missing or extra:
        raise QueryFileError(
            f"{query.source}: '{query.name}' called with missing {sorted(missing)} "
            f"and unexpected {sorted(extra)} parameters"
        )
    return dict(values)


def quote_identifier(name: str) -> str:
    """Quote a name from data or config for use as a SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def own_table(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """Table `name` of the connection's database, named whole: a bare or `main.` name finds a
    temporary table or view of that name first."""
    row = con.execute("SELECT current_database()").fetchone()
    assert row is not None
    return f"{quote_identifier(str(row[0]))}.main.{quote_identifier(name)}"


def install_macro(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Create the macro of queries/<name>.sql (`clocked_calendar` creates `clocked`) and
    list it, with the SQL it was created from, in the connection's INSTALLED table.

    parity.kept digests the macros a query is built on. DuckDB's own catalog
    (`duckdb_functions()`) lists every built-in function too and took 10 ms a
    read, 0.7 s of a report with a weekly trend; the list is read in a fraction
    of a millisecond.
    """
    query = get(name)
    created = _MACRO.search(query.sql)
    if created is None:
        raise QueryFileError(f"{query.source}: creates no temporary macro")
    macro = created.group(1)
    if installed_macros(con).get(macro) == query.sql:
        return  # as it is: a report per week installs the same macros again
    con.execute(query.sql)
    con.execute(f"INSERT OR REPLACE INTO {INSTALLED} VALUES ($n, $d)", {"n": macro, "d": query.sql})


def installed_macros(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The macros `install_macro` created on this connection: name → the SQL it ran."""
    temp_table(con, INSTALLED, "name VARCHAR PRIMARY KEY, definition VARCHAR NOT NULL")
    return dict(con.execute(f"SELECT name, definition FROM {INSTALLED}").fetchall())


# the temporary tables temp_table made, per connection (forgotten with it)
_MADE: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, set[str]] = weakref.WeakKeyDictionary()


def temp_table(con: duckdb.DuckDBPyConnection, table: str, columns: str) -> None:
    """Create the temporary `table` (its `columns` as in CREATE TABLE) unless this
    connection has it: once per connection, not at every use (a report per week used
    them 28 to 160 times). For parity's own working tables, which it empties but never
    drops, made where no transaction is open (one rolled back would take the table
    with it)."""
    made = _MADE.setdefault(con, set())
    if table not in made:
        con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({columns})")
        made.add(table)


def store_state(con: duckdb.DuckDBPyConnection) -> list[int | None]:
    """The state of the store's contacts: its latest import and number of contacts. Only
    imports write contacts, and each adds an import, so a change of the contacts changes it."""
    row = con.execute(
        "SELECT (SELECT max(import_id) FROM main.imports), (SELECT count(*) FROM main.contacts)"
    ).fetchone()
    assert row is not None
    return [None if v is None else int(v) for v in row]


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str] | None:
    """The columns of the database's table `table` as "name TYPE", in order; None when
    it has no such table."""
    row = con.execute(
        "SELECT list(column_name || ' ' || data_type ORDER BY column_index) "
        "FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = $t",
        {"t": table},
    ).fetchone()
    return None if row is None or row[0] is None else [str(c) for c in row[0]]


def drop_other_layout(
    con: duckdb.DuckDBPyConnection, table: str, columns: Iterable[tuple[str, str]]
) -> None:
    """Drop the database's table `table` if its columns are not `columns` (name, TYPE), in
    order: a derived table of an older parity's, which the DDL then creates anew. Run where
    the store's schema is made, when it opens: never inside an import's transaction."""
    found = columns_of(con, table)
    if found is not None and found != [f"{c} {t}" for c, t in columns]:
        con.execute(f"DROP TABLE main.{quote_identifier(table)}")


# the tables has_table found, per connection (forgotten with it)
_FOUND: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, set[str]] = weakref.WeakKeyDictionary()


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the connection's database (not its temporary objects) has table `name`.

    A table once found is remembered for the connection: parity drops none of its
    database's tables while connected (only temporary ones, and, as a store opens, kept
    tables of an older layout, which it creates again at once). DuckDB's list of every
    table cost half a millisecond a look, and a report with a weekly trend looked 112 times.
    """
    found = _FOUND.setdefault(con, set())
    if name in found:
        return True
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND table_name = $name",
        {"name": name},
    ).fetchone()
    if row and row[0]:
        found.add(name)
        return True
    return False
