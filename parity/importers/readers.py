"""Readers: a file on disk → a DuckDB relation of text columns, every record accounted for.

Each reader returns the SQL of that relation (column `__row` numbers the rows
DuckDB returns, in file order), the header, the independent counts, and the
records the engine itself could not split. `resolve_lines` later maps a
`__row` back to the physical lines of the original file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import numpy.typing as npt

from parity import errors
from parity.engine_errors import describe
from parity.errors import InputFileError
from parity.importers import reasons
from parity.importers.scan import (
    BOMS,
    Fingerprint,
    RecordIndex,
    fingerprint,
    index_records,
    survey,
)
from parity.importers.textfile import Dialect, HeaderScore, TextFile, prepare, sniff
from parity.sql import quote_identifier as qi

CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
SUPPORTED = CSV_SUFFIXES | PARQUET_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True, slots=True)
class EngineReject:
    row_record: int  # 1-based record number
    line: int
    line_end: int
    reason: str
    value: str | None
    detail: str


@dataclass(slots=True)
class RawRelation:
    """What a reader hands to validation."""

    fmt: str
    fingerprint: Fingerprint
    sql: str  # SELECT __row, <text columns> [, __engine_error, __engine_value]
    params: dict[str, object]
    header: tuple[str, ...]
    header_line: int | None
    rows_read: int  # records after the header, counted independently of DuckDB
    rows_skipped: int  # blank and preamble records
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    engine_error: bool = False  # `sql` carries __engine_error / __engine_value
    # a statement (with `params`) filling the temporary table `sql` reads, run first;
    # the table is dropped once the rows are staged
    prepare: str | None = None
    table: str | None = None
    # the same rows read straight from the file with `params`, `__row` NULL: staging that
    # needs no row numbers until its rows are stored numbers them itself, by the staged
    # table's rowid (pipeline._stage), instead of writing every raw value to `table` first
    direct: str | None = None
    expected_rows: int | None = None  # rows DuckDB must return, when known before reading
    blank_edges: bool = True  # a value may begin or end with a blank (scan.RecordIndex)
    rejects: list[EngineReject] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    lines_of: Callable[
        [npt.NDArray[np.int64]], tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
    ] = lambda rows: (rows, rows)
    finish: Callable[[duckdb.DuckDBPyConnection, int], None] = lambda con, n: None


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files named, and the supported files inside directories named (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED
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


def format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    raise InputFileError(errors.UNSUPPORTED_FORMAT.format(file=path))


def unique_names(header: tuple[str, ...]) -> list[str]:
    """Header names made unique and non-empty, so DuckDB accepts them as column names."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for i, name in enumerate(header, start=1):
        base = name if name else f"column_{i}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(base if n == 0 else f"{base}_{n + 1}")
    return out


# -- CSV ------------------------------------------------------------------------------------------


def _head_encoding(path: Path) -> str | None:
    """What the first bytes say: a UTF-16 byte-order mark (None), else UTF-8 or Latin-1."""
    with path.open("rb") as fh:
        head = fh.read(64 * 1024)
    for mark, name in BOMS:
        if head.startswith(mark):
            return None if name.startswith("utf-16") else "utf-8"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut at the end of the head
            return "latin-1"
    return "utf-8"


def survey_text(
    path: Path, workdir: Path, score: HeaderScore, *, quoting: bool
) -> tuple[Fingerprint, TextFile, Dialect | None, RecordIndex]:
    """Fingerprint, readable text, dialect and record index, in as few passes as possible.

    The usual file (UTF-8 or Latin-1, one kind of line end) takes one pass:
    the dialect comes from the head, then one survey hashes, checks and
    indexes. Only a file that must be rewritten first (UTF-16, mixed or stray
    line ends) is surveyed again after the rewrite.
    """
    guess = _head_encoding(path)
    dialect: Dialect | None = None
    if guess is not None:
        provisional = TextFile(path, path, guess, "\n")
        dialect = sniff(provisional, score) if quoting else None
        delimiter = dialect.delimiter if dialect else "\x00"
        found = survey(path, delimiter=delimiter, quoting=quoting)
        fp, index = found.fingerprint, found.index
        text = prepare(path, fp, workdir)
        if text.path == path and text.newline == "\n":
            return fp, text, dialect, index
    else:
        fp = fingerprint(path)
        text = prepare(path, fp, workdir)
    dialect = sniff(text, score) if quoting else None
    delimiter = dialect.delimiter if dialect else "\x00"
    index = index_records(text.path, delimiter=delimiter, newline=text.newline, quoting=quoting)
    return fp, text, dialect, index


