"""Typing and validating raw text columns into canonical contact rows, in SQL.

The readers hand over a relation of text columns and a record number. One
statement parses every value (timestamps, durations, booleans…), checks the
rules of SPEC §2 and §7, and marks each row either valid or rejected with the
first reason from the catalog that applies, the column and the raw value.
Only identifiers produced by `quote_identifier` and bound parameters reach the
SQL: values from data or configuration are never formatted into it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parity import schema
from parity.schema import Kind
from parity.sql import quote_identifier as qi

# trim() alone strips spaces only: a value padded with a tab ("\ttrue") was not read
_BLANKS = "' ' || chr(9) || chr(10) || chr(13)"


def _blank_trimmed(value: str, *, trim: bool = True) -> str:
    """`value` without leading and trailing blanks, NULL when nothing is left. Without `trim`
    (the reader vouches that no value begins or ends with a blank: `RecordIndex.blank_edges`)
    only the empty value (a quoted "") becomes NULL. trim() with a
    set of characters costs as much as reading the file, so it runs only on the values that
    begin or end with a character at or below a space (or are empty): a value whose first
    and last characters are above it has nothing to trim. `v >= '!'` compares bytes, so it
    holds exactly when the first character is above a space (a UTF-8 lead byte is above
    '!' too), and `v[-1]` is the last character: together 1.2 s less than ascii() and
    right() for the 19 columns of ten million rows."""
    if not trim:
        return f"nullif({value}, '')"
    return (
        f"CASE WHEN {value} >= '!' AND {value}[-1] >= '!' THEN {value} "
        f"ELSE nullif(trim({value}, {_BLANKS}), '') END"
    )


# minutes and seconds of a clock below 60; the leading field is unbounded (125:30 is 2 h 5 min 30 s)
_DURATION_HMS = r"^-?\d+:[0-5]?\d:[0-5]?\d(\.\d+)?$"
_DURATION_MS = r"^-?\d+:[0-5]?\d(\.\d+)?$"


@dataclass(frozen=True, slots=True)
class Check:
    condition: str
    reason: str
    column: str
    value: str  # SQL expression of the offending raw value
    detail: str = "NULL"  # SQL expression of a further explanation


def key_block(key: bytes) -> bytes:
    """The 64-byte secret block that prefixes every identifier before hashing.

    A pseudonym is SHA-256(block ‖ identifier): a keyed hash (it is the inner
    hash of HMAC-SHA256). Without the key nobody can compute the pseudonym of a
    known identifier or test a guess. HMAC's outer hash guards message
    authentication codes against length extension; pseudonyms are never
    verified as codes, and an extended input would be an identifier ending in
    SHA-256 padding bytes, which no customer key does. One hash instead of two
    halves the cost of the busiest column of an import (docs/data-integrity.md).
    """
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    return bytes(b ^ 0x36 for b in key.ljust(64, b"\0"))


def pseudonym(block: bytes, identifier: str) -> str:
    """The pseudonym of `identifier`, as the SQL computes it (for tests and tools)."""
    return hashlib.sha256(block + identifier.encode("utf-8")).hexdigest()[:24]


def _raw(col: str) -> str:
    return qi(f"__v_{col}")


def _parsed(col: str) -> str:
    return qi(f"__p_{col}")


def _parse_expr(kind: Kind, v: str) -> str | None:
    """SQL parsing the trimmed text `v` for a column of `kind` (None: keep the text)."""
    if kind is Kind.TIMESTAMP:
        # DuckDB also casts 'epoch' and 'infinity'; an ISO 8601 timestamp starts with a digit
        return f"CASE WHEN left({v}, 1) BETWEEN '0' AND '9' THEN TRY_CAST({v} AS TIMESTAMPTZ) END"
    if kind is Kind.DURATION:
        parts = f"string_split(ltrim({v}, '-'), ':')"
        clock = (
            f"CASE len({parts}) WHEN 3 THEN TRY_CAST({parts}[1] AS DOUBLE) * 3600 "
            f"+ TRY_CAST({parts}[2] AS DOUBLE) * 60 + TRY_CAST({parts}[3] AS DOUBLE) "
            f"ELSE TRY_CAST({parts}[1] AS DOUBLE) * 60 + TRY_CAST({parts}[2] AS DOUBLE) END"
        )
        # plain seconds first: the clock formats' patterns only run on what is not a number
        return (
            f"coalesce(TRY_CAST({v} AS DOUBLE), CASE WHEN regexp_full_match({v}, "
            f"'{_DURATION_HMS}') OR regexp_full_match({v}, '{_DURATION_MS}') "
            f"THEN (CASE WHEN starts_with({v}, '-') THEN -1 ELSE 1 END) * ({clock}) END)"
        )
    if kind in (Kind.COUNT, Kind.AMOUNT, Kind.SCORE):
        return f"TRY_CAST({v} AS DOUBLE)"
    if kind is Kind.BOOLEAN:
        # one comparison per word, not `IN (…)` nor `list_contains`: DuckDB 2.0 plans a list of
        # constants as a join, which gives up the file order the staged rows' numbers (and so
        # every reject's line) rely on (memory_view.row_number)
        words = [(w, "true") for w in schema.TRUE_WORDS] + [
            (w, "false") for w in schema.FALSE_WORDS
        ]
        return f"CASE lower({v}) " + " ".join(f"WHEN '{w}' THEN {b}" for w, b in words) + " END"
    if kind is Kind.CHANNEL:
        return (
            f"coalesce(map_extract_value(map($alias_from::VARCHAR[], $alias_to::VARCHAR[]), "
            f"lower({v})), lower({v}))"
        )
    if kind is Kind.PSEUDONYM:
        return f"substr(sha256($key_block || encode({v})), 1, 24)"
    return None


def _checks(columns: Sequence[str], *, engine_error: bool) -> list[Check]:
    """Every rule, in the order they are applied; the first that fails is the reason."""
    checks: list[Check] = []
    if engine_error:
        checks.append(
            Check(
                "__engine_error IS NOT NULL",
                "malformed_row",
                "row",
                "__engine_value",
                "__engine_error",
            )
        )
    present = set(columns)
    for name in schema.REQUIRED:
        checks.append(Check(f"{_raw(name)} IS NULL", "missing_value", name, "NULL"))
    for col in schema.COLUMNS:
        if col.name not in present:
            continue
        v, p = _raw(col.name), _parsed(col.name)
        bad = f"{v} IS NOT NULL AND {p} IS NULL"
        if col.kind is Kind.TIMESTAMP:
            checks.append(Check(bad, "bad_timestamp", col.name, v))
            checks.append(
                Check(
                    f"{p} < TIMESTAMPTZ '1970-01-01 00:00:00+00' "
                    f"OR {p} >= TIMESTAMPTZ '2200-01-01 00:00:00+00'",
                    "timestamp_out_of_range",
                    col.name,
                    v,
                )
            )
        elif col.kind is Kind.DURATION:
            checks.append(Check(f"{bad} OR NOT isfinite({p})", "bad_duration", col.name, v))
            checks.append(Check(f"{p} < 0", "negative_duration", col.name, v))
        elif col.kind is Kind.COUNT:
            checks.append(
                Check(
                    f"{bad} OR NOT isfinite({p}) OR {p} < 0 OR {p} <> floor({p}) "
                    f"OR {p} >= 2147483648",
                    "bad_count",
                    col.name,
                    v,
                )
            )
        elif col.kind is Kind.AMOUNT:
            checks.append(Check(f"{bad} OR NOT isfinite({p})", "bad_number", col.name, v))
            checks.append(Check(f"{p} < 0", "negative_number", col.name, v))
        elif col.kind is Kind.SCORE:
            checks.append(Check(f"{bad} OR NOT isfinite({p})", "bad_number", col.name, v))
            checks.append(Check(f"{p} < 1 OR {p} > 5", "score_out_of_range", col.name, v))
        elif col.kind is Kind.BOOLEAN:
            checks.append(Check(bad, "bad_boolean", col.name, v))
    created = _parsed("created_at")
    for name, reason in (
        ("first_response_at", "response_before_creation"),
        ("resolved_at", "resolution_before_creation"),
        ("abandoned_at", "abandonment_before_creation"),
    ):
        if name in present:
            checks.append(Check(f"{_parsed(name)} < {created}", reason, name, _raw(name)))
    return checks


def _final_expr(col: schema.Column) -> str:
    p = _parsed(col.name)
    if col.kind is Kind.COUNT:
        return f"TRY_CAST({p} AS INTEGER)"  # a rejected row may hold any number
    if _parse_expr(col.kind, "x") is None:
        return _raw(col.name)
    return p


def staging_select(
    source: str,
    mapping: Mapping[str, str],
    *,
    channel_constant: bool,
    engine_error: bool = False,
    typed: frozenset[str] = frozenset(),
    skip: bool = False,
    trim: bool = True,
) -> str:
    """SQL turning `source` (text columns + `__row`) into typed rows with a verdict.

    `mapping` maps canonical column names to column names of `source`. With
    `channel_constant` the channel is the bound parameter `$channel` instead.
    With `engine_error`, `source` also has `__engine_error` (why the reader
    could not split the record; NULL when it could) and `__engine_value`.
    For the columns in `typed`, `source` also has `__typed_<column>`, the value
    already parsed by a profile, used instead of the canonical parsing. With
    `skip`, `source` has `__skip`: a row with a skip reason is not a contact
    and gets no verdict. Output columns: `__row`, every canonical column (NULL
    when absent), `__verdict` ({reason, column, value, detail}, NULL for a
    valid row) and `__skip`. Without `trim` the values of `source` are taken to have no
    blank at either end (`_blank_trimmed`).
    """
    columns = list(mapping)
    if channel_constant and "channel" not in columns:
        columns.append("channel")
    raw_items = ["__row"]
    if engine_error:
        raw_items += ["__engine_error", "__engine_value"]
    raw_items.append("__skip" if skip else "CAST(NULL AS VARCHAR) AS __skip")
    raw_items += [qi(f"__typed_{name}") for name in columns if name in typed]
    for name in columns:
        if name == "channel" and channel_constant:
            raw_items.append(f"lower(trim($channel)) AS {_raw(name)}")
        else:
            raw_items.append(f"{_blank_trimmed(qi(mapping[name]), trim=trim)} AS {_raw(name)}")
    parsed_items = ["*"]
    for name in columns:
        expr = _parse_expr(schema.BY_NAME[name].kind, _raw(name))
        if name in typed:
            expr = qi(f"__typed_{name}")
        if expr is not None:
            parsed_items.append(f"{expr} AS {_parsed(name)}")
    checks = _checks(columns, engine_error=engine_error)
    verdict = "CASE WHEN __skip IS NOT NULL THEN NULL " + " ".join(
        f"WHEN {c.condition} THEN {{'reason': '{c.reason}', 'column': '{c.column}', "
        f"'value': CAST({c.value} AS VARCHAR), 'detail': CAST({c.detail} AS VARCHAR)}}"
        for c in checks
    )
    verdict += " END"
    out = ["__row"]
    for col in schema.COLUMNS:
        if col.name in columns:
            out.append(f"{_final_expr(col)} AS {col.name}")
        else:
            out.append(f"CAST(NULL AS {col.sql_type}) AS {col.name}")
    # One struct column, NULL for a valid row: taking its four fields apart here
    # made DuckDB evaluate the whole chain of checks four times (40 % of an import).
    out += ["__verdict", "__skip"]
    nl = ",\n    "
    return (
        f"WITH raw AS (SELECT {nl.join(raw_items)} FROM ({source})),\n"
        f"parsed AS (SELECT {nl.join(parsed_items)} FROM raw),\n"
        f"judged AS (SELECT *, {verdict} AS __verdict FROM parsed)\n"
        f"SELECT {nl.join(out)} FROM judged"
    )
