"""Importing files into the store: read, validate, then one transaction for all of them.

Every file is staged first (its profile chosen from its header, read by
DuckDB, mapped by the profile, each row typed and judged, the records
reconciled with the independent count) into temporary tables. Only
then does one transaction insert the valid rows, the rejected ones and a
ledger entry per file: an error in any file leaves the database as it was.
A file whose content was imported before (same SHA-256) changes nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

from parity import errors, journey_index, schema
from parity.engine_errors import describe
from parity.errors import EnvironmentFailure, InputFileError
from parity.importers import canonical, jsonl, memory_view, readers, shape, staged
from parity.importers.detect import Choice, Detector
from parity.importers.profile_files import resolve
from parity.importers.profile_sql import compile_profile
from parity.importers.readers import RawRelation
from parity.importers.validate import key_block, staging_select
from parity.progress import Progress, silent
from parity.sql import quote_identifier as qi
from parity.store import Store

Status = Literal["imported", "already_imported"]
PROGRESS_TASK = "Reading exports"
SKIP_REASONS = {
    "preamble": "a line before the header",
    "blank_line": "an empty line",
    shape.FOOTER: shape.FOOTER_WHY,
}


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
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    skip_reasons: dict[str, str] = field(default_factory=dict)  # reason → why, from the profile
    profile_detected: bool = False  # chosen by matching the header, not named with --profile
    import_id: int | None = None
    notes: list[str] = field(default_factory=list)
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class ImportOptions:
    channel: str | None = None  # every row's channel, for single-channel exports
    source: str | None = None  # key space of contact ids; defaults to the profile name
    profile: str | None = None  # a built-in profile's name or a profile file; None: detect
    aliases: Mapping[str, str] = field(default_factory=dict)  # channel value → channel


def import_files(
    store: Store,
    paths: Sequence[Path],
    options: ImportOptions = ImportOptions(),
    progress: Progress = silent,
    keep: Callable[[Store], None] | None = None,
    check: Callable[[Store], None] | None = None,
) -> list[FileResult]:
    """Import `paths` into `store`, all or nothing; `progress` hears of each file.

    `check` runs inside the import's transaction once the rows are in, before the
    journey index and the commit: a UserError it raises leaves the store as it was.

    `keep` runs once the import's transaction has committed, when it changed
    anything: what else the store keeps about its contacts (parity.kept).
    """
    files = readers.expand(paths)
    detector = Detector(
        resolve(options.profile) if options.profile else None,
        channel_given=options.channel is not None,
    )
    results: list[FileResult] = []
    staged: list[tuple[FileResult, str]] = []
    seen: dict[str, Path] = {}
    con = store.con
    memory_view.fold(con, store.staged_tables)
    with tempfile.TemporaryDirectory(prefix="parity-") as work:
        for n, path in enumerate(files):
            progress(PROGRESS_TASK, n, len(files))
            raw = _read(con, path, Path(work), n, detector)
            fp = raw.fingerprint
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
            result, table = _stage(con, store, path, raw, n, options, detector)
            results.append(result)
            staged.append((result, table))
        progress(PROGRESS_TASK, len(files), len(files))
        empty = store.info().contacts == 0
        as_view = (
            store.path is None
            and empty
            and memory_view.applies(con, [(r.source, t) for r, t in staged])
        )
        # the journey index: rebuilt for everyone into an empty or outdated store, else
        # recomputed for the customers of the rows added or replaced (journey_index.py)
        everyone = empty or not journey_index.is_current(con)
        journey_index.install(con)
        try:
            with store.transaction():
                for result, table in staged:
                    _commit_file(store, result, table, copy=not as_view, touch=not everyone)
                if check is not None and staged:
                    check(store)
                if staged and not as_view:
                    journey_index.refresh(con, everyone=everyone)
            if keep is not None and staged and not as_view:
                keep(store)
            if as_view:
                memory_view.expose(
                    con, [(r.import_id or 0, t, _known(r.columns)) for r, t in staged]
                )
                store.staged_tables.extend(t for _, t in staged)
                journey_index.refresh(con, everyone=True, in_parts=True)
        except duckdb.OutOfMemoryException as exc:
            raise EnvironmentFailure(f"out of memory while importing: {describe(exc)}") from exc
        except (duckdb.IOException, duckdb.TransactionException) as exc:  # a full disk at COMMIT
            raise EnvironmentFailure(f"cannot write the database: {describe(exc)}") from exc
        finally:
            for _, table in staged:
                if not as_view:
                    con.execute(f"DROP TABLE IF EXISTS {qi(table)}")
                con.execute(f"DROP TABLE IF EXISTS {qi(table + '_rejects')}")
    return results


def _read(
    con: duckdb.DuckDBPyConnection, path: Path, work: Path, n: int, detector: Detector
) -> RawRelation:
    """The file's raw relation, with its fingerprint and independent record count."""
    fmt = readers.format_of(path)
    try:
        if path.stat().st_size == 0:
            raise InputFileError(errors.FILE_EMPTY.format(file=path))
        if fmt == "parquet":
            return readers.read_parquet(con, path)
        if fmt == "jsonl":
            return jsonl.read_jsonl(con, path, work, tag=str(n))
        return readers.read_csv(con, path, work, detector.score, tag=str(n))
    except OSError as exc:
        raise InputFileError(
            errors.UNREADABLE.format(file=path, what="a file", reason=exc.strerror or str(exc))
        ) from exc