def read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    workdir: Path,
    score: HeaderScore,
    tag: str,
) -> RawRelation:
    fp, text, found, index = survey_text(path, workdir, score, quoting=True)
    assert found is not None
    dialect = found
    names = unique_names(dialect.header)
    header_start = index.start_line(dialect.header_record)
    rejects_table = f"__rejects_{tag}"
    for table in (rejects_table, f"__scans_{tag}"):  # DuckDB appends to tables left by an
        con.execute(f"DROP TABLE IF EXISTS {qi(table)}")  # earlier import on this connection
    params: dict[str, object] = {
        "path": str(text.path),
        "columns": dict.fromkeys(names, "VARCHAR"),
        "delim": dialect.delimiter,
        "skip": header_start - 1,
        "encoding": text.encoding,
        "rejects_table": rejects_table,
        "rejects_scan": f"__scans_{tag}",
    }
    select = ", ".join(qi(n) for n in names)
    # The rows are numbered by the table they are read into, not by row_number() OVER ():
    # that streaming window runs on one thread, and with it every check of validation
    # after it. The table is filled in file order (DuckDB preserves insertion order), so
    # rowid + 1 is the record's number among the rows DuckDB returns. Canonical staging
    # reads `direct` instead and numbers its own table the same way: writing every raw
    # value to a table first cost a third of a report on files (7 s of 22 s at 10 M).
    table = f"__raw_{tag}"
    read = (
        "read_csv($path, columns = $columns, auto_detect = false, header = true, delim = $delim, "
        "quote = '\"', escape = '\"', skip = $skip, encoding = $encoding, strict_mode = true, "
        "store_rejects = true, rejects_table = $rejects_table, rejects_scan = $rejects_scan, "
        "null_padding = false)"
    )
    prepare = f"CREATE OR REPLACE TEMP TABLE {qi(table)} AS SELECT {select} FROM {read}"
    sql = f"SELECT rowid + 1 AS __row, {select} FROM {qi(table)}"
    data_blank = index.blank[dialect.header_record :]
    skipped = {"preamble": dialect.header_record - 1, "blank_line": int(data_blank.sum())}
    relation = RawRelation(
        fmt="csv",
        fingerprint=fp,
        sql=sql,
        params=params,
        prepare=prepare,
        table=table,
        direct=f"SELECT CAST(NULL AS BIGINT) AS __row, {select} FROM {read}",
        header=tuple(names),
        header_line=header_start,
        rows_read=index.count - 1,
        rows_skipped=sum(skipped.values()),
        skipped_by_reason={k: v for k, v in skipped.items() if v},
        encoding=text.described_encoding,
        delimiter=dialect.delimiter,
        notes=list(text.notes),
        blank_edges=index.blank_edges,
    )
    if dialect.header_record > 1:
        relation.notes.append(f"{dialect.header_record - 1} preamble line(s) before the header")
    _attach_csv_reconciliation(relation, index, dialect, rejects_table, path)
    return relation


