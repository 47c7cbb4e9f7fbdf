"""A profile, compiled to SQL over a reader's relation of text columns.

The result has `__row`, `__skip` (why a row is not a contact, else NULL), one
text column per canonical column the profile produces (the value as the
source wrote it, after renames, joins and value maps: what a rejected row
shows), and `__typed_<column>` where the profile says how to read the value
(a timestamp format, a unit, boolean words). `validate.staging_select` then
applies the canonical rules to it, as to any canonical file. Values from the
profile reach the SQL only as bound parameters; names only through
`quote_identifier`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parity import schema
from parity.importers.canonical import normalise_name
from parity.importers.profiles import ISO, UNITS, ColumnSpec, Condition, Profile, ProfileError
from parity.importers.rebuild import Params, Rebuild, registry
from parity.schema import Kind
from parity.sql import quote_identifier as qi

_OFFSET = r"(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$"


@dataclass(frozen=True, slots=True)
class Compiled:
    sql: str
    params: dict[str, object]
    columns: tuple[str, ...]  # canonical columns produced, in schema order
    typed: frozenset[str]  # those with a `__typed_<column>`
    reasons: dict[str, str]  # skip reason → why
    unused: tuple[str, ...]  # header columns the profile does not read


class _Names:
    """Resolves a profile's column names against the header (leniently) and the rebuild's."""

    def __init__(self, header: Sequence[str], produced: Sequence[str]) -> None:
        self.header: dict[str, str] = {}
        for name in header:
            self.header.setdefault(normalise_name(name), name)
        self.produced = {normalise_name(p): p for p in produced}
        self.used: set[str] = set()

    def has(self, name: str) -> bool:
        key = normalise_name(name)
        return key in self.produced or key in self.header

    def __call__(self, name: str) -> str:
        key = normalise_name(name)
        if key in self.produced:
            return qi(self.produced[key])
        if key not in self.header:
            raise ProfileError(f"column '{name}' is not in the header")
        self.used.add(self.header[key])
        return qi(self.header[key])


def compile_profile(
    profile: Profile, source: str, header: Sequence[str], *, engine_error: bool
) -> Compiled:
    params = Params()
    rebuild = registry()[profile.rebuild] if profile.rebuild else None
    names = _Names(header, rebuild.produces if rebuild else ())
    base = _base(source, rebuild, profile, names, params, engine_error=engine_error)
    specs = _usable(profile, names)
    skip = "__skip"
    if profile.skips:
        cases = " ".join(
            f"WHEN {_all(rule.when, names, params)} THEN {params.bind(rule.reason)}"
            for rule in profile.skips
        )
        skip = f"coalesce(__skip, CASE {cases} END)"
    items = ["__row", *(["__engine_error", "__engine_value"] if engine_error else [])]
    items.append(f"{skip} AS __skip")
    items += [f"{_text(spec, names, params)} AS {qi(spec.target)}" for spec in specs.values()]
    typed = {
        target: expr
        for target, spec in specs.items()
        if (expr := _typed(spec, specs, profile, params)) is not None
    }
    extra = "".join(f", {expr} AS {qi('__typed_' + t)}" for t, expr in typed.items())
    mapped = f"SELECT {', '.join(items)} FROM ({base}) AS base"
    reasons = {r.reason: r.why for r in profile.skips}
    if rebuild:
        reasons.update(rebuild.reasons)
    return Compiled(
        sql=f"SELECT *{extra} FROM ({mapped}) AS mapped",
        params=params.values,
        columns=tuple(specs),
        typed=frozenset(typed),
        reasons=reasons,
        unused=tuple(h for h in header if h not in names.used),
    )


def _base(
    source: str,
    rebuild: Rebuild | None,
    profile: Profile,
    names: _Names,
    params: Params,
    *,
    engine_error: bool,
) -> str:
    """The source relation with `__skip`, reshaped by the rebuild module if any."""
    if rebuild is None:
        return f"SELECT *, CAST(NULL AS VARCHAR) AS __skip FROM ({source})"
    clean = f"SELECT * FROM ({source}) WHERE __engine_error IS NULL" if engine_error else source
    rebuilt = rebuild.select(clean, names, profile.rebuild_options, params)
    if not engine_error:
        return rebuilt
    broken = (
        f"SELECT *, CAST(NULL AS VARCHAR) AS __skip FROM ({source}) "
        "WHERE __engine_error IS NOT NULL"
    )
    return f"({rebuilt}) UNION ALL BY NAME ({broken})"


def _usable(profile: Profile, names: _Names) -> dict[str, ColumnSpec]:
    """The column specs whose source columns exist, in schema order; optional ones may drop."""
    specs: dict[str, ColumnSpec] = {}
    for column in schema.COLUMNS:
        spec = profile.columns.get(column.name)
        if spec is None:
            continue
        missing = [c for c in sorted(spec.raw_columns()) if not names.has(c)]
        if missing and spec.optional:
            continue
        if missing:
            raise ProfileError(
                f"profile '{profile.name}' needs column '{missing[0]}' for {spec.target}"
            )
        specs[column.name] = spec
    for target, spec in list(specs.items()):
        if spec.after is not None and spec.after not in specs:
            del specs[target]  # counted from a column that is absent
    return specs


def _condition(cond: Condition, names: _Names, params: Params) -> str:
    value = f"nullif(trim({names(cond.column)}), '')"
    if cond.op == "present":
        return f"({value} IS NOT NULL)"
    if cond.op == "absent":
        return f"({value} IS NULL)"
    words = params.bind(list(cond.values), "::VARCHAR[]")
    test = f"coalesce(list_contains({words}, lower({value})), false)"
    return test if cond.op == "in" else f"(NOT {test})"


def _all(conditions: Sequence[Condition], names: _Names, params: Params) -> str:
    return "(" + " AND ".join(_condition(c, names, params) for c in conditions) + ")"


def _text(spec: ColumnSpec, names: _Names, params: Params) -> str:
    """The value as text: renames, joins, constants, flags, value maps, conditions."""
    if spec.value is not None:
        expr = f"CAST({params.bind(spec.value)} AS VARCHAR)"
    elif spec.when_all:
        yes, no = ("'true'", "'false'") if spec.kind is Kind.BOOLEAN else ("'1'", "'0'")
        expr = f"CASE WHEN {_all(spec.when_all, names, params)} THEN {yes} ELSE {no} END"
    else:
        never = (
            params.bind([v.strip().lower() for v in spec.null_values], "::VARCHAR[]")
            if spec.null_values
            else None
        )
        parts = []
        for source in spec.sources:
            part = f"nullif(trim({names(source)}), '')"
            if never is not None:
                part = f"CASE WHEN list_contains({never}, lower({part})) THEN NULL ELSE {part} END"
            parts.append(part)
        if spec.combine == "join":
            expr = " || ' ' || ".join(parts)
        elif spec.combine == "first_of":
            expr = f"coalesce({', '.join(parts)})"
        else:
            expr = parts[0]
    if spec.mapping is not None:
        table = (
            f"map({params.bind(list(spec.mapping), '::VARCHAR[]')}, "
            f"{params.bind(list(spec.mapping.values()), '::VARCHAR[]')})"
        )
        fallback = params.bind(spec.default, "::VARCHAR") if spec.default is not None else expr
        expr = (
            f"nullif(CASE WHEN {expr} IS NULL THEN NULL ELSE coalesce("
            f"map_extract_value({table}, lower({expr})), {fallback}) END, '')"
        )
    if spec.if_empty is not None:
        expr = f"coalesce({expr}, {params.bind(spec.if_empty, '::VARCHAR')})"
    if spec.only_if:
        expr = f"CASE WHEN {_all(spec.only_if, names, params)} THEN {expr} END"
    return expr


def _typed(
    spec: ColumnSpec, specs: dict[str, ColumnSpec], profile: Profile, params: Params
) -> str | None:
    """The typed value where the profile says how to read the text; None: canonical parsing."""
    value = qi(spec.target)
    if spec.kind is Kind.TIMESTAMP:
        if spec.after is not None:
            start = _stamp(specs[spec.after], profile, params)
            seconds = f"TRY_CAST({value} AS DOUBLE) * {UNITS[spec.unit or 'seconds']!r}"
            return f"{start} + to_microseconds(CAST(round({seconds} * 1000000) AS BIGINT))"
        if not spec.formats and not profile.timezone:
            return None  # ISO 8601 in the configured time zone: canonical parsing
        return _stamp(spec, profile, params)
    if spec.kind is Kind.DURATION and spec.unit is not None:
        return f"TRY_CAST({value} AS DOUBLE) * {UNITS[spec.unit]!r}"
    if spec.kind is Kind.BOOLEAN and spec.nonzero:
        return f"TRY_CAST({value} AS DOUBLE) <> 0"
    if spec.kind is Kind.BOOLEAN and (spec.true_words or spec.false_words):
        yes = params.bind(list(spec.true_words), "::VARCHAR[]")
        no = params.bind(list(spec.false_words), "::VARCHAR[]")
        other = "NULL" if spec.otherwise is None else str(spec.otherwise).upper()
        return (
            f"CASE WHEN {value} IS NULL THEN NULL WHEN list_contains({yes}, lower({value})) "
            f"THEN true WHEN list_contains({no}, lower({value})) THEN false ELSE {other} END"
        )
    return None


def _stamp(spec: ColumnSpec, profile: Profile, params: Params) -> str:
    value = qi(spec.target)
    zone = params.bind(profile.timezone) if profile.timezone else None

    def local(naive: str) -> str:
        return f"timezone({zone}, {naive})" if zone else f"CAST({naive} AS TIMESTAMPTZ)"

    iso = (
        f"CASE WHEN regexp_matches({value}, '{_OFFSET}') THEN TRY_CAST({value} AS TIMESTAMPTZ) "
        f"ELSE {local(f'TRY_CAST({value} AS TIMESTAMP)')} END"
    )
    if not spec.formats:
        return iso
    parts = []
    zoned = [f for f in spec.formats if "%z" in f]
    naive = [f for f in spec.formats if f not in zoned and f != ISO]
    if zoned:
        fmts = params.bind(zoned, "::VARCHAR[]")
        parts.append(f"CAST(try_strptime({value}, {fmts}) AS TIMESTAMPTZ)")
    if naive:
        fmts = params.bind(naive, "::VARCHAR[]")
        parts.append(local(f"CAST(try_strptime({value}, {fmts}) AS TIMESTAMP)"))
    if ISO in spec.formats:
        parts.append(iso)
    return parts[0] if len(parts) == 1 else f"coalesce({', '.join(parts)})"