@dataclass(frozen=True, slots=True)
class _Plan:
    """How a file's raw relation becomes staged rows: the SQL and what it says about the file."""

    sql: str
    params: dict[str, object]
    columns: list[str]
    notes: list[str]
    reasons: dict[str, str]


def _plan(raw: RawRelation, choice: Choice, path: Path, options: ImportOptions) -> _Plan:
    constant = options.channel is not None
    if choice.profile is None:
        mapping, ignored = canonical.mapping(
            raw.header, file=path, header_line=raw.header_line, channel_given=constant
        )
        notes = [f"columns ignored (not canonical): {', '.join(ignored)}"] if ignored else []
        sql = staging_select(
            raw.direct or raw.sql,
            mapping,
            channel_constant=constant,
            engine_error=raw.engine_error,
            trim=raw.blank_edges,
        )
        return _Plan(sql, {}, list(mapping), notes, {})
    compiled = compile_profile(choice.profile, raw.sql, raw.header, engine_error=raw.engine_error)
    sql = staging_select(
        compiled.sql,
        {c: c for c in compiled.columns},
        channel_constant=constant,
        engine_error=raw.engine_error,
        typed=compiled.typed,
        skip=True,
    )
    notes = [f"{len(compiled.unused)} column(s) not used by the profile"] if compiled.unused else []
    return _Plan(sql, compiled.params, list(compiled.columns), notes, compiled.reasons)


def _stage(
    con: duckdb.DuckDBPyConnection,
    store: Store,
    path: Path,
    raw: RawRelation,
    n: int,
    options: ImportOptions,
    detector: Detector,
) -> tuple[FileResult, str]:
    fp = raw.fingerprint
    choice = detector.choose(raw.header, file=path, line=raw.header_line)
    plan = _plan(raw, choice, path, options)
    result = FileResult(
        path,
        "imported",
        fmt=raw.fmt,
        profile=choice.name,
        profile_detected=choice.detected,
        source=options.source or choice.name,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        columns=sorted(set(plan.columns) | ({"channel"} if options.channel else set())),
        rows_read=raw.rows_read,
        rows_skipped=raw.rows_skipped,
        skipped_by_reason=dict(raw.skipped_by_reason),
        skip_reasons={**SKIP_REASONS, **plan.reasons},
        notes=[*raw.notes, *plan.notes],
        sha256=fp.sha256,
    )
    sql = plan.sql
    params: dict[str, object] = {
        **raw.params,
        **plan.params,
        "alias_from": list(options.aliases),
        "alias_to": list(options.aliases.values()),
        "key_block": key_block(store.pseudonym_key),
        "channel": options.channel,
    }
    table = memory_view.staged_name()
    direct = choice.profile is None and raw.direct is not None  # memory_view.row_number
    try:
        if raw.prepare is not None and not direct:
            con.execute(raw.prepare, _used(raw.prepare, raw.params))
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {qi(table)} AS SELECT *, $__source AS __source "
            f"FROM ({sql})",
            {**_used(sql, params), "__source": result.source},
        )
    except (duckdb.OutOfMemoryException, duckdb.IOException, duckdb.InterruptException):
        raise  # the machine failed, not the file: exit 3 (parity.commands.common)
    except duckdb.Error as exc:
        raise InputFileError(
            errors.UNREADABLE.format(file=path, what=raw.fmt.upper(), reason=_engine_reason(exc))
        ) from exc
    finally:
        if raw.table is not None:
            con.execute(f"DROP TABLE IF EXISTS {qi(raw.table)}")
    count = con.execute(f"SELECT count(*) FROM {qi(table)}").fetchone()
    returned = int(count[0]) if count else 0
    if raw.expected_rows is not None and returned != raw.expected_rows:
        raise InputFileError(
            errors.UNRECONCILED.format(file=path, engine=returned, counted=raw.expected_rows)
        )
    raw.finish(con, returned)
    if raw.rows_read - raw.rows_skipped == 0:
        raise InputFileError(f"{path}: the file has a header but no data rows")
    settled = shape.settle(con, table, raw, path)
    for reason, rows in {**settled, **staged.count_skipped(con, table)}.items():
        result.skipped_by_reason[reason] = rows
        result.rows_skipped += rows
    staged.mark_duplicates(con, table)
    result.rows_rejected = staged.stage_rejects(con, raw, table)
    result.rows_loaded = result.rows_read - result.rows_skipped - result.rows_rejected
    return result, table


