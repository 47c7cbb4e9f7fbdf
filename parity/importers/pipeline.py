"""Importing files into the store: read, validate, then one transaction for all of them.

Every file is staged first (read by DuckDB, each row typed and judged, the
records reconciled with the independent count) into temporary tables. Only
then does one transaction insert the valid rows, the rejected ones and a
ledger entry per file: an error in any file leaves the database as it was.
A file whose content was imported before (same SHA-256) changes nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb
import numpy as np
import pyarrow as pa

from parity import errors, schema
from parity.errors import EnvironmentFailure, InputFileError
from parity.importers import canonical, readers
from parity.importers.readers import RawRelation
from parity.importers.scan import Fingerprint, fingerprint
from parity.importers.validate import hmac_pads, staging_select
from parity.sql import quote_identifier as qi
from parity.store import Store

Status = Literal["imported", "already_imported"]


@dataclass(slots=True)
class FileResult:
    path: Path
    status: Status
    fmt: str = ""
    profile: str = "canonical"
    source: str = "canonical"
    encoding: str | None = None
    delimiter: str | None = None
    columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_skipped: int = 0
    rows_replaced: int = 0
    import_id: int | None = None
    notes: list[str] = field(default_factory=list)
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class ImportOptions:
    channel: str | None = None  # every row's channel, for single-channel exports
    source: str | None = None  # key space of contact ids; defaults to the profile name
    aliases: Mapping[str, str] = field(default_factory=dict)  # channel value → channel


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files named, and the supported files inside directories named (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in readers.SUPPORTED
            )
            if not inside:
                raise InputFileError(
                    f"{path}: the directory holds no .csv, .parquet or .jsonl files"
                )
            files.extend(inside)
        elif path.is_file():
            files.append(path)
        else:
            raise InputFileError(errors.FILE_NOT_FOUND.format(file=path))
    return files


def import_files(
    store: Store, paths: Sequence[Path], options: ImportOptions = ImportOptions()
) -> list[FileResult]:
    """Import `paths` into `store`, all or nothing."""
    files = expand(paths)
    results: list[FileResult] = []
    staged: list[tuple[FileResult, str]] = []
    seen: dict[str, Path] = {}
    con = store.con
    with tempfile.TemporaryDirectory(prefix="parity-") as work:
        for n, path in enumerate(files):
            fp = _fingerprint(path)
            earlier = store.find_import(fp.sha256)
            if earlier is not None or fp.sha256 in seen:
                result = FileResult(path, "already_imported", sha256=fp.sha256)
                result.notes.append(
                    f"same content as {earlier[1]}, imported {earlier[2]}"
                    if earlier
                    else f"same content as {seen[fp.sha256]} in this run"
                )
                results.append(result)
                continue
            seen[fp.sha256] = path
            result, table = _stage(con, store, path, fp, Path(work), n, options)
            results.append(result)
            staged.append((result, table))
        try:
            with store.transaction():
                for result, table in staged:
                    _commit_file(store, result, table)
        except duckdb.OutOfMemoryException as exc:
            raise EnvironmentFailure(f"out of memory while importing: {exc}") from exc
        except duckdb.IOException as exc:
            raise EnvironmentFailure(
                f"cannot write the database: {str(exc).splitlines()[0]}"
            ) from exc
        finally:
            for _, table in staged:
                con.execute(f"DROP TABLE IF EXISTS {qi(table)}")
                con.execute(f"DROP TABLE IF EXISTS {qi(table + '_rejects')}")
    return results


def _fingerprint(path: Path) -> Fingerprint:
    try:
        fp = fingerprint(path)
    except OSError as exc:
        raise InputFileError(
            errors.UNREADABLE.format(file=path, what="a file", reason=exc.strerror or str(exc))
        ) from exc
    if fp.size == 0:
        raise InputFileError(errors.FILE_EMPTY.format(file=path))
    return fp


def _read(
    con: duckdb.DuckDBPyConnection, path: Path, fp: Fingerprint, work: Path, n: int
) -> RawRelation:
    fmt = readers.format_of(path)
    if fmt == "parquet":
        return readers.read_parquet(con, path)
    if fmt == "jsonl":
        return readers.read_jsonl(con, path, fp, work)
    return readers.read_csv(con, path, fp, work, canonical.score, tag=str(n))


def _stage(
    con: duckdb.DuckDBPyConnection,
    store: Store,
    path: Path,
    fp: Fingerprint,
    work: Path,
    n: int,
    options: ImportOptions,
) -> tuple[FileResult, str]:
    raw = _read(con, path, fp, work, n)
    mapping, ignored = canonical.mapping(
        raw.header,
        file=path,
        header_line=raw.header_line,
        channel_given=options.channel is not None,
    )
    source_name = options.source or "canonical"
    result = FileResult(
        path,
        "imported",
        fmt=raw.fmt,
        source=source_name,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        columns=sorted(set(mapping) | ({"channel"} if options.channel else set())),
        rows_read=raw.rows_read,
        rows_skipped=raw.rows_skipped,
        notes=list(raw.notes),
        sha256=fp.sha256,
    )
    if ignored:
        result.notes.append(f"columns ignored (not canonical): {', '.join(ignored)}")
    sql = staging_select(
        raw.sql,
        mapping,
        channel_constant=options.channel is not None,
        engine_error=raw.engine_error,
    )
    inner, outer = hmac_pads(store.pseudonym_key)
    params: dict[str, object] = {
        **raw.params,
        "alias_from": list(options.aliases),
        "alias_to": list(options.aliases.values()),
        "hmac_inner": inner,
        "hmac_outer": outer,
        "channel": options.channel,
    }
    table = f"__staged_{n}"
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {qi(table)} AS {sql}", _used(sql, params))
    except duckdb.Error as exc:
        raise InputFileError(
            errors.UNREADABLE.format(file=path, what=raw.fmt.upper(), reason=_engine_reason(exc))
        ) from exc
    count = con.execute(f"SELECT count(*) FROM {qi(table)}").fetchone()
    returned = int(count[0]) if count else 0
    if raw.expected_rows is not None and returned != raw.expected_rows:
        raise InputFileError(
            errors.UNRECONCILED.format(file=path, engine=returned, counted=raw.expected_rows)
        )
    raw.finish(con, returned)
    _mark_duplicates(con, table)
    _stage_rejects(con, raw, table, path, result)
    if result.rows_read - result.rows_skipped == 0:
        raise InputFileError(f"{path}: the file has a header but no data rows")
    return result, table


def _used(sql: str, params: dict[str, object]) -> dict[str, object]:
    """Only the parameters the statement uses (DuckDB refuses unused ones)."""
    return {k: v for k, v in params.items() if f"${k}" in sql}


def _engine_reason(exc: duckdb.Error) -> str:
    """The first line of an engine error, which never quotes a data line."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return first.split("Original Line")[0].strip()