def _attach_csv_reconciliation(
    relation: RawRelation, index: RecordIndex, dialect: Dialect, rejects_table: str, path: Path
) -> None:
    """After DuckDB has read the file: collect its rejects, check every record is accounted for."""
    state: dict[str, npt.NDArray[np.int64]] = {}

    def finish(con: duckdb.DuckDBPyConnection, returned: int) -> None:
        rows = con.execute(
            f"SELECT line, list(error_type::VARCHAR ORDER BY column_idx NULLS FIRST), "
            f"first(csv_line), first(error_message) FROM {qi(rejects_table)} "
            "GROUP BY line ORDER BY line"
        ).fetchall()
        rejected = np.array(
            [int(r[0]) for r in rows if int(r[0]) > dialect.header_record], dtype=np.int64
        )
        for line, kinds, csv_line, message in rows:
            record = int(line)
            if record <= dialect.header_record:
                continue
            start, end = index.span(min(record, index.count))
            slug = reasons.ENGINE_ERRORS.get(kinds[0], "malformed_row")
            if index.unterminated_quote and record == index.count and kinds[0] == "UNQUOTED VALUE":
                slug = "unterminated_quote"
            relation.rejects.append(
                EngineReject(record, start, end, slug, csv_line, _engine_detail(kinds[0], message))
            )
        first = dialect.header_record + 1  # the first data record
        keep = ~index.blank[dialect.header_record :]
        if rejected.size:
            keep &= ~np.isin(np.arange(first, index.count + 1, dtype=np.int64), rejected)
        if int(np.count_nonzero(keep)) != returned:
            raise InputFileError(
                errors.UNRECONCILED.format(
                    file=path, engine=returned + len(relation.rejects), counted=int(keep.size)
                )
            )
        # the record of each returned row; none kept when they follow the header without a
        # gap, as they usually do (80 MB at ten million rows, held for the whole report)
        if not keep.all():
            state["good"] = np.flatnonzero(keep).astype(np.int64) + first
        state["first"] = np.array([first], dtype=np.int64)

    def lines_of(
        rows: npt.NDArray[np.int64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        good = state.get("good")
        records = good[rows - 1] if good is not None else rows - 1 + state["first"]
        ends = index.end_line[records - 1]
        starts = np.where(records > 1, index.end_line[np.maximum(records - 2, 0)] + 1, 1)
        return starts.astype(np.int64), ends.astype(np.int64)

    relation.finish = finish
    relation.lines_of = lines_of


def _engine_detail(kind: str, message: str | None) -> str:
    """A description of a reader error that quotes no data (engine messages can)."""
    text = (message or "").strip()
    if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS") and text.startswith("Expected Number"):
        return text.split("\n")[0].lower()
    return {
        "UNQUOTED VALUE": "a quote closes a field that goes on, or never closes",
        "INVALID ENCODING": "invalid bytes for the file's encoding",
        "LINE SIZE OVER MAXIMUM": "the record is longer than the reader's maximum line size",
    }.get(kind, kind.lower())


# -- Parquet --------------------------------------------------------------------------------------


def read_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> RawRelation:
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic != b"PAR1":
        raise InputFileError(
            errors.UNREADABLE.format(file=path, what="Parquet", reason="no Parquet magic bytes")
        )
    try:
        described = con.execute(
            "DESCRIBE SELECT * FROM read_parquet($p)", {"p": str(path)}
        ).fetchall()
        count_row = con.execute(
            "SELECT sum(row_group_num_rows) FROM (SELECT DISTINCT row_group_id, row_group_num_rows "
            "FROM parquet_metadata($p))",
            {"p": str(path)},
        ).fetchone()
    except duckdb.Error as exc:
        raise InputFileError(
            errors.UNREADABLE.format(file=path, what="Parquet", reason=describe(exc))
        ) from exc
    names = tuple(str(r[0]) for r in described)
    select = ", ".join(f"CAST({qi(n)} AS VARCHAR) AS {qi(n)}" for n in names)
    rows = int(count_row[0] or 0) if count_row else 0
    return RawRelation(
        fmt="parquet",
        fingerprint=fingerprint(path),
        sql=(
            f"SELECT file_row_number + 1 AS __row, {select} "
            "FROM read_parquet($path, file_row_number = true)"
        ),
        params={"path": str(path)},
        header=names,
        header_line=None,
        rows_read=rows,
        rows_skipped=0,
        expected_rows=rows,
    )