def _used(sql: str, params: dict[str, object]) -> dict[str, object]:
    """Only the parameters the statement uses (DuckDB refuses unused ones)."""
    return {k: v for k, v in params.items() if f"${k}" in sql}


def _engine_reason(exc: duckdb.Error) -> str:
    """The engine's error, rewritten so that it quotes no data (`parity.engine_errors`)."""
    return describe(exc)


def _known(columns: Sequence[str]) -> dict[str, bool]:
    """The "column was present" flags stored with each contact (docs/metrics.md)."""
    return {
        "response_known": "first_response_at" in columns,
        "resolution_known": "resolved_at" in columns,
        "amount_known": "remedy_amount" in columns,
    }


def _commit_file(
    store: Store, result: FileResult, table: str, *, copy: bool = True, touch: bool = False
) -> None:
    """The file's ledger entry, rejects and skips; and its contacts unless they stay a view.

    `touch`: list the customers of the rows added and replaced for the journey index.
    """
    con = store.con
    t = qi(table)
    import_id = store.next_import_id()
    result.import_id = import_id
    valid = "__verdict IS NULL AND __skip IS NULL"
    existing = con.execute(
        "SELECT count(*) FROM contacts WHERE source = $s", {"s": result.source}
    ).fetchone()
    if copy and existing and int(existing[0]) > 0:
        replaced = (
            f"c.source = $s AND EXISTS (SELECT 1 FROM {t} s WHERE {valid} "
            "AND s.channel = c.channel AND s.contact_id = c.contact_id)"
        )
        if touch:
            journey_index.touch(
                con,
                f"SELECT c.customer_key FROM contacts c WHERE {replaced}",
                {"s": result.source},
            )
        deleted = con.execute(
            f"DELETE FROM contacts c WHERE {replaced}", {"s": result.source}
        ).fetchone()
        result.rows_replaced = int(deleted[0]) if deleted else 0
    if copy:
        names = ", ".join(c.name for c in schema.COLUMNS)
        known = _known(result.columns)
        con.execute(
            "INSERT INTO contacts (contact_key, import_id, source, response_known, "
            f"resolution_known, amount_known, {names}, customer_key) SELECT $id * $stride + "
            f"{memory_view.row_number()}, $id, $s, "
            f"$response_known, $resolution_known, $amount_known, {names}, "
            f"customer_key(customer_id) FROM {t} WHERE {valid}",
            {"id": import_id, "stride": memory_view.KEY_STRIDE, "s": result.source, **known},
        )
    if touch:  # the keys the INSERT computed, read back rather than computed again
        journey_index.touch(
            con, "SELECT customer_key FROM contacts WHERE import_id = $id", {"id": import_id}
        )
    con.execute(
        "INSERT INTO rejects SELECT $id, $file, line, line_end, column_name, reason, value, "
        f"detail FROM {qi(table + '_rejects')}",
        {"id": import_id, "file": result.path.name},
    )
    for reason, rows in result.skipped_by_reason.items():
        con.execute(
            "INSERT INTO import_skips VALUES ($id, $reason, $rows, $why)",
            {
                "id": import_id,
                "reason": reason,
                "rows": rows,
                "why": result.skip_reasons.get(reason, ""),
            },
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