def _mark_duplicates(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Reject later rows repeating a (channel, contact_id) of the same file."""
    t = qi(table)
    row = con.execute(
        f"SELECT count(*) - count(DISTINCT (channel, contact_id)) FROM {t} WHERE __reason IS NULL"
    ).fetchone()
    if not row or int(row[0]) == 0:
        return
    con.execute(
        f"UPDATE {t} SET __reason = 'duplicate_contact', __column = 'contact_id', "
        f"__value = contact_id WHERE __row IN (SELECT __row FROM (SELECT __row, row_number() "
        f"OVER (PARTITION BY channel, contact_id ORDER BY __row) AS k FROM {t} "
        f"WHERE __reason IS NULL) WHERE k > 1)"
    )


def _stage_rejects(
    con: duckdb.DuckDBPyConnection, raw: RawRelation, table: str, path: Path, result: FileResult
) -> None:
    """Collect engine and validation rejects with their physical lines into a temp table."""
    t = qi(table)
    rows = con.execute(
        f"SELECT __row FROM {t} WHERE __reason IS NOT NULL ORDER BY __row"
    ).fetchnumpy()
    bad = np.asarray(rows["__row"], dtype=np.int64)
    starts, ends = raw.lines_of(bad) if bad.size else (bad, bad)
    lines = pa.table({"__row": bad, "line": starts, "line_end": ends})
    engine = pa.table(
        {
            "line": [r.line for r in raw.rejects],
            "line_end": [r.line_end for r in raw.rejects],
            "reason": [r.reason for r in raw.rejects],
            "value": [r.value for r in raw.rejects],
            "detail": [r.detail for r in raw.rejects],
        },
        schema=pa.schema(
            [
                ("line", pa.int64()),
                ("line_end", pa.int64()),
                ("reason", pa.string()),
                ("value", pa.string()),
                ("detail", pa.string()),
            ]
        ),
    )
    con.register("__lines", lines)
    con.register("__engine", engine)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {qi(table + '_rejects')} AS "
            f"SELECT l.line, l.line_end, s.__column AS column_name, s.__reason AS reason, "
            f"s.__value AS value, s.__detail AS detail FROM {t} s JOIN __lines l USING (__row) "
            "UNION ALL SELECT line, line_end, 'row', reason, value, detail FROM __engine"
        )
    finally:
        con.unregister("__lines")
        con.unregister("__engine")
    result.rows_rejected = int(bad.size) + len(raw.rejects)
    result.rows_loaded = result.rows_read - result.rows_skipped - result.rows_rejected


def _commit_file(store: Store, result: FileResult, table: str) -> None:
    con = store.con
    t = qi(table)
    import_id = store.next_import_id()
    result.import_id = import_id
    existing = con.execute(
        "SELECT count(*) FROM contacts WHERE source = $s", {"s": result.source}
    ).fetchone()
    if existing and int(existing[0]) > 0:
        deleted = con.execute(
            f"DELETE FROM contacts c WHERE c.source = $s AND EXISTS (SELECT 1 FROM {t} s "
            "WHERE s.__reason IS NULL AND s.channel = c.channel AND s.contact_id = c.contact_id)",
            {"s": result.source},
        ).fetchone()
        result.rows_replaced = int(deleted[0]) if deleted else 0
    names = ", ".join(c.name for c in schema.COLUMNS)
    con.execute(
        f"INSERT INTO contacts (import_id, source, {names}) "
        f"SELECT $id, $s, {names} FROM {t} WHERE __reason IS NULL",
        {"id": import_id, "s": result.source},
    )
    con.execute(
        "INSERT INTO rejects SELECT $id, $file, line, line_end, column_name, reason, value, "
        f"detail FROM {qi(table + '_rejects')}",
        {"id": import_id, "file": result.path.name},
    )
    con.execute(
        "INSERT INTO imports VALUES ($id, $name, $path, $sha, $fmt, $profile, $source, $enc, "
        "$delim, $columns, $read, $loaded, $rejected, $skipped, $replaced, now())",
        {
            "id": import_id,
            "name": result.path.name,
            "path": str(result.path),
            "sha": result.sha256,
            "fmt": result.fmt,
            "profile": result.profile,
            "source": result.source,
            "enc": result.encoding,
            "delim": result.delimiter,
            "columns": result.columns,
            "read": result.rows_read,
            "loaded": result.rows_loaded,
            "rejected": result.rows_rejected,
            "skipped": result.rows_skipped,
            "replaced": result.rows_replaced,
        },
    )
