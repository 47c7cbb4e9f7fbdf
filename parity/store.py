"""The DuckDB store: contacts, the import ledger, rejected rows, metadata, and the
period results `parity summary` keeps (see parity.history).

One file per organisation (`--db`, default `./parity.duckdb`), or an
in-memory database for `parity report FILE…` that persists nothing. The
schema is created once when the store is opened, never inside an import
transaction. Every import runs in one transaction: all or nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from parity import errors, interrupts, journey_index, kept, kept_weeks, locking, schema, sql
from parity.engine_errors import describe
from parity.errors import ConfigError, EnvironmentFailure, UserError

SCHEMA_VERSION = "1"
DEFAULT_DB = Path("parity.duckdb")
KEY_ENV = "PARITY_PSEUDONYM_KEY"
MEMORY_ENV = "PARITY_MEMORY_LIMIT"  # DuckDB's memory_limit, e.g. "2GB": beyond it, spill
DEFAULT_MEMORY_LIMIT = "512MB"
MEMORY_SIZE = re.compile(r"\s*\d+(\.\d+)?\s*[KMGT]i?B\s*")

_CONTACT_COLUMNS = ",\n    ".join(f"{c.name} {c.sql_type}" for c in schema.COLUMNS)

DDL = (
    f"""
CREATE TABLE IF NOT EXISTS parity_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS imports (
    import_id INTEGER PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    file_path VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL UNIQUE,
    format VARCHAR NOT NULL,
    profile VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    encoding VARCHAR,
    delimiter VARCHAR,
    columns VARCHAR[] NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    rows_skipped BIGINT NOT NULL,
    rows_replaced BIGINT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    CHECK (rows_read = rows_loaded + rows_rejected + rows_skipped)
);
CREATE TABLE IF NOT EXISTS import_skips (
    import_id INTEGER NOT NULL,
    reason VARCHAR NOT NULL,
    rows BIGINT NOT NULL,
    why VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS contacts (
    contact_key BIGINT NOT NULL,  -- import_id * 2^40 + the row's number in its file
    import_id INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    -- whether the contact's file had first_response_at / resolved_at / remedy_amount
    -- at all: an empty value then means "never", else "unknown" (docs/metrics.md)
    response_known BOOLEAN NOT NULL,
    resolution_known BOOLEAN NOT NULL,
    amount_known BOOLEAN NOT NULL,
    {_CONTACT_COLUMNS},
    -- customer_key(customer_id) (queries/customer_key.sql), the journeys' join key: kept, not
    -- derived from the pseudonym at every pairing (last: an older store gains it at the end)
    customer_key UBIGINT
);
CREATE TABLE IF NOT EXISTS period_results (
    period VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    settings VARCHAR NOT NULL,
    result VARCHAR NOT NULL,
    PRIMARY KEY (period, period_start)
);
CREATE TABLE IF NOT EXISTS rejects (
    import_id INTEGER NOT NULL,
    file_name VARCHAR NOT NULL,
    line BIGINT,
    line_end BIGINT,
    column_name VARCHAR,
    reason VARCHAR NOT NULL,
    value VARCHAR,
    detail VARCHAR
);
"""
    + journey_index.DDL
    + kept.DDL
    + kept_weeks.DDL
)


@dataclass(frozen=True, slots=True)
class StoreInfo:
    path: Path | None  # None for an in-memory store
    contacts: int
    imports: int


EngineConfig = dict[str, str | bool | int | float | list[str]]


def engine_config(
    memory_limit: str | None = None, *, default: str | None = DEFAULT_MEMORY_LIMIT
) -> tuple[EngineConfig, Path]:
    """DuckDB settings for a connection: its memory limit and a private spill folder.

    DuckDB keeps tables and intermediate results within `memory_limit` and
    spills the rest to disk, so a report on ten million contacts stays under a
    gigabyte of memory (docs/performance.md). The limit is `memory_limit` (the
    config key), else $PARITY_MEMORY_LIMIT, else `default`: 512 MB for reports;
    None (DuckDB's own, 80 % of the machine) for an import into a database,
    where spilling the staged rows would only slow it down. The spill folder is
    a new private temporary directory, removed when the store closes; left to
    itself DuckDB would spill an in-memory database into ./.tmp of wherever
    parity runs.
    """
    limit = memory_limit or os.environ.get(MEMORY_ENV) or default
    if limit and not MEMORY_SIZE.fullmatch(limit):
        raise ConfigError(f"{MEMORY_ENV}: '{limit}' is not a memory size (e.g. 2GB or 500MB)")
    spill = Path(tempfile.mkdtemp(prefix="parity-spill-"))
    config: EngineConfig = {"temp_directory": str(spill)}
    if limit:
        config["memory_limit"] = limit
    return config, spill


class Store:
    """A connection to parity's database with its schema in place."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: Path | None,
        *,
        timezone: str,
        read_only: bool = False,
        spill: Path | None = None,
    ) -> None:
        self.con = con
        self.path = path
        self.timezone = timezone
        self.read_only = read_only
        self.spill = spill  # DuckDB's private spill folder, removed on close
        # ... or, for a store its owner never closed, when it is collected or Python exits
        self._forget_spill = (
            weakref.finalize(self, shutil.rmtree, spill, ignore_errors=True) if spill else None
        )
        # staged tables an in-memory store shows as its contacts (importers/memory_view.py)
        self.staged_tables: list[str] = []

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def memory(
        cls, *, timezone: str = "UTC", key: str | None = None, memory_limit: str | None = None
    ) -> Store:
        """An in-memory store; with no key, a fresh pseudonymisation key for this run."""
        config, spill = engine_config(memory_limit)
        store = cls(duckdb.connect(":memory:", config=config), None, timezone=timezone, spill=spill)
        store._prepare(read_only=False)
        store._ensure_key(key or os.environ.get(KEY_ENV) or secrets.token_hex(32))
        return store

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        create: bool = True,
        timezone: str = "UTC",
        wait_seconds: float = 0.0,
        pseudonymise: bool = True,
        key: str | None = None,
        memory_limit: str | None = None,
        default_memory_limit: str | None = DEFAULT_MEMORY_LIMIT,
    ) -> Store:
        """Open (and when allowed, create) the database file at `path`.

        `pseudonymise=False` is for writers that never import contacts (the summary's
        history): they need no pseudonymisation key. `key` is the configured one; without
        it, $PARITY_PSEUDONYM_KEY, else the key stored in the database.
        """
        if not path.exists() and (read_only or not create):
            raise UserError(errors.DB_NOT_FOUND.format(file=path))
        config, spill = engine_config(memory_limit, default=default_memory_limit)
        try:
            con = locking.connect(
                path, read_only=read_only, wait_seconds=wait_seconds, config=config
            )
        except BaseException:
            shutil.rmtree(spill, ignore_errors=True)
            raise
        store = cls(con, path, timezone=timezone, read_only=read_only, spill=spill)
        try:
            store._prepare(read_only=read_only, pseudonymise=pseudonymise, key=key)
        except BaseException:
            store.close(checkpoint=False)
            raise
        return store

    def _prepare(
        self, *, read_only: bool, pseudonymise: bool = True, key: str | None = None
    ) -> None:
        self.con.execute("SET TimeZone = $tz", {"tz": self.timezone})
        # DuckDB draws its own progress bar on long queries: never in parity's output
        self.con.execute("SET enable_progress_bar = false")
        if read_only:
            tables = {
                r[0]
                for r in self.con.execute(
                    "SELECT table_name FROM duckdb_tables() "
                    "WHERE database_name = current_database()"
                ).fetchall()
            }
            missing = {"parity_meta", "imports", "contacts", "rejects"} - tables
            if missing:
                raise UserError(
                    errors.DB_NOT_PARITY.format(
                        file=self.path, reason=f"tables missing: {', '.join(sorted(missing))}"
                    )
                )
            self._add_customer_keys(read_only=True)
            return
        kept.drop_outdated(self.con)
        kept_weeks.drop_outdated(self.con)
        self.con.execute(DDL)
        self._add_customer_keys(read_only=False)
        self.con.execute(
            "INSERT INTO parity_meta VALUES ('schema_version', $v) ON CONFLICT DO NOTHING",
            {"v": SCHEMA_VERSION},
        )
        if self.path is not None and pseudonymise:
            self._ensure_key(key or os.environ.get(KEY_ENV))
        if self.path is not None:
            # the schema goes into the file at once, never left to a replay of the log: the
            # DuckDB corruptions on record involve replaying schema changes (FIELD-NOTES)
            self.con.execute("CHECKPOINT")

    def _add_customer_keys(self, *, read_only: bool) -> None:
        """Give the contacts of a store written before parity kept `customer_key` the column.

        Opened for writing, the store gains it, filled in one transaction (0.9 s at ten
        million contacts, once). Read-only, a temporary view of the same name shows the
        contacts with the key computed: what every query reads is the same either way.
        """
        if any(c.startswith("customer_key ") for c in sql.columns_of(self.con, "contacts") or []):
            return
        sql.install_macro(self.con, "customer_key")
        if read_only:
            table = sql.own_table(self.con, "contacts")  # the view will shadow the bare name
            view = f"SELECT *, customer_key(customer_id) AS customer_key FROM {table}"  # noqa: S608
            self.con.execute("CREATE OR REPLACE TEMP VIEW contacts AS " + view)
            return
        with self.transaction():
            self.con.execute("ALTER TABLE contacts ADD COLUMN customer_key UBIGINT")
            self.con.execute("UPDATE contacts SET customer_key = customer_key(customer_id)")

    def twin(self) -> Store:
        """Another connection to the same database, for a reader on another thread (a
        DuckDB cursor): the same tables, memory limit and spill folder, but temporary
        tables, macros and transactions of its own (so it makes its own view of the
        customer keys of an older store). Closing it writes nothing."""
        twin = Store(self.con.cursor(), self.path, timezone=self.timezone, read_only=True)
        twin._add_customer_keys(read_only=True)
        return twin

    def close(self, *, checkpoint: bool = True) -> None:
        """Close the connection; a writer whose work succeeded checkpoints first.

        The checkpoint folds the write-ahead log into the database file, so the file
        alone holds every committed change. When it fails (a full disk), the changes
        are still committed, in the log, and applied when the database is next opened:
        the error says so. After a failure, `checkpoint=False` just closes.
        """
        try:
            if checkpoint and self.path is not None and not self.read_only:
                try:
                    self.con.execute("CHECKPOINT")
                except duckdb.Error as exc:
                    raise EnvironmentFailure(
                        errors.CHECKPOINT_FAILED.format(file=self.path, reason=describe(exc))
                    ) from exc
        finally:
            self.con.close()
            if self._forget_spill is not None:
                self._forget_spill()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(checkpoint=kind is None)

    # -- pseudonymisation key -------------------------------------------------------------------

    def _ensure_key(self, supplied: str | None) -> None:
        """Keep the key customer ids are hashed with; the same key for the whole database.

        A supplied key (config or environment) is never stored, only its fingerprint, so
        that a later import with another key is refused rather than mixing two hash spaces.
        Without one, a random key is generated and stored in the database.
        """
        meta = dict(self.con.execute("SELECT key, value FROM parity_meta").fetchall())
        if supplied:
            fingerprint = _fingerprint(supplied)
            known = meta.get("key_fingerprint")
            if known is None:
                self.con.execute(
                    "INSERT INTO parity_meta VALUES ('key_fingerprint', $f)", {"f": fingerprint}
                )
            elif known != fingerprint:
                raise UserError(
                    f"{self.path}: the pseudonymisation key (pseudonym_key in the config, or "
                    f"{KEY_ENV}) differs from the one this database was built with; use the "
                    "original key"
                )
            self._key = supplied
            return
        if "stored_key" in meta:
            self._key = meta["stored_key"]
            return
        if "key_fingerprint" in meta:
            raise UserError(
                f"{self.path}: this database was built with a supplied pseudonymisation key; "
                f"set {KEY_ENV} (or pseudonym_key in the config) to it"
            )
        key = secrets.token_hex(32)
        self.con.execute(
            "INSERT INTO parity_meta VALUES ('stored_key', $k), ('key_fingerprint', $f)",
            {"k": key, "f": _fingerprint(key)},
        )
        self._key = key

    @property
    def pseudonym_key(self) -> bytes:
        return self._key.encode("utf-8")

    # -- transactions and ledger ----------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: commits when the block ends normally, rolls back otherwise."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
            interrupts.check()  # a Ctrl-C whose exception a library swallowed: still nothing
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def find_import(self, sha256: str) -> tuple[int, str, str] | None:
        """(import_id, file_name, imported_at) of an earlier import of the same content."""
        row = self.con.execute(
            "SELECT import_id, file_name, strftime(imported_at, '%Y-%m-%d %H:%M:%S%z') "
            "FROM imports WHERE content_sha256 = $h",
            {"h": sha256},
        ).fetchone()
        return (int(row[0]), str(row[1]), str(row[2])) if row else None

    def next_import_id(self) -> int:
        row = self.con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
        assert row is not None
        return int(row[0])

    def has_table(self, name: str) -> bool:
        return sql.has_table(self.con, name)

    def info(self) -> StoreInfo:
        contacts = self.con.execute("SELECT count(*) FROM contacts").fetchone()
        imports = self.con.execute("SELECT count(*) FROM imports").fetchone()
        assert contacts is not None
        assert imports is not None
        return StoreInfo(self.path, int(contacts[0]), int(imports[0]))


def _fingerprint(key: str) -> str:
    return hashlib.sha256(b"parity-key-fingerprint\0" + key.encode("utf-8")).hexdigest()[:16]
