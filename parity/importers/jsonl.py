"""The JSON Lines reader: one object per line, nested objects flattened into dotted columns,
every line accounted for (a line that is not a JSON object is rejected, not dropped)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import numpy.typing as npt

from parity import errors
from parity.engine_errors import describe
from parity.errors import InputFileError
from parity.importers.readers import RawRelation, survey_text
from parity.sql import quote_identifier as qi

JSON_SAMPLE = 1000  # lines whose keys make the columns
JSON_DEPTH = 3  # nested objects are flattened this deep: Agent.RoutingProfile.Name


def _json_fields(
    con: duckdb.DuckDBPyConnection, sample: str, params: dict[str, object]
) -> list[tuple[str, str]]:
    """(column name, JSON pointer) of every key in the sample, nested objects flattened.

    A key whose value is an object gives a column (its JSON text) and one
    column per key inside it, named with dots (`Agent.Username`), as a
    vendor's flat CSV export of the same records names them.
    """
    fields: dict[str, str] = {}
    level: dict[str, str] = {"$": ""}  # pointer of an object to open → its column name
    for _ in range(JSON_DEPTH):
        rows = con.execute(
            f"WITH s AS ({sample}), p AS (SELECT unnest($__paths::VARCHAR[]) AS ptr) "
            "SELECT DISTINCT ptr, unnest(json_keys(json_extract(doc, ptr))) AS k FROM s, p "
            "WHERE json_type(json_extract(doc, ptr)) = 'OBJECT' ORDER BY ptr, k",
            {**params, "__paths": list(level)},
        ).fetchall()
        opened, level = level, {}
        for ptr, key in rows:
            parent = opened[str(ptr)]
            name = f"{parent}.{key}" if parent else str(key)
            pointer = ("" if ptr == "$" else str(ptr)) + "/" + _escape(str(key))
            if name not in fields:
                fields[name] = pointer
                level[pointer] = name
        if not level:
            break
    return list(fields.items())


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def read_jsonl(
    con: duckdb.DuckDBPyConnection, path: Path, workdir: Path, tag: str = "0"
) -> RawRelation:
    fp, text, _, index = survey_text(path, workdir, lambda header: 0, quoting=False)
    read = (
        "read_csv($path, columns = {'line': 'VARCHAR'}, "
        "auto_detect = false, header = false, delim = '\x1f', quote = '', escape = '', "
        "encoding = $encoding, strict_mode = true, store_rejects = true, "
        "rejects_table = $rejects_table, rejects_scan = $rejects_scan)"
    )
    params: dict[str, object] = {
        "path": str(text.path),
        "encoding": text.encoding,
        "rejects_table": "__jsonl_rejects",
        "rejects_scan": "__jsonl_scans",
    }
    sample = (
        f"WITH l AS (SELECT line FROM {read} LIMIT {JSON_SAMPLE}), "
        "v AS (SELECT line FROM l WHERE json_valid(line)) "
        "SELECT line::JSON AS doc FROM v WHERE json_type(line::JSON) = 'OBJECT'"
    )
    try:
        fields = _json_fields(con, sample, params)
    except duckdb.Error as exc:
        raise InputFileError(
            errors.UNREADABLE.format(file=path, what="JSON Lines", reason=describe(exc))
        ) from exc
    keys = tuple(name for name, _ in fields)
    # Every value of a line from one parse of it: json_extract_string with the list of
    # pointers. One call per column parsed each line once per column (19 times for the
    # canonical schema), six times slower at a million lines.
    extract = [f"__values[{i + 1}] AS {qi(name)}" for i, (name, _) in enumerate(fields)]
    columns = ", ".join(extract) + ", " if extract else ""
    values = "NULL::VARCHAR[]"  # no keys in the sample: no columns
    if fields:
        params["pointers"] = [pointer for _, pointer in fields]
        values = "CASE WHEN __obj THEN json_extract_string(line, $pointers) END"
    # Lines are numbered by the table they are read into, in file order (as the CSV
    # reader's rows are, parity.importers.readers): row_number() OVER () would run the
    # read, and every check of validation after it, on one thread.
    table = f"__jsonl_lines_{tag}"
    prepare = f"CREATE OR REPLACE TEMP TABLE {qi(table)} AS SELECT line FROM {read}"
    sql = (
        f"WITH l AS (SELECT rowid + 1 AS __row, line FROM {qi(table)}), "
        "j AS (SELECT __row, line, json_valid(line) AS __valid FROM l), "
        "o AS (SELECT *, CASE WHEN __valid THEN json_type(line::JSON) = 'OBJECT' ELSE false END "
        "AS __obj FROM j), "
        f"v AS (SELECT *, {values} AS __values FROM o) "
        f"SELECT __row, {columns}"
        "CASE WHEN NOT __valid THEN 'not valid JSON' WHEN NOT __obj THEN 'not a JSON object' END "
        "AS __engine_error, line AS __engine_value FROM v "
        "WHERE line IS NOT NULL AND line <> '\r'"
    )
    blank = int(index.blank.sum())
    relation = RawRelation(
        fmt="jsonl",
        fingerprint=fp,
        sql=sql,
        params=params,
        prepare=prepare,
        table=table,
        header=keys,
        header_line=None,
        rows_read=index.count,
        rows_skipped=blank,
        skipped_by_reason={"blank_line": blank} if blank else {},
        engine_error=True,
        encoding=text.described_encoding,
        notes=list(text.notes),
    )

    def lines_of(
        rows: npt.NDArray[np.int64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        ends = index.end_line[rows - 1]
        return ends.astype(np.int64), ends.astype(np.int64)

    def finish(con: duckdb.DuckDBPyConnection, returned: int) -> None:
        if returned + blank != index.count:
            raise InputFileError(
                errors.UNRECONCILED.format(file=path, engine=returned + blank, counted=index.count)
            )

    relation.lines_of = lines_of
    relation.finish = finish
    return relation
